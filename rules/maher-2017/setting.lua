-- setting.lua — the Discussion's setting and monitoring paragraph, finding (3) on side effects
-- (CEBM level 2 evidence for treatment) and caveat (4) on hepatotoxicity. The review asks for a
-- monitored setting with standard ASA monitors under physician supervision for EVERY infusion,
-- whatever the dose (topic setting.monitoring, "every_infusion"); a missing monitor or supervisor
-- is a caution, not a stop (PACK-NO-STOPS in pack.lua).

local IV = [[ plan.route == "iv" ]]
local INFUSION = [[ plan.infusion_rate > 0 mg/kg/h ]]
local SETTING = "All infusions should be done in a monitored setting with standard American Society of Anesthesiology monitors under physician supervision."

local NO_STOPS = { id = "PACK-NO-STOPS",
  note = "The review's one directive ('should be done in a monitored setting ... under physician supervision') is a "
      .. "positive 'should' in a review that makes no definite recommendation and lists no contraindication. A missing "
      .. "ASA monitor or physician supervisor is therefore a caution (proceed with caution), not do_not_proceed.",
  quotes = { SETTING, "Definite recommendations cannot be made based on available literature." } }

rule {
  id = "maher2017.setting.monitored_every_infusion",
  category = "setting", action = "recommend",
  grade = false,
  topic = "setting.monitoring", position = "every_infusion",
  applies = IV,
  when = INFUSION,
  text = "Give every infusion, whatever the dose, in a monitored setting with standard ASA monitors under physician "
      .. "supervision.",
  source = { section = "Discussion", quote = SETTING },
  judgment = { id = "AMB-22",
    note = "This review asks for a monitored setting with standard ASA monitors for all infusions; the 2018 guideline "
        .. "ties its monitored setting to dose thresholds (with basic monitoring at any dose). The pack keeps this "
        .. "review's position for every IV infusion; a multi-pack evaluation lists the disagreement.",
    quotes = { SETTING } },
}

rule {
  id = "maher2017.setting.asa_monitors_missing",
  category = "setting", action = "caution",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and not site.asa_monitors ]],
  text = "Standard ASA monitors are not in use: the review advises a monitored setting with standard ASA monitors for "
      .. "every infusion.",
  source = { section = "Discussion", quote = SETTING },
  judgment = NO_STOPS,
}

rule {
  id = "maher2017.personnel.physician_supervision_missing",
  category = "personnel", action = "caution",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and not staff.physician_supervision ]],
  text = "No physician supervises the infusion: the review advises physician supervision for every infusion.",
  source = { section = "Discussion", quote = SETTING },
  judgment = NO_STOPS,
}

rule {
  id = "maher2017.setting.monitor_during_after",
  category = "setting", action = "recommend",
  grade = false,
  applies = IV,
  when = INFUSION,
  text = "Monitor for excessive sedation, dysphoria and cardiovascular complications during and after the infusion; "
      .. "a rate within 0.1-0.5 mg/kg/h does not remove the need to monitor for sedation.",
  source = { section = "Discussion",
             quote = "Potential adverse outcomes, such as excessive sedation, dysphoria, and cardiovascular complications, should be monitored during and after the infusion." },
}

rule {
  id = "maher2017.setting.outpatient_in_range",
  category = "setting", action = "info",
  grade = false,
  applies = IV,
  when = [[ plan.infusion_rate >= 0.1 mg/kg/h and plan.infusion_rate <= 0.5 mg/kg/h and plan.setting == "outpatient" ]],
  text = "Outpatient infusion at 0.1-0.5 mg/kg/h: safe and effective use of this range has been reported in the "
      .. "monitored outpatient, non-ICU setting; it still needs monitoring for sedation.",
  source = { section = "Discussion",
             quote = "safe and effective use of this range has been reported in the monitored outpatient, non-ICU setting" },
}

rule {
  id = "maher2017.setting.side_effects",
  category = "setting", action = "info",
  grade = "2",
  topic = "adverse.dose_dependence", position = "independent_of_dose",
  applies = IV,
  when = INFUSION,
  text = "Expect side effects: patients had them under almost every protocol, whatever the infusion rate, duration or "
      .. "total dose. Other serious side effects may still occur and should be monitored.",
  source = { section = "Discussion, finding (3)",
             quote = "There is level 2 evidence for treatment that patients subject to almost all infusion protocols experience side effects regardless of infusion rate, infusion duration, or total ketamine infused." },
  judgments = {
    { id = "AMB-20",
      note = "Level 2 is the review's CEBM level of evidence for this finding, not a grade of recommendation.",
      quotes = { "no definitive recommendations or even gradation of the strengths of recommendations are provided in this review" } },
    { id = "AMB-17",
      note = "Whether side effects depend on the dose is disputed between sources (dose dependent in one review, "
          .. "unclear in the 2018 guideline). This review finds the rate of side effects independent of rate, duration "
          .. "and dose, while noting that midazolam in the higher-dose protocols may confound it; the pack states its "
          .. "finding as it is (topic adverse.dose_dependence).",
      quotes = { "unpleasant psychomimetic side effects occurred at approximately the same rate regardless of the infused dose",
                 "This observation might be confounded by the use of coadministered medications, such as midazolam, in the cases with higher-dose ketamine infusions." } } },
}

rule {
  id = "maher2017.setting.hepatotoxicity",
  category = "setting", action = "info",
  grade = false,
  applies = IV,
  when = INFUSION,
  text = "Hepatotoxicity has been reported after ketamine infusions; side effects other than psychomimetic ones need "
      .. "further study, particularly with high doses and long infusions.",
  source = { section = "Caveats of Current Ketamine Infusion Protocols (4)",
             quote = "In this regard, hepatotoxicity has been reported after ketamine infusions." },
}
