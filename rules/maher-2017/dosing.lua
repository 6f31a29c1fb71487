-- dosing.lua — "Duration of Infusion", "Total Infusion Dose", "Infusion Rate" and the Discussion's
-- findings (1) and (2), both CEBM level 2 evidence for treatment, and protocol components (1)
-- and (2), ungraded. The review concerns intravenous infusions: every rule but the scope rule
-- applies to an IV plan and fires only when an infusion rate is planned (> 0).
-- Rates are compared in mg/kg/h after exact conversion (ug/kg/min, or mg/h divided by the weight).

local IV = [[ plan.route == "iv" ]]
local INFUSION = [[ plan.infusion_rate > 0 mg/kg/h ]]
local RATE_COMPONENT = "using a dose of ketamine between 0.1 and 0.5 mg/kg/h to avoid excessive sedation in the majority of patients"

-- AMB-20: the review's levels are levels of evidence, never grades (shared by the level 2 rules)
local LEVELS = { id = "AMB-20",
  note = "The abstract says the CEBM classification was used 'to stratify the grades of clinical recommendation'; "
      .. "the body says no gradation of recommendations is given. The pack shows the CEBM level of evidence the "
      .. "review attaches to the finding ('level 2 evidence for treatment'), never as a grade of recommendation.",
  quotes = { "was used to stratify the grades of clinical recommendation for each infusion variable studied",
             "no definitive recommendations or even gradation of the strengths of recommendations are provided in this review" } }

local AMB03 = { id = "AMB-03",
  note = "The sources give different infusion ranges: 0.1-0.5 mg/kg/h here, 0.5-2 mg/kg/h in the 2018 guideline, "
      .. "others lower still. The pack states this review's range as it is (topic dosing.infusion_rate), inclusive "
      .. "at both ends, and does not reconcile it with the others: a multi-pack evaluation lists the disagreement.",
  quotes = { RATE_COMPONENT, "The majority of described protocols use an infusion rate between 0.1 and 0.5 mg/kg/h" } }

rule {
  id = "maher2017.dosing.longest_feasible_duration",
  category = "dosing", action = "consider",
  grade = "2",
  topic = "dosing.duration_response", position = "longer_duration_longer_relief",
  applies = IV,
  when = INFUSION,
  text = "Plan the longest infusion duration that is logistically feasible, over several outpatient visits if "
      .. "necessary: longer infusions gave longer-lasting relief, and multihour outpatient treatments over several "
      .. "days may last longer than single or short infusions.",
  source = { section = "Discussion, finding (1); protocol component (1)",
             quote = "CEBM level 2 evidence for treatment suggests that longer-duration infusions of ketamine provide longer lasting pain relief for patients with chronic neuropathic pain." },
  judgments = { LEVELS,
    { id = "PACK-LEVEL-SCOPE",
      note = "Level 2 is attached to the finding (longer infusions, longer relief). The protocol component that rests "
          .. "on it (the longest feasible duration, over several outpatient visits) is ungraded in the review; the rule "
          .. "carries the finding's level because it states the finding.",
      quotes = { "applying the longest possible infusion duration that is logistically feasible using multiple outpatient clinic visits if necessary" } } },
}

rule {
  id = "maher2017.dosing.short_infusion",
  category = "dosing", action = "info",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and plan.infusion_duration <= 1 h ]],
  text = "An infusion of 1 hour or less: studies of such infusions reported pain relief for 3 hours or less (one "
      .. "retrospective study reported 1 to 2 days on average, and more than 3 weeks in over a third of patients; "
      .. "three 1-hour infusions every other day gave relief for 2 weeks).",
  source = { section = "Results: Duration of Infusion (1, 2)",
             quote = "Studies utilizing infusions lasting 1 hour or less reported a decrease in visual analog scale (VAS) or 11-point numerical rating scale only for 3 hours or less." },
}

