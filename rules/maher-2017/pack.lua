-- pack.lua — Maher DP, Chen L, Mao J. Intravenous ketamine infusions for neuropathic pain
-- management: a promising therapy in need of optimization. Anesth Analg 2017;124:661-74.
--
-- A topical review, not a guideline. Its evidence scale is the Oxford CEBM levels of evidence
-- (March 2009 version, its Table 1), and the pack keeps it as the review uses it:
--  * Every level in this pack is a CEBM LEVEL OF EVIDENCE for the statement, never a grade of
--    recommendation. The review gives no grades: "no definitive recommendations or even gradation
--    of the strengths of recommendations are provided in this review" and "Definite recommendations
--    cannot be made based on available literature". Its abstract says the CEBM classification "was
--    used to stratify the grades of clinical recommendation"; the body contradicts it, and no grade
--    appears anywhere (AMB-20). No level is translated into another scale.
--  * The review attaches a level to three findings only, all "level 2 evidence for treatment":
--    longer infusions give longer relief (dosing.longest_feasible_duration), a higher total dose
--    gives more relief (dosing.total_dose), side effects occur whatever the rate, duration or dose
--    (setting.side_effects). Every other rule is ungraded (grade = false), including the protocol
--    components it proposes (0.1-0.5 mg/kg/h, adjunct midazolam, a monitored setting).
--  * The scale states no certainty, so rules carry no `certainty`.
--
-- Source text: the seed prints the DOI as "10.1213/ANE.00000000001787", two zeros short (a text
-- extraction loss); the publisher's page gives 10.1213/ANE.0000000000001787, used for `url`.
-- The seed's Table 2 is garbled by the extraction and its first page is missing; the pack takes
-- no number from Table 2 that the narrative does not state (AMB-15, AMB-20).
--
-- Pack policy (how the review's findings map to effects). The review words no stop: it lists no
-- contraindication, and it makes no definitive recommendation. So:
--  * stop:    none. No rule of this pack is do_not or avoid, and none has effect "stop"; this pack
--             alone never gives do_not_proceed or insufficient_data.
--  * caution: a rate above the review's 0.1-0.5 mg/kg/h (chosen "to avoid excessive sedation");
--             standard ASA monitors or physician supervision missing (the review's "All infusions
--             should be done in a monitored setting ... under physician supervision", read as a
--             caution, PACK-NO-STOPS); midazolam or clonidine above every dose the reviewed
--             protocols used; fibromyalgia (no benefit reported beyond the first few hours); and a
--             plan outside the review's scope (another route, or a bolus without an infusion:
--             dosing.outside_review_scope, info with effect caution, PACK-ROUTE-SCOPE).
--  * none:    every other finding (the level 2 findings, the rate range itself, the advice on
--             monitoring and adjuncts, the condition findings that report benefit).
-- As a secondary pack (contract §5) its effects do not set the disposition; its statements and
-- topics still appear, and disagree with other packs where they say something different.
--
-- Topics (shared ids, for disagreements between packs):
--   dosing.infusion_rate              "0.1-0.5 mg/kg/h"                 dosing.infusion_rate
--   setting.monitoring                "every_infusion"                  setting.monitored_every_infusion
--   indication.crps                   "supported"                       indication.crps
--   indication.spinal_cord_injury     "supported"                       indication.spinal_cord_injury
--   indication.fibromyalgia           "weak_or_no_evidence"             indication.fibromyalgia
--   dosing.duration_response          "longer_duration_longer_relief"   dosing.longest_feasible_duration
--   dosing.dose_response              "higher_dose_more_relief"         dosing.total_dose
--   adverse.dose_dependence           "independent_of_dose"             setting.side_effects
--   rescue.benzodiazepine_premedication "reduces_psychomimetic"         rescue.adjunct_consider, rescue.midazolam_planned
-- The review takes no position on the other conditions (indication.other_conditions has no topic).
--
-- Judgment calls the project's list (§13) does not name, pack-local:
--  * PACK-LEVEL-SCOPE: a level belongs to the finding the review attaches it to, not to the
--    neighbouring sentences of the same paragraph. So "The use of coadministered medications, such
--    as midazolam, reduces the incidences of side effects" (after the level 2 side-effect sentence)
--    and the protocol components stay ungraded; a rule that states a level 2 finding carries level 2.
--  * PACK-NO-STOPS: "All infusions should be done in a monitored setting with standard American
--    Society of Anesthesiology monitors under physician supervision" is the review's one directive.
--    It is a positive "should" in a review that declines to make definite recommendations, not a
--    worded stop; a missing monitor or supervisor is a caution, never do_not_proceed.
--  * PACK-ROUTE-SCOPE: the review covers intravenous infusions only. Another route, or an IV bolus
--    with no infusion, gets one caution saying the review has no finding for it, and every
--    infusion rule is silent for it.
--  * PACK-CRPS-DURATION: the CRPS section suggests "an optimal infusion duration of several hours"
--    beyond which side effects rise without benefit, against the general level 2 trend (longer
--    infusions, longer relief). The general finding is stated for every infusion; the CRPS caveat
--    is stated, ungraded, in the CRPS rule only.
--  * PACK-INDICATION-POSITIONS: the review grades no condition. Topic positions are read from what
--    it reports: "supported" where it reports relief from randomized trials outlasting the infusion
--    (CRPS, traumatic spinal cord injury), "weak_or_no_evidence" where no study reported benefit
--    beyond the first few hours (fibromyalgia); no position for the conditions it leaves uncompared.
--  * PACK-ADJUNCT-DOSES: the review lists the midazolam and clonidine doses the protocols used and
--    recommends no dose; a planned dose above every one of them is a caution (no reviewed protocol
--    used more), within them information. Midazolam or clonidine counts as planned when plan.adjuncts
--    lists it, when a dose of it is planned, or, when plan.adjuncts is not given, when
--    plan.premedication lists it (the review counts a preinfusion bolus as coadministration).
-- Listed ambiguities used: AMB-03 (0.1-0.5 vs 0.5-2 mg/kg/h), AMB-14 (fibromyalgia across sources),
-- AMB-17 (dose dependence of side effects), AMB-18 (does midazolam reduce psychomimetic effects),
-- AMB-20 (levels, not grades; the "greater than 0.1 mg/kg/h" slip), AMB-22 (monitoring for every
-- infusion vs above a dose threshold).
--
-- Facts: the shared vocabulary (`use "ketamine"`, rules/vocabulary/ketamine.lua), to which this
-- review added the adjunct medication facts and site.asa_monitors, staff.physician_supervision;
-- derived.lua holds this pack's derived facts.
--
-- Lint (`medrule lint --sources SEEDS rules/maher-2017`): 0 errors, 0 warnings.
--
-- coverage.lua maps every finding of the review to rule ids, and names what is left out and why.

