-- contraindications.lua — precautions the article states: dosing in moderate hepatic or renal dysfunction,
-- the preservative in commercial preparations given centrally (the article's one worded prohibition),
-- long-term use and memory, and sudden cessation of a long infusion. None of these is in the evidence box
-- except the level IV statement on long-term use.

local NEURAXIAL = "Neuraxial and Regional Administration"
local LONG_TERM = "Adverse Effects: Long-Term Effects on Cognition, Memory, and Mood"

---------------------------------------------------------------- hepatic and renal dysfunction
rule {
  id = "pcu.contraindication.hepatic_moderate",
  category = "contraindication", action = "info",
  grade = false,
  topic = "contraindication.hepatic_moderate", position = "no_dose_change",
  -- informs only: silent while liver disease is not recorded (PCU-ASK in pack.lua)
  applies = [[ history.liver_disease is known ]],
  when = [[ history.liver_disease == "moderate" ]],
  text = "Moderate hepatic dysfunction: ketamine dosing need not be altered (high hepatic extraction, minimal renal "
      .. "excretion of intact ketamine).",
  source = { section = "Pharmacology (opening section)",
             quote = "ketamine dosing need not be altered in moderate renal or hepatic dysfunction" },
  judgment = { id = "AMB-16",
    note = "The 2018 ASRA/AAPM/ASA guideline asks for caution in moderate hepatic disease; this article says dosing need "
        .. "not be altered. Neither defines 'moderate'. The pack states the article's position for moderate hepatic "
        .. "dysfunction only (it says nothing of mild or severe disease) and does not change the disposition; with "
        .. "both packs evaluated the disagreement is listed.",
    quotes = { "Due to its high hepatic extraction and the minimal renal excretion of intact ketamine" } },
}

rule {
  id = "pcu.contraindication.renal_moderate",
  category = "contraindication", action = "info",
  grade = false,
  applies = [[ history.renal_disease is known ]],
  when = [[ history.renal_disease == "moderate" ]],
  text = "Moderate renal dysfunction: ketamine dosing need not be altered (minimal renal excretion of intact ketamine).",
  source = { section = "Pharmacology (opening section)",
             quote = "ketamine dosing need not be altered in moderate renal or hepatic dysfunction" },
}

---------------------------------------------------------------- neuraxial (central) administration
local NEURAXIAL_PREP = { id = "PCU-NEURAXIAL-PREP",
  note = "'Used centrally' is read as intrathecal or epidural (the article's 'neuraxial'; its pull quote says 'given "
      .. "spinally'), and a 'commercially available preparation' as any preparation that is not preservative-free "
      .. "(plan.preservative_free, a fact added by this pack). The article words this as 'should not be used': a stop, "
      .. "and while the preparation is not recorded, a stop that is still possible (insufficient data).",
  quotes = { "Commercially available preparations of ketamine contain a potentially neurotoxic preservative and should not be given spinally" } }

local AMB29 = { id = "AMB-29",
  note = "The sources differ on neuraxial ketamine: the 2018 ASRA/AAPM/ASA guideline advises avoiding intrathecal "
      .. "ketamine except in rare circumstances; this article finds preservative-free solutions apparently safe, with "
      .. "caution pending neurotoxicity data. The pack encodes the article's position (preservative-free only, with "
      .. "caution) under the topic route.neuraxial.",
  quotes = { "Preservative-free solutions of ketamine appear safe for neuraxial administration" } }

rule {
  id = "pcu.contraindication.neuraxial_preservative",
  category = "contraindication", action = "do_not",
  grade = false,
  topic = "route.neuraxial", position = "preservative_free_only",
  applies = [[ pcu.neuraxial ]],
  when = [[ not plan.preservative_free ]],
  text = "Intrathecal or epidural ketamine: do not give a preparation containing a preservative; commercially available "
      .. "preparations contain a potentially neurotoxic preservative.",
  source = { section = NEURAXIAL,
             quote = "Commercially available preparations of ketamine contain a potentially neurotoxic preservative and should not be used centrally." },
  judgments = { NEURAXIAL_PREP, AMB29 },
}

rule {
  id = "pcu.contraindication.neuraxial_preservative_free",
  category = "contraindication", action = "caution",
  grade = false,
  topic = "route.neuraxial", position = "preservative_free_only",
  applies = [[ pcu.neuraxial ]],
  when = [[ plan.preservative_free ]],
  text = "Preservative-free ketamine given intrathecally or epidurally appears safe, but caution is warranted until "
      .. "more neurotoxicity data exist.",
  source = { section = NEURAXIAL,
             quote = "Preservative-free solutions of ketamine appear safe for neuraxial administration, although caution is warranted pending more extensive neurotoxicity data." },
  judgments = { NEURAXIAL_PREP, AMB29 },
}

---------------------------------------------------------------- long-term use
local PCU_LONG_TERM = { id = "PCU-LONG-TERM",
  note = "The article calls therapeutic ketamine for more than 1 week long-term. The pack reads a plan as long-term "
      .. "when the whole course (plan.course_duration, a fact added by this pack: a series, a multiday regimen or "
      .. "take-home doses, first dose to last) or one continuous infusion lasts more than 1 week; while neither is "
      .. "known to exceed a week and the course length is not recorded, the rules are undecided and ask for it.",
  quotes = { "The effects of long-term (>1 week) therapeutic ketamine are unknown" } }

rule {
  id = "pcu.contraindication.long_term_cognition",
  category = "contraindication", action = "caution",
  grade = "IV",
  applies = [[ pcu.ketamine_planned ]],
  when = [[ pcu.long_term ]],
  text = "Long-term ketamine (more than 1 week): long-term use may be associated with impairment of memory, attention "
      .. "and judgment. The article adds that the effects of long-term therapeutic ketamine are unknown.",
  source = { section = "Summary of Evidence on Ketamine Analgesia (Level IV); " .. LONG_TERM,
             quote = "Long-term ketamine use may be associated with impairment of memory, attention, and judgment." },
  judgment = PCU_LONG_TERM,
}

rule {
  id = "pcu.contraindication.memory_counselling",
  category = "contraindication", action = "recommend",
  grade = false,
  applies = [[ pcu.ketamine_planned ]],
  when = [[ pcu.long_term ]],
  text = "Discuss the potential for memory impairment with the patient before long-term ketamine.",
  source = { section = LONG_TERM,
             quote = "The potential for memory impairment should therefore be discussed with all subjects contemplating long-term ketamine administration." },
  judgment = PCU_LONG_TERM,
}

rule {
  id = "pcu.contraindication.sudden_cessation",
  category = "contraindication", action = "info",
  grade = false,
  -- informs only: silent while the infusion's duration is not recorded (PCU-ASK in pack.lua)
  applies = [[ pcu.parenteral_infusion and plan.infusion_duration is known ]],
  when = [[ plan.infusion_duration > 1 wk ]],
  text = "An infusion of more than 1 week: severe total body hyperalgesia and allodynia have been described after the "
      .. "sudden cessation of a 3-week ketamine infusion (one report, neuropathic cancer pain).",
  source = { section = "Role of Ketamine in Cancer Pain",
             quote = "Severe total body hyperalgesia and allodynia have been described after the sudden cessation of a 3-week ketamine infusion for neuropathic cancer pain." },
  judgment = { id = "PCU-LONG-TERM",
    note = "The report concerns one 3-week infusion; the article draws no threshold from it. The pack shows it, as "
        .. "information, for any continuous intravenous or subcutaneous infusion of more than 1 week, the article's own "
        .. "bound for long-term therapeutic ketamine.",
    quotes = { "The effects of long-term (>1 week) therapeutic ketamine are unknown" } },
}
