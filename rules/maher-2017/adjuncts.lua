-- adjuncts.lua — "Combination Drug Protocols", protocol component (3) and caveat (4): adjunct
-- midazolam and clonidine. All ungraded (PACK-LEVEL-SCOPE: the level 2 of finding (3) belongs to
-- the side-effect sentence, not to the sentence on coadministered medications after it).
-- Whether midazolam or clonidine is planned: derived.lua (PACK-ADJUNCT-DOSES in pack.lua).

local IV = [[ plan.route == "iv" ]]
local INFUSION = [[ plan.infusion_rate > 0 mg/kg/h ]]
local MIDAZOLAM_DOSES = "Several protocols used coadministration of midazolam as preinfusion IV boluses of 2 to 7.5 mg, 2 to 4 mg IV PRN doses, or simultaneous infusions at rates of 0.1 to 0.4"
local CLONIDINE_DOSES = "Three protocols utilized 0.1 mg oral clonidine, 0.1 mg/d clonidine patch, or 0.2 to 0.85"

local SCOPE = { id = "PACK-LEVEL-SCOPE",
  note = "The sentence on coadministered medications follows the level 2 finding on side effects; the review does not "
      .. "give it a level of its own, and its results contradict it in part (no fewer headaches, nausea, somnolence or "
      .. "dizziness). The pack leaves the adjunct statements ungraded.",
  quotes = { "The use of coadministered medications, such as midazolam, reduces the incidences of side effects and may also provide additional analgesic benefit.",
             "However, ketamine-infused patients who additionally received midazolam did not have a reduction in the incidence of headaches, nausea, somnolence, and dizziness." } }

local AMB18 = { id = "AMB-18",
  note = "Sources disagree on whether benzodiazepine premedication reduces psychomimetic effects (not altered in one "
      .. "review; may lessen but not eliminate in the 2018 guideline). This review associates midazolam with fewer "
      .. "hallucinations and less dysphoria; the pack states that (topic rescue.benzodiazepine_premedication).",
  quotes = { "The use of midazolam is associated with a decrease in hallucinations and dysphoria." } }

local DOSES = { id = "PACK-ADJUNCT-DOSES",
  note = "The review lists the adjunct doses the protocols used and recommends none. A planned dose above every one of "
      .. "them is a caution (no reviewed protocol used more; larger midazolam doses served sedation, not longer "
      .. "relief); a dose within them is information. A bolus or as-needed dose is compared with the largest single "
      .. "dose reported, a rate with the largest rate reported.",
  quotes = { MIDAZOLAM_DOSES, CLONIDINE_DOSES,
             "Larger cumulative doses of midazolam were used to provide sedation in an effort to keep patients comfortable during an infusion, and the dose did not seem to correlate with the duration of pain relief." } }

rule {
  id = "maher2017.rescue.adjunct_consider",
  category = "rescue", action = "consider",
  grade = false,
  topic = "rescue.benzodiazepine_premedication", position = "reduces_psychomimetic",
  applies = IV,
  when = INFUSION .. [[ and not maher2017.midazolam_planned ]],
  text = "Consider adjunct midazolam (preinfusion IV boluses of 2 to 7.5 mg, or 2 to 4 mg IV as needed) to decrease "
      .. "psychomimetic side effects and possibly improve pain relief; clonidine has also been added to decrease side "
      .. "effects.",
  source = { section = "Discussion, protocol component (3); Results: Combination Drug Protocols",
             quote = "utilizing adjunct medications such as midazolam to decrease the incidence of psychomimetic side effects and possibly improve the degree of pain relief" },
  judgments = { SCOPE, AMB18,
    { id = "PACK-ADJUNCT-DOSES",
      note = "The advice names the midazolam boluses and as-needed doses only. The simultaneous midazolam infusions "
          .. "(0.1 to 0.4 mg/kg/h) are sedating doses; the review does not say in which setting each protocol gave them, "
          .. "and its table lists one in a 5-day ICU protocol, so the pack does not offer them as a default (a planned "
          .. "midazolam rate is still checked against the largest reported).",
      quotes = { MIDAZOLAM_DOSES, "5 d continuously in an inpatient ICU setting." } } },
}

rule {
  id = "maher2017.rescue.midazolam_planned",
  category = "rescue", action = "info",
  grade = false,
  topic = "rescue.benzodiazepine_premedication", position = "reduces_psychomimetic",
  applies = IV,
  when = INFUSION .. [[ and maher2017.midazolam_planned ]],
  text = "Planned midazolam: it was associated with fewer hallucinations and less dysphoria, but not with fewer "
      .. "headaches, nausea, somnolence or dizziness; larger cumulative doses gave sedation without longer relief, and "
      .. "its effects cannot be clearly told apart from ketamine's.",
  source = { section = "Results: Combination Drug Protocols",
             quote = "The use of midazolam is associated with a decrease in hallucinations and dysphoria." },
  judgments = { SCOPE, AMB18 },
}

rule {
  id = "maher2017.rescue.midazolam_above_reported",
  category = "rescue", action = "caution",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and (plan.midazolam_dose > 7.5 mg or plan.midazolam_rate > 0.4 mg/kg/h) ]],
  text = "The planned midazolam exceeds every dose the reviewed protocols used (IV boluses of 2 to 7.5 mg, 2 to 4 mg "
      .. "as needed, infusions up to 0.4 mg/kg/h); larger doses gave sedation, not longer relief.",
  source = { section = "Results: Combination Drug Protocols", quote = MIDAZOLAM_DOSES },
  judgment = DOSES,
}

rule {
  id = "maher2017.rescue.clonidine_planned",
  category = "rescue", action = "info",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and maher2017.clonidine_planned ]],
  text = "Planned clonidine: three protocols gave it (0.1 mg by mouth, a 0.1 mg/d patch, or 0.2 to 0.85 ug/kg/h IV) "
      .. "with ketamine and midazolam to decrease side effects.",
  source = { section = "Results: Combination Drug Protocols", quote = CLONIDINE_DOSES },
  judgment = { id = "PACK-LEVEL-SCOPE",
    note = "Ungraded: the review gives clonidine no level; it names it with midazolam as a possible way to mitigate "
        .. "psychomimetic side effects.",
    quotes = { "Currently, the mitigation of unpleasant psychomimetic side effects is potentially achieved by coadministration of medications, such as midazolam or clonidine." } },
}

rule {
  id = "maher2017.rescue.clonidine_above_reported",
  category = "rescue", action = "caution",
  grade = false,
  applies = IV,
  when = INFUSION .. [[ and (plan.clonidine_dose > 0.1 mg or plan.clonidine_rate > 0.85 ug/kg/h) ]],
  text = "The planned clonidine exceeds every dose the reviewed protocols used (0.1 mg by mouth, a 0.1 mg/d patch, "
      .. "0.2 to 0.85 ug/kg/h IV).",
  source = { section = "Results: Combination Drug Protocols", quote = CLONIDINE_DOSES },
  judgment = DOSES,
}
