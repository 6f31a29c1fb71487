pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local r = { id = "sb.retag", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
rule(r)
-- "a.b" becomes "not a.b": the rule would fire when a.b is false
r.when.tree.kids = { { tag = "fact", name = "a.b", s = 1, e = 4 } }
r.when.tree.tag = "not"
