-- rescue.lua — what the article says about treating adverse central effects.

rule {
  id = "pcu.rescue.central_effects",
  category = "rescue", action = "info",
  grade = false,
  topic = "rescue.psychotomimetic", position = "dose_reduction_or_benzodiazepine",
  applies = [[ plan.route is known ]],
  when = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] ]],
  text = "Hallucinations, nightmares and visual disturbances occur in fewer than 10% of patients on low-dose systemic "
      .. "ketamine and usually respond to dose reduction or the addition of a benzodiazepine.",
  source = { section = "Adverse Effects: Low-Dose Systemic Ketamine",
             quote = "Adverse central effects such as hallucinations, nightmares, and visual disturbances occur in fewer than 10% of patients and usually respond to dose reduction or the addition of a benzodiazepine." },
  judgments = {
    { id = "PCU-ACUTE-CONTEXT",
      note = "The figure and the advice come from low-dose systemic ketamine for acute postoperative pain (meta-analyses). "
          .. "The article gives no other advice on treating central effects, so the pack shows it for parenteral plans "
          .. "(intravenous, subcutaneous, intramuscular) and keeps it as information. On the shared topic "
          .. "rescue.psychotomimetic its position is what it names: dose reduction or a benzodiazepine.",
      quotes = { "the incidence of adverse effects using low-dose systemic ketamine for acute postoperative pain is low" } },
    { id = "AMB-17",
      note = "The sources report different incidences of psychomimetic effects (3.5-7.4% in the 2018 guideline, below "
          .. "10% here, far higher in some trials and at ICU doses); the pack reports this article's figure.",
      quotes = { "occur in fewer than 10% of patients" } } },
}
