-- dosing.lua — Guideline Question 3 and Table 6 "Dosing range and dose response".
-- All thresholds are in the guideline's primary units (mg/kg, mg/kg/h, mg, h); inputs in
-- ug/kg/min or mg/h are converted exactly by the engine (7 ug/kg/min = 0.42 mg/kg/h, not
-- the 0.5 mg/kg/h that 004 once prints; AMB-15). The rules apply to an IV plan; an IV plan
-- with no infusion rate is asked for it (the stop rule on the maximum rate stays unknown).

local IV = [[ plan.route == "iv" ]]
-- the anesthetic-dose requirements (ICU, aspiration precautions) hold for any parenteral infusion
local INFUSION_ROUTE = [[ plan.route in ["iv", "subcutaneous"] ]]
local INFUSION = [[ plan.route == "iv" and plan.infusion_rate > 0 mg/kg/h ]]
-- the 80 mg / > 2 h advice and the duration evidence concern subanesthetic infusions (<= 2 mg/kg/h)
local SUBANESTHETIC = [[ plan.route == "iv" and plan.infusion_rate > 0 mg/kg/h and plan.infusion_rate <= 2 mg/kg/h ]]
local ROW2 = "Infusion: 0.5 to 2 mg/kg per hour, although dosages up to 7 mg/kg per hour have been successfully used in refractory cases in ICU settings"

local AMB25 = { id = "AMB-25",
  note = "Table 6 puts 'up to 7 mg/kg per hour ... in refractory cases in ICU settings' inside the recommended "
      .. "dosing row, and Question 3 says such infusions 'require intensive care unit monitoring and intubation or "
      .. "other precautions to protect against aspiration'. The pack stops only what the guideline requires: above "
      .. "2 mg/kg/h outside an ICU, or without aspiration precautions. That the pain is refractory, and a rate above the "
      .. "7 mg/kg/h reported, describe where such doses have been used, not a prohibition: each is a caution.",
  quotes = { ROW2, "but require intensive care unit monitoring and intubation or other precautions to protect against aspiration" } }

rule {
  id = "asra2018.dosing.bolus_above_limit",
  category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = IV,
  when = [[ plan.bolus > 0.35 mg/kg ]],
  text = "The planned bolus is above the recommended range (up to 0.35 mg/kg): consider a smaller bolus; a bolus this "
      .. "large belongs in a monitored unit with airway- and ACLS-trained staff immediately available.",
  source = { section = "Table 6", quote = "Bolus: up to 0.35 mg/kg" },
  judgments = { { id = "AMB-02",
    note = "0.35 mg/kg is both the top of the recommended bolus range and the bolus at which the monitored-setting "
        .. "requirements start (>=). A bolus of exactly 0.35 mg/kg is within the range but triggers the monitored setting.",
    quotes = { "Bolus: up to 0.35 mg/kg", "(bolus dose of ≥ 0.35 mg/kg and/or infusion of ≥ 1 mg/kg per hour)" } },
    { id = "PACK-ABOVE-RANGE",
    note = "Question 6 expects boluses of 0.35 mg/kg and more, and names the setting they need: a monitored unit with "
        .. "trained nurses and airway- and ACLS-trained staff immediately available. A bolus above the Table 6 range is "
        .. "therefore a caution, not a stop; what stops is the missing setting (setting.monitored_unit, "
        .. "setting.airway_personnel, setting.rescue_medications) or a supervisor outside the named specialties at that "
        .. "dose (personnel.supervisor_specialty_high_dose).",
    quotes = { "Ketamine doses at levels that may result in serious adverse sequelae (bolus dose of ≥ 0.35 mg/kg and/or infusion of ≥ 1 mg/kg per hour) should be administered by clinicians experienced in ketamine administration in a unit that contains trained nurses available for monitoring" } } },
}

rule {
  id = "asra2018.dosing.infusion_in_range",
  category = "dosing", action = "info",
  grade = "C", certainty = "low",
  applies = IV,
  topic = "dosing.infusion_rate", position = "0.5-2 mg/kg/h",
  when = [[ plan.infusion_rate >= 0.5 mg/kg/h and plan.infusion_rate <= 2 mg/kg/h ]],
  text = "The infusion rate is within the recommended 0.5-2 mg/kg/h.",
  source = { section = "Table 6", quote = ROW2 },
  judgment = { id = "AMB-15",
    note = "Rates are compared in mg/kg/h after exact conversion; the guideline's parenthetical conversions "
        .. "(7 ug/kg/min as 0.5 mg/kg/h, 6 ug/kg/min as 0.42 mg/kg/h) are not used.",
    quotes = { "0.1-mg/kg bolus followed by 0.42 mg/kg per hour", "0.06-mg/kg bolus followed by 0.36 mg/kg per hour" } },
}

