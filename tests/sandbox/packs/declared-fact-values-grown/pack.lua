pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local f = { "c.list", type = "codes", values = { "v1", "v2", "v3", "v4", "v5", "v6" } }
fact(f)
for i = 7, 100 do f.values[i] = "v" .. i end
rule { id = "sb.v6", when = '"v6" in c.list', category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
