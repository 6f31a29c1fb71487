fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 } }
fact { "patient.pregnant", type = "boolean" }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "severe" } }
