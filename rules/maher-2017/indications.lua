-- indications.lua — "Results for Specific Pain Conditions". The review grades no condition
-- (every rule here is ungraded) and reports on three: CRPS, fibromyalgia and traumatic spinal
-- cord injury. For the others it says only that too few studies allow no comparison.
-- Topic positions: PACK-INDICATION-POSITIONS in pack.lua.

local POSITIONS = { id = "PACK-INDICATION-POSITIONS",
  note = "The review grades no condition; its CEBM levels belong to its three protocol findings. The position on "
      .. "the shared indication topic is read from what it reports: 'supported' where it reports relief from "
      .. "randomized trials that outlasts the infusion (CRPS: several weeks to months; traumatic spinal cord injury: "
      .. "2 weeks at the higher dose), 'weak_or_no_evidence' where no study reported benefit beyond the first few "
      .. "hours (fibromyalgia; the review calls the short-term changes encouraging, so not 'against'). The rules "
      .. "stay ungraded: reading a position is not a level.",
  quotes = { "16 prospective randomized placebo-controlled trials",
             "No study reported benefits beyond the first few hours after the infusion.",
             "The changes in pain scores after the infusion in 2 studies are encouraging" } }

rule {
  id = "maher2017.indication.crps",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.crps", position = "supported",
  when = [[ "crps" in pain.conditions ]],
  text = "CRPS: most of six studies report pain relief lasting several weeks after a 4- to 5-day inpatient infusion, "
      .. "and serial outpatient protocols relief lasting several months in some cases; relief did not seem related to "
      .. "the dose or the rate. There may be an optimal duration of several hours beyond which side effects rise "
      .. "without further benefit. High-dose infusions have only been studied in CRPS.",
  source = { section = "Results for Specific Pain Conditions: Complex Regional Pain Syndrome",
             quote = "The majority of these articles report pain relief of several weeks after an infusion in an inpatient setting over 4 to 5 days." },
  judgments = { POSITIONS,
    { id = "PACK-CRPS-DURATION",
      note = "The CRPS section states that 'there may be an optimal infusion duration of several hours' beyond which "
          .. "side effects increase, against the general trend (longer infusions, longer relief; level 2). The pack "
          .. "states the general finding for every infusion and this CRPS caveat here, ungraded, as the review does.",
      quotes = { "there may be an optimal infusion duration of several hours beyond which no benefit is derived but the potential for side effects increases",
                 "It should be noted that high-dose infusions have only been studied in CRPS patients." } } },
}

rule {
  id = "maher2017.indication.spinal_cord_injury",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.spinal_cord_injury", position = "supported",
  when = [[ "spinal_cord_injury" in pain.conditions ]],
  text = "Traumatic spinal cord injury pain: short, low-dose infusions (17 to 40 minutes) relieved pain only right "
      .. "after the infusion; a higher dose (80 mg over 5 hours) gave relief lasting 2 weeks, not 3 or 4.",
  source = { section = "Results for Specific Pain Conditions: Traumatic Spinal Cord Injury",
             quote = "shorter infusion times and lower total doses of ketamine provided relief only in the immediate postinfusion phase, whereas higher doses provided relief that lasted 2 weeks" },
  judgment = POSITIONS,
}

rule {
  id = "maher2017.indication.fibromyalgia",
  category = "indication", action = "caution",
  grade = false,
  topic = "indication.fibromyalgia", position = "weak_or_no_evidence",
  when = [[ "fibromyalgia" in pain.conditions ]],
  text = "Fibromyalgia: in three studies (0.3 to 0.5 mg/kg over 10 to 30 minutes) no study reported benefit beyond "
      .. "the first few hours after the infusion; whether a higher dose would give longer relief is not known.",
  source = { section = "Results for Specific Pain Conditions: Fibromyalgia",
             quote = "No study reported benefits beyond the first few hours after the infusion." },
  judgments = { POSITIONS,
    { id = "AMB-14",
      note = "The sources disagree on fibromyalgia (level II evidence of pain relief in other reviews, weak or no "
          .. "evidence in the 2018 guideline). This review reports short-term relief only and leaves open whether a "
          .. "higher dose would last longer. The pack words it as a caution about the expected benefit, not as a "
          .. "finding against ketamine.",
      quotes = { "It is not certain whether this is because of a lack of responsiveness of fibromyalgia pain to ketamine infusions or whether a higher dose is required to produce longer lasting analgesia." } } },
}

rule {
  id = "maher2017.indication.other_conditions",
  category = "indication", action = "info",
  grade = false,
  when = [[ ["mixed_neuropathic", "phantom_limb", "postherpetic_neuralgia", "cancer", "ischemic", "migraine",
             "headache_other", "low_back", "central_poststroke", "orofacial", "other"] in pain.conditions ]],
  text = "For this condition the review found too few studies to compare infusion protocols and states no finding "
      .. "of its own; its protocol findings are drawn from all the conditions studied together.",
  source = { section = "Results for Specific Pain Conditions",
             quote = "the small number of available studies for discreet pain diagnoses does not allow for meaningful comparison" },
  judgment = { id = "PACK-INDICATION-POSITIONS",
    note = "The review takes no position on these conditions, so this rule carries no topic: another pack's statement "
        .. "on them is not listed as a disagreement with this review.",
    quotes = { "Several other pain pathologies have been studied in wellconducted studies." } },
}
