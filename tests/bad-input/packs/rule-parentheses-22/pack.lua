-- 22 nested parentheses: one more than the parser's capture nesting allows (21 load)
pack { id = "broken", version = "1.0.0", title = "broken pack", source = { document = "d" },
       evidence = { scale = "demo scale", grades = { "A", "B" }, certainties = { "low", "high" } } }
fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 } }
fact { "patient.pregnant", type = "boolean" }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "severe" } }
rule { id = "broken.r1", when = "((((((((((((((((((((((patient.pregnant))))))))))))))))))))))", category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
