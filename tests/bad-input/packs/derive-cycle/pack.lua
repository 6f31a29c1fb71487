pack { id = "broken", version = "1.0.0", title = "broken pack", source = { document = "d" },
       evidence = { scale = "demo scale", grades = { "A", "B" }, certainties = { "low", "high" } } }
fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 } }
fact { "patient.pregnant", type = "boolean" }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "severe" } }
fact { "a.x", type = "number", derive = "a.y + 1" }
fact { "a.y", type = "number", derive = "a.z * 2" }
fact { "a.z", type = "number", derive = "a.x - 1" }