rule {
  id = "maher2017.dosing.total_dose",
  category = "dosing", action = "info",
  grade = "2",
  topic = "dosing.dose_response", position = "higher_dose_more_relief",
  applies = IV,
  when = INFUSION,
  text = "A higher total dose of ketamine gave a greater degree of pain relief and possibly longer relief, whereas "
      .. "the infusion rate did not appear related to either; totals of 324 to 6800 mg (normalized to 70 kg) over "
      .. "several days gave relief lasting 4 weeks to 6 months.",
  source = { section = "Discussion, finding (2); Results: Total Infusion Dose",
             quote = "increases in the total dose of ketamine administered result in a higher degree of pain relief and possibly greater duration of pain relief" },
  judgments = { LEVELS,
    { id = "PACK-LEVEL-SCOPE",
      note = "The review gives the level after the finding ('This is also CEBM level 2 evidence'); the pack attaches "
          .. "it to the finding on total dose with the rate clause that introduces it. The review adds that longer "
          .. "relief cannot be attributed to the dose rather than the duration, and that, given over the same period, "
          .. "a larger dose gave more profound but not more lasting relief; the rule says 'possibly longer'.",
      quotes = { "This is also CEBM level 2 evidence for treatment with ketamine infusions.",
                 "demonstrates that increased doses will result in more profound, but not more lasting, pain relief when administered over the same period" } } },
}

rule {
  id = "maher2017.dosing.infusion_rate",
  category = "dosing", action = "consider",
  grade = false,
  topic = "dosing.infusion_rate", position = "0.1-0.5 mg/kg/h",
  applies = IV,
  when = INFUSION,
  text = "Use an infusion rate between 0.1 and 0.5 mg/kg/h, which avoids excessive sedation in the majority of "
      .. "patients; most published protocols used this range.",
  source = { section = "Discussion, protocol component (2); Results: Infusion Rate", quote = RATE_COMPONENT },
  judgment = AMB03,
}

rule {
  id = "maher2017.dosing.rate_above_range",
  category = "dosing", action = "caution",
  grade = false,
  applies = IV,
  when = [[ plan.infusion_rate > 0.5 mg/kg/h ]],
  text = "The infusion rate is above 0.1-0.5 mg/kg/h, the range the review advises to avoid excessive sedation in "
      .. "the majority of patients. Higher-rate protocols mostly needed ICU admission for supportive care and "
      .. "monitoring; similar relief was reported with lower rates given for longer.",
  source = { section = "Discussion, protocol component (2); Results: Infusion Rate", quote = RATE_COMPONENT },
  judgments = { AMB03,
    { id = "AMB-20",
      note = "The review says 'greater than 0.1 mg/kg/h' for the three high-rate protocols, which contradicts its own "
          .. "'majority ... between 0.1 and 0.5' (a higher figure was probably meant; the text cannot tell which). The "
          .. "pack reads 'higher rates' as rates above the 0.5 mg/kg/h top of the range and states no other number.",
      quotes = { "Three protocols describe the use of infusion rates of greater than 0.1 mg/ kg/h, 2 of which required admission to an ICU setting for supportive care and monitoring",
                 "However, similar durations of pain relief were reported with comparably lower infusion rates given for a prolonged period of time in an inpatient and outpatient setting." } } },
}

rule {
  id = "maher2017.dosing.rate_below_range",
  category = "dosing", action = "info",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and plan.infusion_rate < 0.1 mg/kg/h ]],
  text = "The infusion rate is below 0.1-0.5 mg/kg/h, the range most published protocols used. The review found the "
      .. "rate unrelated to relief, but a higher total dose gave more relief.",
  source = { section = "Results: Infusion Rate",
             quote = "The majority of described protocols use an infusion rate between 0.1 and 0.5 mg/kg/h" },
  judgment = AMB03,
}

rule {
  id = "maher2017.dosing.outside_review_scope",
  category = "dosing", action = "info",
  grade = false,
  effect = "caution",
  applies = [[ plan.route is known ]],
  when = [[ plan.route != "iv" or plan.infusion_rate == 0 mg/kg/h ]],
  text = "The review covers intravenous ketamine infusions only; it has no finding for this plan (another route, or "
      .. "a bolus without an infusion).",
  source = { section = "Methods",
             quote = "identify relevant peerreviewed articles discussing the use of IV ketamine infusions for the treatment of neurologic pain" },
  judgment = { id = "PACK-ROUTE-SCOPE",
    note = "The review searched for and analysed IV infusions only. A plan it does not cover is not silently "
        .. "'proceed': it gets this one caution, and every infusion rule of the pack is silent for it.",
    quotes = { "Our search included doses of ketamine infusions in both the subanesthetic and the sedative range" } },
}
