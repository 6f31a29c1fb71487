pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local r = { id = "sb.fn_view_iterator", reads = { "a.b" }, category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" },
  when = function(f) return NEXT_KEY() ~= nil end }
rule(r)
-- an iterator over a sealed declaration, made at load time, keeps its place
NEXT_KEY = pairs(r.source)
