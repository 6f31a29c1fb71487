pack { version = "1.0.0", title = "t", source = { document = "d" }, evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
