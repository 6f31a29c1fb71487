-- A small demonstration pack: the engine's features on a few ketamine facts.
-- It is not clinical advice; the real pack is rules/asra-ketamine-2018.
pack {
  id = "demo", version = "0.1.0",
  title = "medrule demonstration pack",
  source = { document = "medrule demo", citation = "Not a clinical source." },
  evidence = { scale = "demo", grades = { "A", "B", "C" }, certainties = { "high", "low", "low to moderate" } },
}

fact { "patient.id", type = "string", description = "Echoed in the result." }
fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 }, description = "Body weight." }
fact { "patient.age", type = "quantity", unit = "a", range = { 0, 120 }, description = "Age." }
fact { "pain.conditions", type = "codes", values = { "crps", "fibromyalgia", "other" }, description = "Conditions." }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "moderate", "severe" },
       description = "Liver disease." }
fact { "patient.pregnant", type = "boolean", description = "Pregnant now." }
fact { "plan.bolus", type = "quantity", unit = "mg/kg", per = "patient.weight", default = "0 mg/kg",
       range = { 0, 5 }, description = "Bolus dose." }
fact { "plan.infusion_rate", type = "quantity", unit = "mg/kg/h", per = "patient.weight", range = { 0, 10 },
       description = "Infusion rate." }
fact { "plan.infusion_duration", type = "quantity", unit = "h", range = { 0, 240 }, description = "Duration." }
fact { "plan.total_dose", type = "quantity", unit = "mg", range = { 0, 100000 },
       derive = "plan.infusion_rate * patient.weight * plan.infusion_duration + plan.bolus * patient.weight",
       description = "Total dose of one session." }
fact { "response.pain_before", type = "number", range = { 0, 10 }, description = "Pain before." }
fact { "response.pain_after", type = "number", range = { 0, 10 }, description = "Pain after." }
fact { "response.pain_reduction", type = "quantity", unit = "%", computed = true,
       derive = "(response.pain_before - response.pain_after) / response.pain_before",
       description = "Relative pain reduction." }

rule {
  id = "demo.indication.crps", category = "indication", action = "recommend",
  grade = "B", certainty = "low to moderate",
  when = [[ "crps" in pain.conditions ]],
  text = "CRPS: ketamine infusions are supported.",
  source = { section = "Demo 1", quote = "demo quote" },
}

rule {
  id = "demo.contraindication.pregnancy", category = "contraindication", action = "do_not",
  grade = "B", certainty = "low",
  when = "patient.pregnant",
  text = "Pregnancy: do not use ketamine.",
  source = { section = "Demo 2", quote = "demo quote" },
}

rule {
  id = "demo.contraindication.hepatic_severe", category = "contraindication", action = "avoid",
  grade = "C", certainty = "low",
  when = [[ history.liver_disease == "severe" ]],
  text = "Severe hepatic disease: avoid.",
  source = { section = "Demo 2", quote = "demo quote" },
}

rule {
  id = "demo.dosing.rate_high", category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = "plan.infusion_rate is known",
  when = "plan.infusion_rate > 2 mg/kg/h",
  text = "Infusion above 2 mg/kg/h.",
  source = { section = "Demo 3", quote = "demo quote" },
  judgment = { id = "AMB-03", note = "Demo judgment.", quotes = { "a", "b" } },
}

rule {
  id = "demo.dosing.total_low", category = "dosing", action = "info",
  grade = false, certainty = false,
  when = "plan.total_dose < 80 mg",
  text = "Less than 80 mg in the session.",
  source = { section = "Demo 3", quote = "demo quote" },
}

rule {
  id = "demo.response.positive", category = "response", action = "info",
  grade = "C", certainty = "low to moderate",
  applies = "response.pain_before is known or response.pain_after is known",
  when = "response.pain_reduction >= 30 %",
  text = "A positive response: at least 30% less pain.",
  source = { section = "Demo 4", quote = "demo quote" },
}

rule {
  id = "demo.response.lua", category = "response", action = "info",
  grade = false, certainty = false,
  reads = { "response.pain_before", "response.pain_after" },
  when = function(f)
    local b, a = f["response.pain_before"], f["response.pain_after"]
    if b == nil or a == nil then return nil end
    return a <= b / 2
  end,
  text = "Pain halved (a Lua-function condition).",
  source = { section = "Demo 4", quote = "demo quote" },
}

policy {
  stop = { { category = "contraindication", actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } } },
}
