pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
-- a table that holds itself as a key is refused after 12 levels of copies
fact { "a.b", type = "boolean" }
local k = {}
k[k] = true
rule { id = "sb.keys", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low",
       text = "t", source = { section = "s", quote = "q" }, [k] = 1 }
