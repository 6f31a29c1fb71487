-- rules

rule { id = "broken.r1", when = "patient.weight > 5 mm[Hg]", category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
