-- dosing.lua — the doses and routes the article describes. It gives no dose limits and no recommended
-- regimen for chronic pain: it reports the rate "most commonly" used in clinical pain management, the
-- bioavailability of oral and sublingual ketamine, and the evidence on topical ketamine. All are ungraded
-- and inform (effect none).

local COMMON_RATE = "ketamine is most commonly administered as a continuous low-dose intravenous, or subcutaneous, infusion of 0.05–0.2 mg/kg/h"

local AMB03 = { id = "AMB-03",
  note = "The sources give different infusion ranges (the 2018 ASRA/AAPM/ASA guideline 0.5-2 mg/kg/h; this article "
      .. "0.05-0.2 mg/kg/h as the most common in clinical pain management). The article's range describes practice, "
      .. "not a limit: the pack states it for every planned intravenous or subcutaneous infusion (topic "
      .. "dosing.infusion_rate) and says when the planned rate lies outside it, without changing the disposition.",
  quotes = { COMMON_RATE } }

rule {
  id = "pcu.dosing.infusion_rate",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.infusion_rate", position = "0.05-0.2 mg/kg/h",
  applies = [[ pcu.parenteral_infusion ]],
  when = [[ plan.infusion_rate > 0 mg/kg/h ]],
  text = "In clinical pain management ketamine is most commonly given as a continuous low-dose intravenous or "
      .. "subcutaneous infusion of 0.05-0.2 mg/kg/h.",
  source = { section = "Pharmacology (opening section)", quote = COMMON_RATE },
  judgment = AMB03,
}

rule {
  id = "pcu.dosing.infusion_outside_common_range",
  category = "dosing", action = "info",
  grade = false,
  applies = [[ pcu.parenteral_infusion ]],
  when = [[ plan.infusion_rate > 0.2 mg/kg/h or (plan.infusion_rate > 0 mg/kg/h and plan.infusion_rate < 0.05 mg/kg/h) ]],
  text = "The planned infusion rate is outside the 0.05-0.2 mg/kg/h most commonly used in clinical pain management; "
      .. "the article sets no limit.",
  source = { section = "Pharmacology (opening section)", quote = COMMON_RATE },
  judgment = AMB03,
}

rule {
  id = "pcu.dosing.topical_route",
  category = "dosing", action = "info",
  grade = false,
  topic = "route.topical", position = "weak_or_no_evidence",
  applies = [[ plan.route is known ]],
  when = [[ plan.route == "topical" ]],
  text = "Topical ketamine: a ketamine-amitriptyline cream reduced refractory neuropathic pain with high patient "
      .. "satisfaction, but a subsequent RCT did not confirm it (no level given).",
  source = { section = "Neuropathic Pain",
             quote = "Topical ketamine-amitriptyline cream reduced refractory neuropathic pain and produced high levels of patient satisfaction; however, this finding was not confirmed by a subsequent RCT." },
  judgment = { id = "PCU-LEVEL-POSITION",
    note = "An uncontrolled positive finding that a later RCT did not confirm is read as 'weak_or_no_evidence' (no "
        .. "confirmed evidence of benefit), not as 'against' (the article does not say the RCT showed no benefit or harm).",
    quotes = { "this finding was not confirmed by a subsequent RCT" } },
}

rule {
  id = "pcu.dosing.oral_bioavailability",
  category = "dosing", action = "info",
  grade = false,
  applies = [[ plan.route is known or followon.agent is known ]],
  when = [[ pcu.oral_ketamine ]],
  text = "Oral ketamine: 25-mg lozenges had a bioavailability of 23% swallowed (peak at 30 minutes) and 32% sublingually "
      .. "(peak at 120 minutes), about 55% for both with norketamine; terminal half-life 6 hours.",
  source = { section = "Pharmacology (opening section)",
             quote = "confirmed a bioavailability of 23% for oral administration (peak level 30 minutes) and 32% for sublingual administration (peak level 120 minutes)" },
  judgment = { id = "AMB-19",
    note = "Bioavailability figures differ between the sources (oral 10-20% in the 2018 guideline's table, 20-30% in "
        .. "another review, 23% here). The pack reports this article's figures as its own, from one lozenge study.",
    quotes = { "with equivalent terminal half-lives of 6 hours" } },
}
