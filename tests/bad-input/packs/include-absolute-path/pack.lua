pack { id = "broken", version = "1.0.0", title = "broken pack", source = { document = "d" },
       evidence = { scale = "demo scale", grades = { "A", "B" }, certainties = { "low", "high" } } }
include "/etc/passwd"