rule {
  id = "asra2018.dosing.infusion_below_range",
  category = "dosing", action = "info",
  grade = "C", certainty = "low",
  applies = INFUSION,
  topic = "dosing.infusion_rate", position = "0.5-2 mg/kg/h",
  when = [[ plan.infusion_rate < 0.5 mg/kg/h ]],
  text = "The infusion rate is below the 0.5-2 mg/kg/h range; higher dosages were associated with more benefit "
      .. "(the CRPS trials used 0.35-0.43 mg/kg/h).",
  source = { section = "Guideline Question 3; Table 6",
             quote = "There is evidence for a dose-response relationship, with higher dosages providing more benefit." },
  judgment = { id = "AMB-03",
    note = "Table 6 gives 0.5-2 mg/kg per hour, Table 1 gives '0.5-2 mg/kg' without 'per hour', and the grade-B CRPS "
        .. "trials used 0.35 mg/kg/h. A lower rate is not less safe, so the pack only informs (no caution, no stop) "
        .. "and reads the range as per hour.",
    quotes = { "0.5–2 mg/kg for 1-d outpatient or 3- to 5-d inpatient awake ketamine infusions in chronic pain",
               "0.35 mg/kg per hour over 4 hours daily for 10 days",
               "Dosing below the therapeutic range is unlikely to result in significant benefit." } },
}

rule {
  id = "asra2018.dosing.above_2_outside_icu",
  category = "dosing", action = "do_not",
  grade = "C", certainty = "low",
  applies = INFUSION_ROUTE,
  when = [[ plan.infusion_rate > 2 mg/kg/h and plan.setting != "icu" ]],
  text = "Rates above 2 mg/kg/h have been used only in intensive care: do not give this rate outside an ICU.",
  source = { section = "Guideline Question 3; Table 6", quote = ROW2 },
  judgment = AMB25,
}

rule {
  id = "asra2018.dosing.icu_anesthetic_dose",
  category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = INFUSION_ROUTE,
  when = [[ plan.infusion_rate > 2 mg/kg/h and plan.infusion_rate <= 7 mg/kg/h and plan.setting == "icu" ]],
  text = "Anesthetic-dose ICU infusion (above 2, up to 7 mg/kg/h): reserved for refractory cases; expect frequent "
      .. "moderate to severe psychomimetic effects and check liver enzymes.",
  source = { section = "Guideline Question 3; Table 6",
             quote = "Multiday anesthetic-dose infusions of ketamine in dosages up to 7 mg/kg per hour have been successfully reported to alleviate severe, refractory CRPS" },
  judgment = AMB25,
}

rule {
  id = "asra2018.dosing.icu_aspiration_precautions",
  category = "dosing", action = "do_not",
  grade = false, certainty = false,
  applies = INFUSION_ROUTE,
  when = [[ plan.infusion_rate > 2 mg/kg/h and not plan.aspiration_precautions ]],
  text = "Above 2 mg/kg/h, intubation or other protection against aspiration is required: do not proceed without it.",
  source = { section = "Guideline Question 3",
             quote = "but require intensive care unit monitoring and intubation or other precautions to protect against aspiration" },
  judgment = AMB25,
}

rule {
  id = "asra2018.dosing.anesthetic_dose_not_refractory",
  category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = INFUSION_ROUTE,
  when = [[ plan.infusion_rate > 2 mg/kg/h and not pain.refractory ]],
  text = "Rates above 2 mg/kg/h have been used only in refractory cases, and standard therapies have not failed for "
      .. "this patient: weigh an anesthetic-dose infusion against the standard range.",
  source = { section = "Table 6", quote = ROW2 },
  judgment = AMB25,
}

rule {
  id = "asra2018.dosing.above_maximum",
  category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = INFUSION_ROUTE,
  when = [[ plan.infusion_rate > 7 mg/kg/h ]],
  text = "The infusion rate exceeds 7 mg/kg/h, the highest rate reported even in intensive care: no evidence supports "
      .. "it; reconsider the rate.",
  source = { section = "Guideline Question 3; Table 6", quote = ROW2 },
  judgment = AMB25,
}

rule {
  id = "asra2018.dosing.first_infusion_strategy",
  category = "dosing", action = "recommend",
  grade = "C", certainty = "low",
  applies = IV,
  when = [[ plan.first_infusion ]],
  text = "Start with a single outpatient infusion of at least 80 mg lasting more than 2 hours, "
      .. "then reassess before any further treatment.",
  source = { section = "Guideline Question 3; Table 6",
             quote = "start dosing with a single, outpatient infusion at a minimum dose of 80 mg lasting more than 2 hours" },
}

rule {
  id = "asra2018.dosing.first_infusion_not_single",
  category = "dosing", action = "caution",
  grade = "C", certainty = "low",
  applies = IV,
  when = [[ plan.first_infusion and (plan.series or plan.setting != "outpatient") ]],
  text = "A first ketamine treatment planned as a series, multiday or inpatient regimen: the guideline advises "
      .. "one outpatient infusion first and reassessment before further treatments.",
  source = { section = "Guideline Question 3",
             quote = "it is reasonable to start dosing with a single, outpatient infusion at a minimum dose of 80 mg lasting more than 2 hours and reassess before initiating further treatments" },
}

