pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
-- the copy of a declaration refuses a table of more than 100000 entries
local quotes = {}
for i = 1, 100001 do quotes[i] = "q" end
rule { id = "sb.big", when = "true", category = "dosing", action = "caution", grade = "A", certainty = "low",
       text = "t", source = { section = "s", quote = "q" }, judgment = { id = "J", note = "n", quotes = quotes } }
