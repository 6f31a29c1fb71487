-- dosing.lua — the review's semi-quantitative analysis of IV infusion duration (Figure 2), its findings on
-- short and long-term infusions, and the doses of the trials behind them. Every statement is about the
-- PLANNED regimen (plan.route iv, plan.infusion_duration of one session) and informs only (effect none): the
-- review recommends no duration, rate or dose.
--
-- The four duration bands carry the shared topic dosing.duration_response with the position
-- "longer_duration_longer_relief" (longer infusions, a higher study-level probability of relief lasting more
-- than 48 h; the review states no optimum or upper limit), the id and value the Maher 2017 pack uses for the
-- same finding. Exactly one band fires for a planned IV infusion whose duration is known.

-- a planned IV infusion: the route is IV and the plan is not a bolus only (rate 0)
local IV_INFUSION = [[ plan.route is known and plan.route == "iv"
                       and not (plan.infusion_rate is known and plan.infusion_rate == 0 mg/kg/h) ]]

local FIG2 = "At infusion duration > 10 h the probability of an effect lasting > 48 h approaches 95%, while at durations > 30 h the probability approaches 99%."

local AMB05 = { id = "AMB-05",
  note = "Figure 2 is a logistic regression over randomized trials: each point is one study, scored 0-3 (3 = a "
      .. "significant reduction with relief persisting at least 48 h after the infusion), among trials that infused "
      .. "at least 0.15 mg/kg. Its 95% and 99% figures are the probability that a study of that infusion duration "
      .. "reached score 3, not this patient's probability of relief (nor of '>50% relief', as the 2018 guideline "
      .. "restates it). Every duration statement says so. The pack reads the duration as one session "
      .. "(plan.infusion_duration); the review does not say whether repeated infusions add up (dosing.series_daily_infusions).",
  quotes = { "Each filled circle is one study.", "The continuous line is the result of a logistic regression analysis.",
             "a significant reduction in pain intensity with pain relief persisting for at least 48 h following the termination of infusion (effect = 3)",
             FIG2 } }

local BANDS = { id = "PACK-DURATION-BANDS",
  note = "The bands follow the review's own cut-offs: under 4 h ('short-term infusions (< 4 h)', whose trials ran 30 "
      .. "min to 2 h), more than 10 h and more than 30 h (Figure 2). Between 4 and 10 h the review gives no figure; "
      .. "the pack says only that the curve rises with duration (median effect at 1.7 h).",
  quotes = { "The infusion duration of these studies ranged from 30 min to 2 h.",
             "ID50 = 1.7 ± 0.8 h (median \\pm SEM) in a dose range of 0.15-0.5 mg/kg." } }

