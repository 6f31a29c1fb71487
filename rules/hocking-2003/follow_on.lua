-- follow_on.lua — oral ketamine after a response to systemic ketamine (Summary, suggested
-- approach items 4 and 5; Discussion on oral doses and hepatic failure).
-- Oral ketamine is "being considered" when followon.agent is oral_ketamine, or the plan's route
-- is oral with no agent given (hocking2003.oral). followon.dose is one dose in mg; weight-based
-- limits are compared as mg/kg x weight.

local ORAL = "hocking2003.oral"
local START = "Commence oral ketamine 0.5 mg/kg taken immediately before going to bed to minimize the likelihood of side effects (level IV)."
local STEP = "Increase the dose by 0.5 mg/kg as tolerated until pain relief is obtained or intolerable side effects occur (level IV)."

local RESPONSE = { id = "HOCKING-RESPONSE",
  note = "The review does not define a 'good therapeutic response'. The pack reads it as more than 50% pain relief "
      .. "after the previous systemic ketamine (response.pain_before/after), the responder criterion of the level II "
      .. "trials the review tabulates; anything less is a poor response. A partial responder therefore meets the "
      .. "caution, which says only that benefit from oral ketamine is unlikely.",
  quotes = { "Active drug >50% ↓ pain intensity at rest on 2 consecutive occasions identified 17 K responders.",
             "Nine patients obtained transient relief (<2 h) but did not then respond to oral therapy." } }

local LEVEL_SCOPE = { id = "HOCKING-LEVEL-SCOPE",
  note = "Item 4 has two sentences and one level, '(level IV)', at the end of the second: the good-response "
      .. "sentence is level IV, the poor-responder sentence is left ungraded, as the review leaves it.",
  quotes = { "Poor responders or nonresponders are unlikely to benefit from oral ketamine.",
             "A good therapeutic response from systemic administration suggests a greater likelihood of benefit from oral dosing (level IV)." } }

---------------------------------------------------------------- item 4: who benefits

rule {
  id = "hocking2003.follow_on.good_responder",
  category = "follow_on", action = "consider",
  grade = "IV",
  topic = "follow_on.oral_ketamine", position = "responders_only",
  applies = ORAL,
  when = [[ hocking2003.good_response ]],
  text = "A good response to systemic ketamine (more than 50% pain relief) suggests a greater likelihood of benefit "
      .. "from oral ketamine.",
  source = { section = "Summary: suggested approach, item 4",
             quote = "A good therapeutic response from systemic administration suggests a greater likelihood of benefit from oral dosing (level IV)." },
  judgments = { RESPONSE, LEVEL_SCOPE },
}

rule {
  id = "hocking2003.follow_on.poor_responder",
  category = "follow_on", action = "caution",
  grade = false,
  topic = "follow_on.oral_ketamine", position = "responders_only",
  applies = ORAL,
  when = [[ not hocking2003.good_response ]],
  text = "The response to systemic ketamine was poor or absent (50% pain relief or less): poor responders and "
      .. "non-responders are unlikely to benefit from oral ketamine.",
  source = { section = "Summary: suggested approach, item 4",
             quote = "Poor responders or nonresponders are unlikely to benefit from oral ketamine." },
  judgments = { RESPONSE, LEVEL_SCOPE },
}

---------------------------------------------------------------- item 5: how to dose it

rule {
  id = "hocking2003.follow_on.oral_regimen",
  category = "follow_on", action = "recommend",
  grade = "IV",
  topic = "dosing.oral_ketamine", position = "0.5 mg/kg at bedtime, then +0.5 mg/kg steps",
  when = ORAL,
  text = "Oral ketamine: start with 0.5 mg/kg taken immediately before going to bed, to minimise side effects, then "
      .. "increase by 0.5 mg/kg as tolerated until pain relief or intolerable side effects.",
  source = { section = "Summary: suggested approach, item 5", quote = START },
  judgments = { { id = "AMB-13",
    note = "The sources give different oral regimens (this review: 0.5 mg/kg at bedtime, titrated in 0.5 mg/kg steps; "
        .. "the 2018 guideline: 150 mg/day or 0.5 mg/kg every 6 hours). The pack states the review's regimen as its "
        .. "position on dosing.oral_ketamine; night-time dosing is the review's level IV advice to reduce side effects.",
    quotes = { START, STEP, "Night-time dosing can also reduce side effects (level IV)" } } },
}

local START_JUDGMENT = { id = "HOCKING-ORAL-START",
  note = "followon.previous_dose = 0 mg marks the planned dose as the starting dose; a larger previous dose makes the "
      .. "plan a titration step. A starting dose is checked against 0.5 mg/kg and against once-daily dosing at "
      .. "bedtime (an interval under 24 hours is more than one dose a day); a step against 0.5 mg/kg.",
  quotes = { START, STEP } }

rule {
  id = "hocking2003.follow_on.oral_start_above",
  category = "follow_on", action = "caution",
  grade = "IV",
  applies = ORAL,
  when = [[ followon.previous_dose == 0 mg and followon.dose > 0.5 mg/kg * patient.weight ]],
  text = "The starting oral dose is above 0.5 mg/kg; the review suggests starting at 0.5 mg/kg to minimise side "
      .. "effects.",
  source = { section = "Summary: suggested approach, item 5", quote = START },
  judgment = START_JUDGMENT,
}

rule {
  id = "hocking2003.follow_on.oral_start_not_bedtime",
  category = "follow_on", action = "caution",
  grade = "IV",
  applies = ORAL,
  when = [[ followon.previous_dose == 0 mg and followon.interval < 24 h ]],
  text = "Oral ketamine is to start with more than one dose a day; the review suggests starting with a single dose "
      .. "taken immediately before going to bed, to minimise side effects.",
  source = { section = "Summary: suggested approach, item 5", quote = START },
  judgment = START_JUDGMENT,
}

rule {
  id = "hocking2003.follow_on.oral_step_above",
  category = "follow_on", action = "caution",
  grade = "IV",
  applies = ORAL,
  when = [[ followon.previous_dose > 0 mg
            and followon.dose - followon.previous_dose > 0.5 mg/kg * patient.weight ]],
  text = "The oral dose is to rise by more than 0.5 mg/kg at once; the review suggests increasing by 0.5 mg/kg as "
      .. "tolerated.",
  source = { section = "Summary: suggested approach, item 5", quote = STEP },
  judgment = START_JUDGMENT,
}

rule {
  id = "hocking2003.follow_on.oral_mean_dose",
  category = "follow_on", action = "info",
  grade = "II",
  when = ORAL,
  text = "The mean effective oral dose in the literature is 200 mg/day, with wide variation (30-1000 mg/day "
      .. "reported).",
  source = { section = "Summary: suggested approach, item 5",
             quote = "The mean effective dose from the literature is 200 mg/day (level II) although there is a wide variation." },
}

rule {
  id = "hocking2003.follow_on.oral_hepatic_failure",
  category = "follow_on", action = "caution",
  grade = false,
  applies = ORAL,
  when = [[ hocking2003.oral_daily_dose >= 900 mg/d ]],
  text = "The planned oral dose reaches 900 mg/day or more: hepatic failure, a rare side effect, has been reported "
      .. "after daily oral doses of 900-1500 mg.",
  source = { section = "Discussion",
             quote = "Rarely reported side effects include hepatic failure, which has been reported after daily doses of 900–1500 mg orally" },
}
