pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local p = { stop = { { category = "dosing", actions = { "caution" } } } }
policy(p)
p.stop[1].actions[1] = "not an action"
