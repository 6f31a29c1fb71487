-- pack.lua — Noppers I, Niesters M, Aarts L, Smith T, Sarton E, Dahan A. Ketamine for the treatment of chronic
-- non-cancer pain. Expert Opin Pharmacother 2010;11(14):2417-2429 (a narrative review of 36 randomized trials,
-- with a semi-quantitative analysis of IV infusion duration).
--
-- Evidence: the review grades no statement. It judges the quality of trials ("good", "poor to moderate") and
-- scores their effect 0-3 for its Figure 2 regression, but attaches no level or grade to any conclusion. The
-- pack therefore declares a scale with no values and every rule has grade = false (rendered "ungraded"); no
-- level of another scale is borrowed.
--
-- Every rule carries a section and a short verbatim quote of the review (checked by
-- `medrule lint --sources SEEDS`); judgment calls are keyed to the AMB-xx list of the project's
-- research notes (§13) or to a pack-local id below. Nothing printed names the source file.
--
-- Pack policy: how the review's findings map to effects. The review words no stop ("should not", "avoid",
-- "contraindicated" appear nowhere as advice), so no rule is a do_not or avoid and no finding stops. It words
-- care or concern in three places, which are cautions: cardiovascular disease ("care is always required"),
-- CYP3A inhibitors (which "will increase ketamine plasma concentrations"), and the abuse potential of long-term
-- or repeated use ("concern"). Topical ketamine, whose trials were mostly no better than placebo, is
-- not_supported, also a caution (as in the 2018 guideline pack). Trial results by condition and route, the
-- infusion-duration analysis, doses, side effects, neurotoxicity and the management of psychotropic effects
-- inform (info, or consider where the review says "may"): effect none. As a secondary pack (`--pack` after
-- the primary one) none of this sets the disposition; evaluated alone, a plan is proceed or
-- proceed_with_caution, never do_not_proceed or insufficient_data.
--
-- Pack-local readings (judgments the §13 list does not name):
--  * PACK-POLICY: the review's conclusion that ketamine is not (yet) a routine treatment informs (effect none):
--    it is a verdict on the evidence, worded as no stop and no caution.
--  * PACK-RCT-POSITION: positions on the shared indication.<condition>, follow_on.* and route.* topics.
--    "supported" = the review tabulates at least one randomized trial reporting relief for it, by any route,
--    however short-lived (the text names route, dose and duration of relief); "weak_or_no_evidence" = its
--    trials are mixed or mostly negative, or have no placebo control that isolates ketamine. No statement of
--    the review is evidence of harm, so no position is "against".
--  * PACK-DURATION-BANDS: the duration statements follow the review's own cut-offs (< 4 h; > 10 h; > 30 h);
--    4-10 h gets the curve without a figure. One session (plan.infusion_duration) is placed on the curve.
--  * PACK-MG-PER-HOUR: the review recommends no rate; the long-term trials' 16-25 mg/h is compared with the
--    planned rate times the weight, for information only. The pack takes no position on dosing.infusion_rate.
--  * PACK-TABLE2: how the rows of Table 2 that lost their layout in the source text are read.
--  * PACK-CV: what counts as cardiovascular disease (recorded hypertension, coronary disease, unstable angina,
--    other cardiovascular disease; not a high risk alone).
--  * PACK-CYP: the CYP3A caution holds for every route, oral most.
--  * PACK-LONG-TERM: "long-term or repetitive" use = a parenteral infusion of 24 h or more, a series, or an oral
--    or intranasal regimen.
--  * PACK-ROUTES: general side effects are shown for every route but topical.
-- Listed ambiguities used: AMB-05 (the Figure 2 probabilities are study-level; continuous or cumulative hours),
-- AMB-06 (dose: short infusions work "irrespective of the dose"), AMB-09 (neuroleptics among the agents for
-- psychotropic effects), AMB-13 (oral and intranasal as follow-on), AMB-14 (condition-level disagreement
-- between sources), AMB-17 (side effects, psychotropic ones included, dose dependent), AMB-18 (premedication).
--
-- Shared topics and positions (for `medrule check --pack A --pack B`):
--  dosing.duration_response "longer_duration_longer_relief" (dosing.duration_*: exactly one fires for a planned
--  IV infusion of known duration; the id and value the Maher 2017 pack uses for the same finding);
--  indication.<crps, spinal_cord_injury, mixed_neuropathic, phantom_limb, postherpetic_neuralgia, fibromyalgia,
--  ischemic, migraine, low_back> "supported", indication.orofacial "weak_or_no_evidence";
--  follow_on.oral_ketamine and follow_on.intranasal_ketamine "supported" (planned route or follow-on agent);
--  route.topical and route.neuraxial (epidural) "weak_or_no_evidence"; contraindication.cardiovascular_disease
--  "caution"; adverse.dose_dependence "dose_dependent" (contraindication.side_effects);
--  rescue.benzodiazepine_premedication "reduces_psychomimetic" (rescue.coadministration, as in the Maher 2017
--  pack); rescue.psychotomimetic "lower_rate_or_benzodiazepine_alpha2_or_neuroleptic". No position on
--  dosing.infusion_rate, dosing.dose_response, contraindication.hepatic_moderate or setting.monitoring: the
--  review states none (its "irrespective of the dose" concerns short infusions only, AMB-06).
--
-- Facts: the shared vocabulary (`use "ketamine"`, rules/vocabulary/ketamine.lua; its descriptions that
-- mention "the guideline" mean the 2018 guideline), to which this review added one fact
-- (plan.cyp3a_inhibitor). The pack has no derived facts of its own.
--
-- Lint (`medrule lint --sources SEEDS rules/noppers-2010`): 0 errors, 0 warnings.
--
-- coverage.lua maps every statement of the review (each section, Figure 2, every row of Tables 1 and 2) to
-- rule ids, with a note for each one left out.

pack {
  id = "noppers-2010", version = "1.0.0",
  title = "Ketamine for chronic non-cancer pain (Noppers et al. 2010 review)",
  source = {
    document = "Noppers et al. 2010 Expert Opin Pharmacother 11:2417",
    citation = "Noppers I, Niesters M, Aarts L, Smith T, Sarton E, Dahan A. Ketamine for the treatment of chronic "
            .. "non-cancer pain. Expert Opin Pharmacother. 2010;11(14):2417-2429. Text as reprinted in chapter 2 of "
            .. "Noppers IM, Safety-efficacy balance of S-ketamine and S-norketamine in acute and chronic pain "
            .. "(thesis, Leiden University, 2011).",
    file = "001_a4f00f01f04303a0.txt",
    url = "https://hdl.handle.net/1887/17811",
  },
  evidence = { scale = "none (the review grades no statement)", word = "level", grades = {} },
}

use "ketamine"
include "indications.lua"
include "dosing.lua"
include "routes.lua"
include "safety.lua"
include "coverage.lua"

-- Disposition policy (see the header): no stop; cautions where the review words care or concern, and
-- not_supported (topical ketamine); everything else none.
policy {
  stop    = { { actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } },
              { category = "indication", actions = { "not_supported" } } },
}