local AMB04 = { id = "AMB-04",
  note = "'At least 80 mg over more than 2 h' is read per infusion session and as a fixed dose (not weight-based); "
      .. "Table 6 states it for infusions in general, the narrative for the first infusion, so it is checked for "
      .. "every IV infusion. Falling short is a matter of benefit, not safety: the pack advises (consider) and "
      .. "does not change the disposition. The session total is derived from rate x weight x duration + bolus.",
  quotes = { "Total dosages be at least 80 mg infused over a period of >2 h",
             "at a minimum dose of 80 mg lasting more than 2 hours and reassess" } }

rule {
  id = "asra2018.dosing.total_below_80mg",
  category = "dosing", action = "consider",
  grade = "C", certainty = "low",
  applies = SUBANESTHETIC,
  when = [[ plan.total_dose < 80 mg ]],
  text = "The session's total dose is under 80 mg; consider at least 80 mg, as lower doses are unlikely to give "
      .. "significant benefit.",
  source = { section = "Guideline Question 3; Table 6",
             quote = "Total dosages be at least 80 mg infused over a period of >2 h" },
  judgment = AMB04,
}

rule {
  id = "asra2018.dosing.duration_2h_or_less",
  category = "dosing", action = "consider",
  grade = "C", certainty = "low",
  applies = SUBANESTHETIC,
  when = [[ plan.infusion_duration <= 2 h ]],
  text = "The infusion lasts 2 hours or less; consider an infusion lasting more than 2 hours.",
  source = { section = "Guideline Question 3; Table 6",
             quote = "Total dosages be at least 80 mg infused over a period of >2 h" },
  judgment = AMB04,
}

rule {
  id = "asra2018.dosing.short_infusion_evidence",
  category = "dosing", action = "info",
  grade = false, certainty = false,
  applies = SUBANESTHETIC,
  when = [[ plan.infusion_duration < 2 h ]],
  text = "In a pooled analysis, infusions shorter than 2 hours were unlikely to give benefit lasting more than 48 "
      .. "hours; longer infusions (over 10 or 30 hours, possibly cumulative) did better.",
  source = { section = "Guideline Question 3",
             quote = "the authors concluded that infusions less than 2 hours in duration were unlikely to provide benefit lasting more than 48 hours" },
  judgment = { id = "AMB-05",
    note = "The 95%/99% figures for infusions over 10/30 hours come from a study-level regression; the pack does "
        .. "not present them as this patient's probability, and treats cumulative hours as the guideline suggests only as information.",
    quotes = { "Although the authors did not specify whether the infusions should be continuous or cumulative hours" } },
}

local PACK_ROUTES = { id = "PACK-ROUTES",
  note = "The guideline concerns intravenous infusions, with oral and intranasal ketamine as follow-on; it makes no "
      .. "recommendation on epidural or intrathecal ketamine, and warns that a single neuraxial bolus and high-dose IV "
      .. "administration may work differently. A neuraxial plan therefore gets a caution saying it is outside the "
      .. "guideline (the parenteral dose, setting and personnel rules are not applied to it), not a silent proceed. "
      .. "Intrathecal ketamine is the one neuraxial use the guideline words as 'avoid' (ungraded, 'except in rare "
      .. "circumstances'): that stays a stop (dosing.intrathecal_route), the only stop on a route.",
  quotes = { "However, the analgesic mechanisms behind a single neuraxial bolus and high-dose IV administration given over several days may be different, which makes generalizability difficult.",
             "it seems prudent to avoid intrathecal ketamine given the lack of evidence showing clear benefit, except in rare circumstances" } }

rule {
  id = "asra2018.dosing.neuraxial_route",
  category = "dosing", action = "caution",
  grade = false, certainty = false,
  when = [[ plan.route in ["epidural", "intrathecal"] ]],
  text = "Neuraxial (epidural or intrathecal) ketamine is outside this guideline, which concerns intravenous infusions: "
      .. "its dosing, setting and personnel recommendations were not checked for this plan.",
  source = { section = "Guideline Question 1",
             quote = "the analgesic mechanisms behind a single neuraxial bolus and high-dose IV administration given over several days may be different, which makes generalizability difficult" },
  judgment = PACK_ROUTES,
}

rule {
  id = "asra2018.dosing.intrathecal_route",
  category = "dosing", action = "avoid",
  grade = false, certainty = false,
  when = [[ plan.route == "intrathecal" ]],
  text = "Intrathecal ketamine: avoid it; there is no evidence of clear benefit and neurotoxicity is a concern.",
  source = { section = "Adverse Effects and Pathophysiology: Spinal Cord Effects",
             quote = "it seems prudent to avoid intrathecal ketamine given the lack of evidence showing clear benefit, except in rare circumstances" },
  judgment = PACK_ROUTES,
}
