-- A planted defect for `medrule lint`: a grade outside the pack's evidence
-- scale, which the loader rejects.  Fictional: not clinical advice.
pack {
  id = "planted-grade", version = "0.1.0", title = "lint test: grade outside the scale",
  source = { document = "Planted 2024", citation = "Planted source text, fictional." },
  evidence = { scale = "test", grades = { "A", "B", "C" }, certainties = { "high", "moderate", "low" } },
}

fact { "pain.primary", type = "code", values = { "crps", "fibromyalgia", "headache", "other" } }

rule {
  id = "planted.indication.crps", category = "indication", action = "recommend",
  grade = "B", certainty = "moderate",
  when = [[ pain.primary == "crps" ]],
  text = "CRPS: ketamine infusions are supported.",
  source = { section = "Question 1", quote = "There is moderate evidence supporting ketamine" },
}

-- PLANTED: grade "D" is not one of A, B, C
rule {
  id = "planted.indication.headache", category = "indication", action = "consider",
  grade = "D", certainty = "low",
  when = [[ pain.primary == "headache" ]],
  text = "Headache: consider ketamine.",
  source = { section = "Question 1", quote = "Weak evidence supports infusions" },
}
