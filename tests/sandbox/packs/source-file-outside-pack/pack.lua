pack { id = "sandbox", version = "1.0.0", title = "sandbox test",
       source = { document = "d", file = "../../../../../etc/passwd" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