pack {
  id = "maher-2017", version = "1.0.0",
  title = "Intravenous ketamine infusions for neuropathic pain: protocol findings (Maher et al. 2017 review)",
  source = {
    document = "Maher et al. 2017 Anesth Analg 124:661",
    citation = "Maher DP, Chen L, Mao J. Intravenous Ketamine Infusions for Neuropathic Pain Management: "
            .. "A Promising Therapy in Need of Optimization. Anesth Analg. 2017;124:661-74.",
    file = "002_f9ac41e63503443d.txt",
    url = "https://doi.org/10.1213/ANE.0000000000001787",
  },
  -- Table 1 of the review, verbatim but for two line-break hyphens of the text extraction
  -- ("case- control", "cohort/ follow-up"). The review's levels are all "for treatment".
  evidence = {
    scale = "Oxford CEBM 2009",
    word = "level",
    grades = {
      { "1", "Treatment benefits: Systematic review of randomized trials or n-of-1 trials; treatment harms: "
          .. "Systematic review of randomized trials, systematic review of nested case-control studies, n-of-1 "
          .. "trial with the patient you are raising the question about, or observational study with dramatic effect" },
      { "2", "Treatment benefits: Randomized trial or observational study with dramatic effect; treatment harms: "
          .. "Individual randomized trial or (exceptionally) observational study with dramatic effect" },
      { "3", "Nonrandomized controlled cohort/follow-up study" },
      { "4", "Case series, case-control studies, or historically controlled studies" },
      { "5", "Mechanism-based reasoning" },
    },
  },
}

use "ketamine"
include "derived.lua"
include "indications.lua"
include "dosing.lua"
include "setting.lua"
include "adjuncts.lua"
include "coverage.lua"

policy {
  stop    = {},
  caution = { { actions = { "caution" } } },
}