-- AMB05 with a rule's own note and quotes added (one judgment per id)
local function amb05(note, quotes)
  local qs = {}
  for _, q in ipairs(AMB05.quotes) do qs[#qs + 1] = q end
  for _, q in ipairs(quotes) do qs[#qs + 1] = q end
  return { id = AMB05.id, note = AMB05.note .. " " .. note, quotes = qs }
end

local NOT_PATIENT = "This is a study-level figure from a regression over trials, not this patient's probability."

rule {
  id = "noppers2010.dosing.duration_short",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.duration_response", position = "longer_duration_longer_relief",
  applies = IV_INFUSION,
  when = [[ plan.infusion_duration < 4 h ]],
  text = "Planned IV infusion shorter than 4 hours: in the review's trials, short infusions (30 minutes to 2 hours) "
      .. "reduced chronic pain by about 50% whatever the dose, but the effect dissipated rapidly after the infusion "
      .. "and mostly did not persist beyond 48 hours. These are findings across trials, not a prediction for this "
      .. "patient.",
  source = { section = "Summary and conclusions; Figure 2",
             quote = "when applying short-term infusions (< 4 h) chronic pain is reduced by about 50% irrespective of the dose given, but the effect dissipates rapidly upon the termination of infusion" },
  judgments = { AMB05, BANDS, { id = "AMB-06",
    note = "The review finds short infusions effective 'irrespective of the dose given', while the 2018 guideline "
        .. "reports a dose-response; the pack states the review's finding and draws no dose advice from it.",
    quotes = { "the majority of studies demonstrate a more than 50% reduction of pain intensity, but the effect did not persist beyond the 48 h following infusion" } } },
}

rule {
  id = "noppers2010.dosing.duration_4_to_10h",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.duration_response", position = "longer_duration_longer_relief",
  applies = IV_INFUSION,
  when = [[ plan.infusion_duration >= 4 h and plan.infusion_duration <= 10 h ]],
  text = "Planned IV infusion of 4 to 10 hours: in the review's regression over trials the effect rises with infusion "
      .. "duration (median effect at 1.7 hours), but it gives a probability of relief lasting more than 48 hours only "
      .. "beyond 10 hours (about 95%) and 30 hours (about 99%). These are study-level figures, not this patient's "
      .. "probability.",
  source = { section = "Clinical efficacy; Figure 2", quote = FIG2 },
  judgments = { AMB05, BANDS },
}

rule {
  id = "noppers2010.dosing.duration_over_10h",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.duration_response", position = "longer_duration_longer_relief",
  applies = IV_INFUSION,
  when = [[ plan.infusion_duration > 10 h and plan.infusion_duration <= 30 h ]],
  text = "Planned IV infusion longer than 10 hours: in the review's regression over trials, infusions this long had a "
      .. "probability approaching 95% of an effect lasting more than 48 hours. " .. NOT_PATIENT .. " In the long-term "
      .. "trials relief lasted weeks but slowly faded; no regimen gave a permanent reduction of pain.",
  source = { section = "Clinical efficacy; Figure 2",
             quote = "Our analysis indicates that at an infusion duration > 10 h the probability of an effect lasting > 48 h approaches 95%" },
  judgments = { amb05("The long-term trials' relief faded: the review says these regimens were insufficient to reduce "
        .. "pain permanently, so the statement says so beside the probability.",
    { "This indicates that these infusion paradigms were insufficient to cause a permanent reduction of pain.",
      "show that the duration of effect lasts multiple weeks, although a slow return to pretreatment pain scores is observed in all studies" }),
    BANDS },
}

rule {
  id = "noppers2010.dosing.duration_over_30h",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.duration_response", position = "longer_duration_longer_relief",
  applies = IV_INFUSION,
  when = [[ plan.infusion_duration > 30 h ]],
  text = "Planned IV infusion longer than 30 hours: in the review's regression over trials, infusions this long had a "
      .. "probability approaching 99% of an effect lasting more than 48 hours. " .. NOT_PATIENT .. " In the long-term "
      .. "trials (up to 4.2 days continuous) relief lasted weeks but slowly faded; no regimen gave a permanent "
      .. "reduction of pain.",
  source = { section = "Clinical efficacy; Figure 2", quote = FIG2 },
  judgments = { amb05("As for infusions over 10 h, the relief of the long-term trials faded.",
    { "This indicates that these infusion paradigms were insufficient to cause a permanent reduction of pain." }),
    BANDS },
}

rule {
  id = "noppers2010.dosing.series_daily_infusions",
  category = "dosing", action = "info",
  grade = false,
  applies = IV_INFUSION,
  when = [[ plan.series and plan.infusion_duration <= 10 h ]],
  text = "A series of IV infusions of 10 hours or less each: the review counts daily 4-hour infusions for 10 days "
      .. "and 5-hour infusions daily for a week among the long-term schemes whose relief lasted beyond 48 hours "
      .. "(weeks); it does not say whether its 10-hour and 30-hour figures mean continuous or cumulative hours.",
  source = { section = "Clinical efficacy",
             quote = "employed long-term infusion schemes (4.2 days continuous to daily 4-h infusions for 10 days, with a dose range of 16 to 25 mg/h)" },
  judgment = { id = "AMB-05",
    note = "Continuous or cumulative hours is unspecified (the 2018 guideline reads it as cumulative). The pack "
        .. "applies the duration bands to one session only and, for a series, adds this statement instead of "
        .. "summing hours.",
    quotes = { "Group 1 (n = 20) received 80 mg intravenous ketamine over 5 h daily for one week",
               "Possibly other infusion regimes (e.g. regular 10-h infusions, daily 1- to 2-h infusions) may have a more permanent effect. None of the published RCTs addressed this issue." } },
}

rule {
  id = "noppers2010.dosing.below_analysed_dose",
  category = "dosing", action = "info",
  grade = false,
  applies = IV_INFUSION,
  when = [[ plan.total_dose < 0.15 mg/kg * patient.weight ]],
  text = "The planned session infuses less than 0.15 mg/kg in total: the review's duration analysis included only "
      .. "trials that infused at least 0.15 mg/kg, so its duration figures do not describe this dose.",
  source = { section = "Figure 2",
             quote = "Randomized controlled trials that infused at least 0.15 mg/kg were included in the analysis." },
}

rule {
  id = "noppers2010.dosing.rate_above_long_term_trials",
  category = "dosing", action = "info",
  grade = false,
  applies = IV_INFUSION,
  when = [[ plan.infusion_rate * patient.weight > 25 mg/h ]],
  text = "The planned rate is above 25 mg/h, the top of the 16-25 mg/h of the three long-term trials whose relief "
      .. "lasted weeks (mean about 20 mg/h); the review finds psychotropic side effects dose dependent and says safe "
      .. "dosing schemes still have to be developed.",
  source = { section = "Clinical efficacy",
             quote = "employed long-term infusion schemes (4.2 days continuous to daily 4-h infusions for 10 days, with a dose range of 16 to 25 mg/h)" },
  judgment = { id = "PACK-MG-PER-HOUR",
    note = "The review recommends no infusion rate (so this pack takes no position on dosing.infusion_rate); it "
        .. "reports the long-term trials' rates in mg/h (one with S(+)-ketamine, about twice as potent as the "
        .. "racemate). The pack compares the planned rate times the weight with 25 mg/h and only informs.",
    quotes = { "Three recent studies", "(mean infusion rate 20 mg/h)", "These effects are dose dependent.",
               "Finally, safe dosing schemes need to be developed that ensure persistent relief of pain." } },
}
