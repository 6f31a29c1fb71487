-- coverage.lua — every statement of the review that bears on a patient or a plan, mapped to the
-- rule ids that encode it; statements deliberately left out have no rules and a note saying why.
-- The loader checks every id; `medrule doc` prints the map.
local r = function(...)
  local t = {}
  for i, name in ipairs { ... } do t[i] = "maher2017." .. name end
  return t
end

coverage {
  ---------------------------------------------------------------- abstract and introduction
  { item = "Abstract: longer relief is associated with higher total doses, prolonged infusions (rate not a factor) and adjunct midazolam and/or clonidine",
    rules = r("dosing.total_dose", "dosing.longest_feasible_duration", "rescue.adjunct_consider",
              "rescue.midazolam_planned", "rescue.clonidine_planned") },
  { item = "Abstract: the CEBM classification 'used to stratify the grades of clinical recommendation'", rules = {},
    note = "Left out: contradicted by the body, which gives no grades (AMB-20). The pack shows CEBM levels of evidence only (pack.lua)." },
  { item = "Introduction: pharmacology (receptors, half-lives, CYP metabolism, norketamine, 11-day analgesic half-life after 100 h of S-ketamine)", rules = {},
    note = "Left out: background with no statement about a patient or a plan." },
  { item = "Introduction: subanesthetic doses defined as <1 mg/kg or doses causing minimal acceptable sedation", rules = {},
    note = "Left out: a definition the review uses for postoperative pain, not a threshold it applies to infusions (AMB-27)." },

  ---------------------------------------------------------------- methods
  { item = "Methods: IV ketamine infusions for neuropathic pain; perioperative use, case reports and small retrospective studies excluded",
    rules = r("dosing.outside_review_scope") },
  { item = "Methods: Table 1, Oxford CEBM levels of evidence", rules = {},
    note = "Encoded as the pack's evidence scale (pack.lua), not as a rule." },
  { item = "Methods: Figure (PRISMA flow diagram)", rules = {}, note = "Left out: search flow, no clinical statement." },
  { item = "Results: Table 2 (the reviewed studies, row by row)", rules = {},
    note = "Left out as a table: garbled by the text extraction, its first page missing, and its units at odds with other "
        .. "sources for the same trials (AMB-15, AMB-20). Its numbers enter only where the narrative states them." },

  ---------------------------------------------------------------- results: duration
  { item = "Duration (1): infusions of 1 h or less relieved pain for 3 h or less; one retrospective exception (1-2 days, over a third >3 weeks)",
    rules = r("dosing.short_infusion") },
  { item = "Duration (2): three 1-h infusions every other day gave 2 weeks; a 1-h protocol lasted to 48 h only with calcitonin",
    rules = r("dosing.short_infusion"),
    note = "The calcitonin combination (one phantom limb study) is not encoded: one small study, no fact for calcitonin." },
  { item = "Duration (3): 2-h infusion equal to alfentanil; 5-h infusion 2 weeks, not 3-4; 4 h for 10 days up to 12 weeks",
    rules = r("dosing.longest_feasible_duration", "indication.spinal_cord_injury") },
  { item = "Duration (4): 4- to 5-day inpatient or ICU protocols gave 6 weeks to 6 months; side effects at the same rate whatever the duration",
    rules = r("dosing.longest_feasible_duration", "indication.crps", "setting.side_effects") },

  ---------------------------------------------------------------- results: total dose
  { item = "Total dose (1): 324-6800 mg over several days (70 kg) gave 4 weeks to 6 months; 1000 mg over 10 days as outpatient; high doses only studied in CRPS",
    rules = r("dosing.total_dose", "indication.crps") },
  { item = "Total dose (2): 35 mg gave more, not longer, relief than 17.5 mg over 30 min; 80 mg gave 2 weeks in spinal cord injury; smaller totals only immediate relief",
    rules = r("dosing.total_dose", "indication.spinal_cord_injury") },
  { item = "Total dose (3): psychomimetic side effects at about the same rate whatever the dose (possibly confounded by midazolam)",
    rules = r("setting.side_effects") },

  ---------------------------------------------------------------- results: rate
  { item = "Rate: most protocols used 0.1-0.5 mg/kg/h; rates chosen from experience or to avoid side effects",
    rules = r("dosing.infusion_rate", "dosing.rate_below_range") },
  { item = "Rate: three higher-rate protocols (two in an ICU, one monitored outpatient); ICU rates lengthened relief, but lower rates for longer did as well",
    rules = r("dosing.rate_above_range") },
  { item = "Rate: unpleasant side effects comparable between rates (sentence truncated in the source)",
    rules = r("setting.side_effects") },

  ---------------------------------------------------------------- results: combination drugs
  { item = "Combination (1): midazolam as preinfusion boluses 2-7.5 mg, 2-4 mg as needed, or infusions 0.1-0.4 mg/kg/h",
    rules = r("rescue.adjunct_consider", "rescue.midazolam_above_reported") },
  { item = "Combination (1): larger cumulative midazolam doses gave sedation and did not lengthen relief; effects not attributable to ketamine or midazolam alone",
    rules = r("rescue.midazolam_planned", "rescue.midazolam_above_reported") },
  { item = "Combination (1): midazolam 5 mg as active placebo relieved pain at 1.5 and 3 h; its muscle relaxation may contribute",
    rules = r("rescue.midazolam_planned"),
    note = "Folded into 'its effects cannot be clearly told apart from ketamine's'; the muscle-relaxation hypothesis is not stated." },
  { item = "Combination (1): midazolam associated with fewer hallucinations and less dysphoria, not fewer headaches, nausea, somnolence or dizziness",
    rules = r("rescue.midazolam_planned", "rescue.adjunct_consider") },
  { item = "Combination (2): clonidine 0.1 mg oral, 0.1 mg/d patch or 0.2-0.85 ug/kg/h IV with ketamine and midazolam to decrease side effects",
    rules = r("rescue.clonidine_planned", "rescue.clonidine_above_reported") },
  { item = "Combination (2): calcitonin, opioids (alfentanil comparisons), gabapentin with midazolam", rules = {},
    note = "Left out: single small studies or comparators, not advice on a protocol; no facts for these drugs (plan.adjuncts has 'other')." },

  ---------------------------------------------------------------- results: conditions
  { item = "CRPS: relief of several weeks after 4-5 day inpatient infusions, months with serial outpatient infusions; possible optimal duration of several hours; not related to dose or rate",
    rules = r("indication.crps") },
  { item = "Fibromyalgia: three low-dose studies, no benefit beyond the first few hours; higher dose untested",
    rules = r("indication.fibromyalgia") },
  { item = "Traumatic spinal cord injury: short low-dose infusions only immediate relief; 80 mg over 5 h relief for 2 weeks",
    rules = r("indication.spinal_cord_injury") },
  { item = "Other pain pathologies: too few studies per diagnosis for meaningful comparison",
    rules = r("indication.other_conditions") },

  ---------------------------------------------------------------- discussion
  { item = "Discussion: no meta-analysis possible; definite recommendations cannot be made", rules = {},
    note = "Encoded as the pack policy: no stops, levels never shown as grades (pack.lua)." },
  { item = "Discussion finding (1), CEBM level 2: longer-duration infusions give longer relief; multihour outpatient treatments over several days",
    rules = r("dosing.longest_feasible_duration") },
  { item = "Discussion finding (2), CEBM level 2: rate unrelated to relief; higher total dose gives more and possibly longer relief",
    rules = r("dosing.total_dose", "dosing.rate_below_range") },
  { item = "Discussion finding (3), CEBM level 2: side effects under almost all protocols whatever the rate, duration or total dose",
    rules = r("setting.side_effects") },
  { item = "Discussion finding (3), ungraded: coadministered midazolam reduces side effects and may add analgesia; other serious side effects should be monitored",
    rules = r("rescue.adjunct_consider", "rescue.midazolam_planned", "setting.side_effects", "setting.monitor_during_after") },
  { item = "Protocol component (1): the longest feasible infusion duration, with several outpatient visits if necessary",
    rules = r("dosing.longest_feasible_duration") },
  { item = "Protocol component (2): 0.1-0.5 mg/kg/h to avoid excessive sedation in the majority of patients",
    rules = r("dosing.infusion_rate", "dosing.rate_above_range", "dosing.rate_below_range") },
  { item = "Protocol component (3): adjuncts such as midazolam to decrease psychomimetic side effects and possibly improve relief",
    rules = r("rescue.adjunct_consider", "rescue.midazolam_planned") },
  { item = "All infusions in a monitored setting with standard ASA monitors under physician supervision",
    rules = r("setting.monitored_every_infusion", "setting.asa_monitors_missing", "personnel.physician_supervision_missing") },
  { item = "0.1-0.5 mg/kg/h does not remove the need to monitor sedation; safe and effective in the monitored outpatient, non-ICU setting",
    rules = r("setting.outpatient_in_range", "setting.monitor_during_after") },
  { item = "Excessive sedation, dysphoria and cardiovascular complications monitored during and after the infusion",
    rules = r("setting.monitor_during_after") },

  ---------------------------------------------------------------- caveats and summary
  { item = "Caveats (1)-(3): no comparative effectiveness trials; comparative trials needed; protocols per diagnosis not established",
    rules = {}, note = "Left out: a research agenda, not advice for a patient." },
  { item = "Caveat (4): psychomimetic effects mitigated by midazolam or clonidine", rules = r("rescue.adjunct_consider", "rescue.clonidine_planned") },
  { item = "Caveat (4): nonpsychomimetic side effects need study, particularly at high doses and long durations; hepatotoxicity reported",
    rules = r("setting.hepatotoxicity") },
  { item = "Summary and future directions: paucity of evidence; comparative studies needed", rules = {},
    note = "Left out: a research agenda, not advice for a patient." },
}
