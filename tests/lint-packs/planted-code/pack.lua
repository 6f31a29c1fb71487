-- A planted defect for `medrule lint`: a code the fact does not declare,
-- which the loader rejects.  Fictional: not clinical advice.
pack {
  id = "planted-code", version = "0.1.0", title = "lint test: undeclared code",
  source = { document = "Planted 2024", citation = "Planted source text, fictional." },
  evidence = { scale = "test", grades = { "A", "B", "C" }, certainties = { "high", "moderate", "low" } },
}

fact { "history.liver_disease", type = "code", values = { "none", "mild", "moderate", "severe" } }

-- PLANTED: "end_stage" is not a code of history.liver_disease
rule {
  id = "planted.contraindication.liver", category = "contraindication", action = "avoid",
  grade = "C", certainty = "low",
  when = [[ history.liver_disease in ["severe", "end_stage"] ]],
  text = "Severe liver disease: avoid ketamine.",
  source = { section = "Question 1", quote = "Ketamine is not supported for patients with liver disease" },
}
