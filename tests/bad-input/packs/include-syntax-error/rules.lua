-- rules
rule { id = "broken.r1" when = "patient.pregnant" }
