pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local f = { "c.code", type = "code", values = { "x", "y" } }
fact(f)
f.values[1] = {}
