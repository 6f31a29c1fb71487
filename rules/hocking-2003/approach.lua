-- approach.lua — the review's suggested approach (Summary, items 1-3 and 6) and its parenteral
-- dose range (Discussion). Items 4-5 (oral ketamine) are in follow_on.lua.
--
-- The approach is worded as a suggestion ("We suggest that the following may be a reasonable
-- approach"), and the review calls any recommendation based on its evidence weak: no step is a
-- stop (HOCKING-NO-STOP). A level in parentheses attaches to the sentence it ends; a sentence of
-- the same item without one is ungraded (HOCKING-LEVEL-SCOPE).

local APPROACH = "We suggest that the following may be a reasonable approach when considering ketamine administration:"
local NO_STOP = { id = "HOCKING-NO-STOP",
  note = "The suggested approach is offered as 'a reasonable approach' based on weak evidence; the review words no "
      .. "step as a prohibition. A plan that departs from a step is a caution (or information), never a stop.",
  quotes = { APPROACH, "As there are only a small number of studies and this evidence is weak, any recommendations based on it are also weak." } }

local LEVEL_SCOPE = { id = "HOCKING-LEVEL-SCOPE",
  note = "Item 3 has two sentences: the first (a fully monitored, placebo-controlled IV trial) carries no level, the "
      .. "second (the trial dose) ends with '(level II)'. Item 5 shows that the review attaches levels sentence by "
      .. "sentence, so the first sentence is ungraded and only the dose is level II.",
  quotes = { "Perform a fully monitored, placebo controlled IV trial of ketamine to assess therapeutic benefit.",
             "Available data suggest this should be a dose of 0.25–0.5 mg/kg given slowly over 30 min with pain assessments before and after administration (level II)." } }

local TRIAL = { id = "HOCKING-TRIAL",
  note = "The trial of item 3 comes before longer treatment; the pack reads a patient's first IV infusion as that "
      .. "trial (hocking2003.trial), except in a severe acute-on-chronic episode, for which item 6 gives a continuous "
      .. "infusion instead. The trial dose is rate x duration + bolus, in mg/kg.",
  quotes = { "Perform a fully monitored, placebo controlled IV trial of ketamine to assess therapeutic benefit.",
             "For severe acute on chronic episodes of neuropathic pain, administer ketamine by continuous infusion (IV or s.c.) at a rate of" } }

local IV = [[ plan.route == "iv" ]]
local INFUSION = [[ plan.route in ["iv", "subcutaneous"] and plan.infusion_rate > 0 mg/kg/h ]]
-- for rules that change no disposition (recommend, info): they speak once the facts they need are
-- recorded and never ask for facts themselves; the caution rules ask for what could matter
local TRIAL_KNOWN = [[ plan.route is known and plan.route == "iv" and hocking2003.trial is known ]]
local INFUSION_KNOWN = [[ plan.route is known and plan.route in ["iv", "subcutaneous"]
                          and plan.infusion_rate is known and plan.infusion_rate > 0 mg/kg/h ]]
local TRIAL_DOSE = "Available data suggest this should be a dose of 0.25–0.5 mg/kg given slowly over 30 min with pain assessments before and after administration (level II)."

---------------------------------------------------------------- items 1 and 2

rule {
  id = "hocking2003.contraindication.exclude",
  category = "contraindication", action = "recommend",
  grade = false,
  when = [[ plan.route is known ]],
  text = "Ensure that there are no contraindications to ketamine; the review does not list them.",
  source = { section = "Summary: suggested approach, item 1",
             quote = "Ensure that there are no contraindications to the use of ketamine." },
  judgment = NO_STOP,
}

rule {
  id = "hocking2003.contraindication.consent",
  category = "contraindication", action = "caution",
  grade = "IV",
  applies = [[ plan.route is known ]],
  when = [[ consent in ["refused", "unable"] ]],
  text = "Fully informed consent has not been obtained: the review's approach is to educate the patient about the "
      .. "potential side effects and obtain fully informed consent before ketamine.",
  source = { section = "Summary: suggested approach, item 2",
             quote = "Educate the patient regarding the potential side effects and obtain fully informed consent (level IV)." },
  judgment = NO_STOP,
}

---------------------------------------------------------------- item 3: the IV trial

rule {
  id = "hocking2003.dosing.trial",
  category = "dosing", action = "recommend",
  grade = "II",
  topic = "dosing.first_infusion", position = "0.25-0.5 mg/kg over 30 min",
  applies = TRIAL_KNOWN,
  when = [[ hocking2003.trial ]],
  text = "First IV ketamine: make it a trial of 0.25-0.5 mg/kg given slowly over 30 minutes, with pain assessed "
      .. "before and after, to assess therapeutic benefit.",
  source = { section = "Summary: suggested approach, item 3", quote = TRIAL_DOSE },
  judgments = { TRIAL, LEVEL_SCOPE },
}

rule {
  id = "hocking2003.setting.trial_monitored_placebo",
  category = "setting", action = "recommend",
  grade = false,
  topic = "setting.monitoring", position = "trial_only",
  applies = TRIAL_KNOWN,
  when = [[ hocking2003.trial ]],
  text = "Make the IV trial fully monitored and placebo controlled: reported benefit from ketamine is often little "
      .. "more than a placebo effect.",
  source = { section = "Summary: suggested approach, item 3",
             quote = "Perform a fully monitored, placebo controlled IV trial of ketamine to assess therapeutic benefit." },
  judgments = { LEVEL_SCOPE, TRIAL,
    { id = "HOCKING-MONITORING",
      note = "The review asks for full monitoring of the trial only and says nothing of monitoring for later or "
          .. "continuous infusions; its position on setting.monitoring is therefore 'trial_only', stated when a trial "
          .. "is planned, and it takes no position for other infusions.",
      quotes = { "The magnitude of reported benefit from ketamine in chronic pain is often little more than what could be expected by a placebo effect." } } },
}

rule {
  id = "hocking2003.setting.trial_not_monitored",
  category = "setting", action = "caution",
  grade = false,
  applies = IV,
  when = [[ hocking2003.trial and not site.monitored ]],
  text = "The IV trial is planned outside a monitored setting; the review asks for a fully monitored trial.",
  source = { section = "Summary: suggested approach, item 3",
             quote = "Perform a fully monitored, placebo controlled IV trial of ketamine to assess therapeutic benefit." },
  judgments = { LEVEL_SCOPE, NO_STOP,
    { id = "HOCKING-FULLY-MONITORED",
      note = "'Fully monitored' is read as site.monitored (a monitored unit with trained nurses), the vocabulary's "
          .. "only monitoring fact; the review does not say what full monitoring comprises.",
      quotes = { "Perform a fully monitored, placebo controlled IV trial of ketamine to assess therapeutic benefit." } } },
}

rule {
  id = "hocking2003.dosing.trial_dose_above",
  category = "dosing", action = "caution",
  grade = "II",
  applies = IV,
  when = [[ hocking2003.trial and hocking2003.trial_dose > 0.5 mg/kg ]],
  text = "The first (trial) session gives more than 0.5 mg/kg; the data the review cites support a trial dose of "
      .. "0.25-0.5 mg/kg over 30 minutes.",
  source = { section = "Summary: suggested approach, item 3", quote = TRIAL_DOSE },
  judgment = TRIAL,
}

rule {
  id = "hocking2003.dosing.trial_dose_below",
  category = "dosing", action = "info",
  grade = "II",
  applies = TRIAL_KNOWN .. [[ and hocking2003.trial_dose is known ]],
  when = [[ hocking2003.trial and hocking2003.trial_dose < 0.25 mg/kg ]],
  text = "The first (trial) session gives less than 0.25 mg/kg, below the 0.25-0.5 mg/kg trial dose the review "
      .. "suggests; a smaller dose may under-test the response.",
  source = { section = "Summary: suggested approach, item 3", quote = TRIAL_DOSE },
  judgment = TRIAL,
}

rule {
  id = "hocking2003.dosing.trial_too_fast",
  category = "dosing", action = "caution",
  grade = "II",
  applies = IV,
  when = [[ hocking2003.trial and (plan.infusion_duration < 30 min
                                   or (plan.infusion_rate == 0 mg/kg/h and plan.bolus > 0 mg/kg)) ]],
  text = "The trial dose is given in less than 30 minutes; the review suggests giving it slowly over 30 minutes.",
  source = { section = "Summary: suggested approach, item 3", quote = TRIAL_DOSE },
  judgment = TRIAL,
}

---------------------------------------------------------------- parenteral infusion rate (Discussion; item 6)

local TWO_RANGES = { id = "HOCKING-TWO-RANGES",
  note = "The review gives two parenteral ranges: 0.125-0.3 mg/kg/h 'appears to be optimal' (Discussion, level II) and "
      .. "0.14-0.4 mg/kg/h for severe acute-on-chronic episodes of neuropathic pain (suggested approach item 6, level "
      .. "IV). The pack states the item 6 range for such an episode and the general range otherwise (also while the "
      .. "episode is not recorded), so the pack takes one position on dosing.infusion_rate per patient. Both are IV "
      .. "or subcutaneous; rates are compared in mg/kg/h after exact conversion.",
  quotes = { "appears to be optimal (level II) but there are occasional reports of larger or smaller doses",
             "For severe acute on chronic episodes of neuropathic pain, administer ketamine by continuous infusion (IV or s.c.) at a rate of" } }

local OPTIMAL = "appears to be optimal (level II) but there are occasional reports of larger or smaller doses"
local AOC_RATE = "For severe acute on chronic episodes of neuropathic pain, administer ketamine by continuous infusion (IV or s.c.) at a rate of"

rule {
  id = "hocking2003.dosing.infusion_rate",
  category = "dosing", action = "info",
  grade = "II",
  topic = "dosing.infusion_rate", position = "0.125-0.3 mg/kg/h",
  applies = INFUSION_KNOWN,
  when = [[ pain.acute_on_chronic is unknown or not pain.acute_on_chronic ]],
  text = "Parenteral (IV or subcutaneous) ketamine: 0.125-0.3 mg/kg/h appears to be optimal, although larger and "
      .. "smaller doses are occasionally reported.",
  source = { section = "Discussion", quote = OPTIMAL },
  judgments = { TWO_RANGES,
    { id = "AMB-03",
      note = "The sources give different infusion ranges (this review 0.125-0.3 mg/kg/h; the 2018 guideline 0.5-2 "
          .. "mg/kg/h). The pack states the review's range as its position on dosing.infusion_rate and leaves the "
          .. "comparison to the disagreement list.",
      quotes = { OPTIMAL } } },
}

rule {
  id = "hocking2003.dosing.rate_above_optimal",
  category = "dosing", action = "caution",
  grade = "II",
  applies = INFUSION,
  when = [[ plan.infusion_rate > 0.3 mg/kg/h and not hocking2003.trial and not pain.acute_on_chronic ]],
  text = "The infusion rate is above 0.125-0.3 mg/kg/h, the range that appears optimal; larger doses are only "
      .. "occasionally reported.",
  source = { section = "Discussion", quote = OPTIMAL },
  judgments = { TWO_RANGES,
    { id = "HOCKING-ABOVE-RANGE",
      note = "The review calls 0.125-0.3 mg/kg/h optimal (level II) and names no harm above it (side effects show no "
          .. "consistent dose response; benefit is likely dose-dependent). A rate above it leaves the range its evidence "
          .. "supports: a caution, not a stop. The IV trial (item 3) and acute-on-chronic episodes (item 6) have their "
          .. "own doses and are not checked against this range.",
      quotes = { OPTIMAL, "Therapeutic benefit is likely to be dose-dependent (26)." } } },
}

rule {
  id = "hocking2003.dosing.rate_below_optimal",
  category = "dosing", action = "info",
  grade = "II",
  applies = INFUSION_KNOWN .. [[ and hocking2003.trial is known and not hocking2003.trial
                                  and pain.acute_on_chronic is known and not pain.acute_on_chronic ]],
  when = [[ plan.infusion_rate < 0.125 mg/kg/h ]],
  text = "The infusion rate is below 0.125-0.3 mg/kg/h, the range that appears optimal; smaller doses are only "
      .. "occasionally reported.",
  source = { section = "Discussion", quote = OPTIMAL },
  judgment = TWO_RANGES,
}

rule {
  id = "hocking2003.dosing.acute_on_chronic_rate",
  category = "dosing", action = "recommend",
  grade = "IV",
  topic = "dosing.infusion_rate", position = "0.14-0.4 mg/kg/h",
  applies = INFUSION_KNOWN .. [[ and pain.acute_on_chronic is known ]],
  when = [[ pain.acute_on_chronic ]],
  text = "Severe acute-on-chronic episode of neuropathic pain: give ketamine by continuous IV or subcutaneous "
      .. "infusion at 0.14-0.4 mg/kg/h.",
  source = { section = "Summary: suggested approach, item 6", quote = AOC_RATE },
  judgment = TWO_RANGES,
}

rule {
  id = "hocking2003.dosing.acute_on_chronic_above",
  category = "dosing", action = "caution",
  grade = "IV",
  applies = INFUSION,
  when = [[ pain.acute_on_chronic and plan.infusion_rate > 0.4 mg/kg/h ]],
  text = "The infusion rate is above the 0.14-0.4 mg/kg/h the review suggests for a severe acute-on-chronic episode "
      .. "of neuropathic pain.",
  source = { section = "Summary: suggested approach, item 6", quote = AOC_RATE },
  judgment = TWO_RANGES,
}

rule {
  id = "hocking2003.dosing.acute_on_chronic_below",
  category = "dosing", action = "info",
  grade = "IV",
  applies = INFUSION_KNOWN .. [[ and pain.acute_on_chronic is known ]],
  when = [[ pain.acute_on_chronic and plan.infusion_rate < 0.14 mg/kg/h ]],
  text = "The infusion rate is below the 0.14-0.4 mg/kg/h the review suggests for a severe acute-on-chronic episode "
      .. "of neuropathic pain.",
  source = { section = "Summary: suggested approach, item 6", quote = AOC_RATE },
  judgment = TWO_RANGES,
}

rule {
  id = "hocking2003.dosing.acute_on_chronic_not_infusion",
  category = "dosing", action = "info",
  grade = "IV",
  applies = [[ pain.acute_on_chronic is known and plan.route is known ]],
  when = [[ pain.acute_on_chronic and plan.route not in ["iv", "subcutaneous"] ]],
  text = "For a severe acute-on-chronic episode of neuropathic pain the review suggests a continuous IV or "
      .. "subcutaneous infusion, not the planned route.",
  source = { section = "Summary: suggested approach, item 6", quote = AOC_RATE },
  judgment = TWO_RANGES,
}
