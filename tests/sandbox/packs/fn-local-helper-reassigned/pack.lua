pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local function helper(f) return f["a.b"] end
rule { id = "sb.fn_helper", reads = { "a.b" }, category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" },
  when = function(f) return helper(f) end }
-- after the check: a helper that counts calls
local calls = 0
helper = function() calls = calls + 1 return calls % 2 == 0 end
