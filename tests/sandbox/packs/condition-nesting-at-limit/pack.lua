-- the deepest parentheses the parser takes (its capture nesting): 21; one
-- more is refused (tests/bad-input: rule-parentheses-22)
pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
rule { id = "sb.parens", when = "(((((((((((((((((((((a.b)))))))))))))))))))))", category = "dosing", action = "caution",
       grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
