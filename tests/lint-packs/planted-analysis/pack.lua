-- Planted defects for `medrule lint` (the analyses; the pack loads).
-- Fictional: not clinical advice.  Source text: ../sources/planted-source.txt
-- Each planted defect is marked PLANTED; everything else should lint clean.
pack {
  id = "planted", version = "0.1.0",
  title = "lint test pack with planted defects",
  source = { document = "Planted 2024", citation = "Planted source text, fictional.",
             file = "planted-source.txt" },
  evidence = { scale = "test", grades = { "A", "B", "C" }, certainties = { "high", "moderate", "low" } },
}

fact { "patient.id", type = "string", description = "Echoed in the result." }
fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 }, description = "Body weight." }
fact { "patient.age", type = "quantity", unit = "a", range = { 0, 120 }, description = "Age." }
fact { "patient.pregnant", type = "boolean", description = "Pregnant now." }
fact { "pain.primary", type = "code", values = { "crps", "fibromyalgia", "headache", "other" },
       description = "The main pain condition." }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "moderate", "severe" },
       description = "Liver disease." }
fact { "plan.bolus", type = "quantity", unit = "mg/kg", per = "patient.weight", range = { 0, 5 },
       description = "Bolus dose." }
fact { "plan.infusion_rate", type = "quantity", unit = "mg/kg/h", per = "patient.weight", range = { 0, 10 },
       description = "Infusion rate." }
-- PLANTED: declared, read by nothing
fact { "history.snoring", type = "boolean", description = "Snores." }

rule {
  id = "planted.indication.crps", category = "indication", action = "recommend",
  grade = "B", certainty = "moderate",
  when = [[ pain.primary == "crps" ]],
  text = "CRPS: ketamine infusions are supported.",
  source = { section = "Question 1",
             quote = "There is moderate evidence supporting ketamine infusions for complex regional pain syndrome (CRPS)." },
}

-- PLANTED: contradicts planted.indication.crps for a CRPS patient with liver disease
rule {
  id = "planted.indication.crps_liver", category = "indication", action = "not_supported",
  grade = "C", certainty = "low",
  when = [[ pain.primary == "crps" and history.liver_disease in ["mild", "moderate", "severe"] ]],
  text = "CRPS with liver disease: ketamine is not supported.",
  source = { section = "Question 1",
             quote = "Ketamine is not supported for patients with liver disease of any degree" },
}

-- Not contradictory: these two exclude each other on patient.pregnant.
rule {
  id = "planted.indication.fibromyalgia", category = "indication", action = "consider",
  grade = "C", certainty = "low",
  when = [[ pain.primary == "fibromyalgia" and not patient.pregnant ]],
  text = "Fibromyalgia: consider ketamine.",
  source = { section = "Question 1",
             quote = "Weak evidence supports infusions for fibromyalgia when the patient is not pregnant." },
}

rule {
  id = "planted.indication.fibromyalgia_pregnant", category = "indication", action = "avoid",
  grade = "C", certainty = "low",
  when = [[ pain.primary == "fibromyalgia" and patient.pregnant ]],
  text = "Fibromyalgia in pregnancy: avoid ketamine.",
  source = { section = "Question 1", quote = "Ketamine should be avoided in pregnancy." },
}

rule {
  id = "planted.dosing.bolus_range", category = "dosing", action = "recommend",
  grade = "C", certainty = "low",
  applies = "plan.bolus is known",
  when = "plan.bolus >= 0.1 mg/kg and plan.bolus <= 0.5 mg/kg",
  text = "A bolus of 0.1 to 0.5 mg/kg.",
  source = { section = "Question 2", quote = "A bolus between 0.1 and 0.5 mg/kg is reasonable." },
}

-- PLANTED: overlaps planted.dosing.bolus_range on [0.35, 0.5] mg/kg
rule {
  id = "planted.dosing.bolus_high", category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  when = "plan.bolus >= 350 ug/kg",
  text = "A bolus of 0.35 mg/kg or more: caution.",
  source = { section = "Question 2", quote = "Boluses of 0.35 mg/kg or more call for caution" },
}

rule {
  id = "planted.dosing.rate_low", category = "dosing", action = "info",
  grade = false, certainty = false,
  when = "plan.infusion_rate < 0.5 mg/kg/h",
  text = "Below 0.5 mg/kg/h.",
  source = { section = "Question 2", quote = "Rates below 0.5 mg/kg/h are unlikely to help." },
}

rule {
  id = "planted.dosing.rate_range", category = "dosing", action = "recommend",
  grade = "C", certainty = "low",
  when = "plan.infusion_rate >= 0.5 mg/kg/h and plan.infusion_rate < 2 mg/kg/h",
  text = "Infusion rates of 0.5 to 2 mg/kg/h.",
  source = { section = "Question 2",
             quote = "Infusion rates from 0.5 mg/kg/h up to 2 mg/kg/h are recommended" },
}

-- PLANTED: leaves exactly 2 mg/kg/h to no rule (gap)
rule {
  id = "planted.dosing.rate_high", category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  when = "plan.infusion_rate > 2 mg/kg/h",
  text = "Above 2 mg/kg/h: extra monitoring.",
  source = { section = "Question 2", quote = "rates above 2 mg/kg/h call for extra monitoring" },
}

-- PLANTED: can never fire (patient.age is declared 0 to 120 a)
rule {
  id = "planted.personnel.very_old", category = "personnel", action = "info",
  grade = false, certainty = false,
  when = "patient.age > 130 a",
  text = "Older than 130 years.",
  source = { section = "Question 3", quote = "Patients older than 130 years were not studied." },
}

-- PLANTED: always fires once the weight is known (it is declared 2 to 400 kg);
-- PLANTED: its quote is over 40 words long
rule {
  id = "planted.setting.weighed", category = "setting", action = "recommend",
  grade = "C", certainty = "low",
  when = "patient.weight >= 2 kg",
  text = "Weigh the patient.",
  source = { section = "Question 3",
             quote = "Every patient should be weighed before the infusion, because every dose in this fictional text is given per kilogram of body weight, and a dose that is given without a measured weight can be off by a large factor in either direction, which matters most for the bolus" },
}

-- PLANTED: its quote is not in the source text (the source says "supporting")
rule {
  id = "planted.response.crps", category = "response", action = "info",
  grade = "B", certainty = "moderate",
  when = [[ pain.primary == "crps" and plan.infusion_rate is known ]],
  text = "CRPS responds.",
  source = { section = "Question 1",
             quote = "There is moderate evidence supporting ketamine infusions for CRPS." },
  judgment = { id = "AMB-01", note = "A judgment quote that is not in the source.",
               quotes = { "Ketamine is not supported for patients with liver disease of any degree in this text" } },
}
