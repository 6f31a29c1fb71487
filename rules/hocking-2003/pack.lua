-- pack.lua — Hocking G, Cousins MJ. Ketamine in chronic pain management: an evidence-based
-- review. Anesth Analg 2003;97:1730-9.
--
-- A review, not a guideline: it grades evidence on its own four-level scale (Table 1, levels
-- I-IV; no level I evidence was available for any aspect) and ends with a suggested approach.
-- Every rule carries the level exactly as the review attaches it to the statement the rule
-- quotes, and grade = false where the review attaches none. A level is never translated into
-- another scale. Rules cite the review as "Hocking & Cousins 2003 Anesth Analg 97:1730".
--
-- Pack policy: how the review's findings map to effects.
--  * stop: none. The review words no prohibition anywhere; its approach is "a reasonable
--    approach" whose recommendations it calls weak (HOCKING-NO-STOP). Even a plan without fully
--    informed consent is a caution here; a pack that words the stop (the 2018 guideline, as the
--    primary pack) is where it stops.
--  * caution (proceed_with_caution): every caution: a condition with only level IV evidence
--    (CRPS, central post-stroke pain), standard therapies not yet failed, no informed consent, a
--    trial outside a monitored setting or off its dose, a rate above the review's range, a bolus,
--    oral ketamine for a poor responder or off the suggested start and steps, oral doses in the
--    range where hepatic failure was reported, neuraxial and topical ketamine.
--  * none: recommend, consider and info: conditions with level II evidence of relief
--    (consider), the suggested approach's steps (recommend), the levels by route and the other
--    findings (info).
--
-- Pack-local readings (judgments the project's §13 list does not name; each rule that uses one
-- carries it with the review's words):
--  * HOCKING-INDICATION-MAP: level II evidence of relief -> consider, topic position "supported";
--    level IV only -> caution, "weak_or_no_evidence"; conditions the review does not assess
--    (cancer, migraine and other headache, low back, other) -> ungraded info and no position.
--  * HOCKING-ROUTE: a condition rule carries the level of its main (parenteral) evidence; where
--    the review gives another level for another route, a route rule (info) states it once the
--    plan names that route. Route rules never ask for facts.
--  * HOCKING-LEVEL-SCOPE: a level in parentheses attaches to the sentence it ends. Sentences of
--    the same approach item without one stay ungraded (item 3's monitored placebo-controlled
--    trial, item 4's poor-responder sentence).
--  * HOCKING-NO-STOP, HOCKING-THIRD-LINE: the place of ketamine after first- and second-line
--    drugs is a caution when they have not failed.
--  * HOCKING-TRIAL, HOCKING-FULLY-MONITORED, HOCKING-MONITORING: a first IV infusion outside an
--    acute-on-chronic episode is read as the trial of item 3 (0.25-0.5 mg/kg over 30 min);
--    "fully monitored" is read as site.monitored; the review's monitoring position is "trial_only".
--  * HOCKING-TWO-RANGES: 0.125-0.3 mg/kg/h (level II) in general, 0.14-0.4 mg/kg/h (level IV) in
--    a severe acute-on-chronic episode of neuropathic pain; one position per patient.
--  * HOCKING-ACUTE-ON-CHRONIC: level IV only, yet consider: the review's own approach endorses it.
--  * HOCKING-RESPONSE: a good response is more than 50% pain relief (the review's responder
--    criterion); less is a poor response.
--  * HOCKING-ORAL-START: followon.previous_dose = 0 mg marks a starting dose.
--  * HOCKING-ABOVE-RANGE: a rate above 0.125-0.3 mg/kg/h is a caution (outside the range the
--    review's level II evidence calls optimal), not a stop.
--  * HOCKING-BOLUS, HOCKING-PRESERVATIVE, HOCKING-CRPS-REHAB, HOCKING-ISCHEMIC,
--    HOCKING-NEUROPATHIC, HOCKING-NOT-ASSESSED: see the rules that carry them.
-- Listed ambiguities used: AMB-03, AMB-06, AMB-13, AMB-14, AMB-17, AMB-18, AMB-21 (the
-- abstract's "level II and level II" for phantom limb pain and postherpetic neuralgia), AMB-29.
--
-- Topics (shared ids, for disagreements between packs), position, and the rules that state it.
-- Each topic gets at most one position per patient (the rules of a topic are exclusive).
--   indication.line_of_therapy          "third_line"             indication.third_line, not_refractory
--   indication.spinal_cord_injury       "supported"              indication.spinal_cord_injury
--   indication.central_poststroke       "weak_or_no_evidence"    indication.central_poststroke
--   indication.crps                     "weak_or_no_evidence"    indication.crps
--   indication.fibromyalgia             "supported"              indication.fibromyalgia
--   indication.ischemic                 "supported"              indication.ischemic
--   indication.mixed_neuropathic        "supported"              indication.mixed_neuropathic
--   indication.phantom_limb             "supported"              indication.phantom_limb
--   indication.postherpetic_neuralgia   "supported"              indication.postherpetic_neuralgia
--   indication.orofacial                "supported"              indication.orofacial
--   dosing.first_infusion               "0.25-0.5 mg/kg over 30 min"   dosing.trial
--   setting.monitoring                  "trial_only"             setting.trial_monitored_placebo
--   dosing.infusion_rate                "0.125-0.3 mg/kg/h"      dosing.infusion_rate
--                                       "0.14-0.4 mg/kg/h"       dosing.acute_on_chronic_rate (episode)
--   dosing.dose_response                "higher_dose_more_relief"      dosing.dose_response
--   adverse.dose_dependence             "independent_of_dose"    dosing.side_effects_dose
--   dosing.bolus                        "avoid"                  dosing.bolus
--   rescue.benzodiazepine_premedication "no_reduction_shown"     rescue.benzodiazepine_pretreatment
--   follow_on.oral_ketamine             "responders_only"        follow_on.good_responder, poor_responder
--   dosing.oral_ketamine                "0.5 mg/kg at bedtime, then +0.5 mg/kg steps"   follow_on.oral_regimen
--   route.neuraxial                     "safety_unclear"         dosing.neuraxial_safety
--   route.topical                       "no_controlled_studies"  dosing.topical
-- The review takes no position on cancer pain, migraine and other headache, low-back pain
-- (indication.not_assessed has no topic), on hepatic disease (no contraindication.hepatic_moderate)
-- or on monitoring of infusions other than the trial.
--
-- Facts: the shared vocabulary (`use "ketamine"`, rules/vocabulary/ketamine.lua), to which this
-- review added four input facts; derived.lua holds this pack's derived facts (group hocking2003).
--
-- Lint (`medrule lint --sources SEEDS rules/hocking-2003`): 0 errors, 1 warning:
--  * always-fires (1): contraindication.exclude (item 1, "ensure that there are no
--    contraindications") holds for every plan by design; it does not fire while no plan is recorded.
--
-- coverage.lua maps every statement of the review that the pack encodes or leaves out.

pack {
  id = "hocking-2003", version = "1.0.0",
  title = "Ketamine in chronic pain management: an evidence-based review (Hocking & Cousins 2003)",
  source = {
    document = "Hocking & Cousins 2003 Anesth Analg 97:1730",
    citation = "Hocking G, Cousins MJ. Ketamine in Chronic Pain Management: An Evidence-Based Review. "
            .. "Anesth Analg. 2003;97:1730-9.",
    file = "000_4a44cb0ed447208a.txt",
    url = "https://doi.org/10.1213/01.ANE.0000086618.28845.9B",
  },
  -- Table 1, verbatim. The review states no certainty.
  evidence = {
    scale = "Hocking & Cousins 2003 levels I-IV",
    word = "level",
    grades = {
      { "I", "Evidence obtained from systematic review of relevant randomized controlled trials (with meta-analysis where possible)." },
      { "II", "Evidence obtained from one or more well designed randomized controlled trials." },
      { "III", "Evidence obtained from well designed nonrandomized controlled trials OR from well designed cohort or "
            .. "case-control analytical studies, preferably multicenter or conducted at different times." },
      { "IV", "The opinions of respected authorities based on clinical experience, descriptive studies or reports of "
           .. "expert committees." },
    },
  },
}

use "ketamine"
include "derived.lua"
include "indications.lua"
include "approach.lua"
include "follow_on.lua"
include "side_effects.lua"
include "coverage.lua"

policy {
  stop    = {},
  caution = { { actions = { "caution" } } },
}
