pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local s = string.rep("a", 1 << 20)
s:find(string.rep("a", 1 << 19) .. "b", 1, true)
