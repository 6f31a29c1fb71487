-- pack.lua — the Pain: Clinical Updates issue on ketamine. The source text names no title, authors, year,
-- volume or issue number; it says it "summarizes the authors' recent reviews" of the evidence on ketamine's
-- clinical use, and its "Summary of Evidence on Ketamine Analgesia" box grades statements in levels adapted
-- from the NHMRC (2000): Level 1 (written so), II, III and IV. The pack cites the document as what it is and
-- invents nothing: no publisher, author or year is given.
--
-- Every rule carries the level exactly as the box attaches it to the statement (grade = "1", "II", "III",
-- "IV"); everything the article says outside the box is ungraded (grade = false). The scale has no certainty,
-- so rules carry none. Quotes are short and verbatim (`medrule lint --sources SEEDS`).
--
-- Pack policy: how a review's findings map to effects. The article is a narrative review; it recommends no
-- treatment for any condition ("Adequate knowledge to prescribe this drug in a rational, evidence-based manner
-- will require large, high-quality studies"), so most findings only inform:
--  * stop (do_not_proceed; unknown -> insufficient_data): only where the article words a prohibition. There is
--    one: commercially available preparations "should not be used centrally" (contraindication.
--    neuraxial_preservative: intrathecal or epidural ketamine that is not preservative-free).
--  * caution (proceed_with_caution): a harm or a failure the article reports for the plan at hand: long-term
--    use and memory, attention and judgment (level IV), oral ketamine's failure rate (level IV), preservative-free
--    neuraxial ketamine ("caution is warranted"), and the one condition for which it reports ketamine
--    ineffective (postherpetic neuralgia, action not_supported).
--  * none: every evidence statement of benefit (levels II and III and ungraded findings, action info), the
--    infusion rate most commonly used, pharmacokinetics, and the advice to discuss memory before long-term use
--    (recommend: a task, not a reason for caution in itself; the level IV caution fires with it).
-- This pack is meant to be evaluated beside a primary pack (the first pack given alone sets the disposition);
-- its effects decide the disposition only when it is evaluated alone.
--
-- Judgment calls. Listed ambiguities of the research notes (§13) used here: AMB-03 (infusion ranges), AMB-13
-- (oral follow-on), AMB-14 (condition levels differ between sources), AMB-16 (moderate hepatic disease), AMB-17
-- (incidence of central effects), AMB-19 (oral bioavailability), AMB-29 (neuraxial ketamine). Pack-local readings
-- the list does not name:
--  * PCU-LEVEL-POSITION: how a statement becomes a topic position for comparing packs. Level II (at least one
--    properly designed RCT) that ketamine reduces or improves the condition -> "supported"; level III
--    (nonrandomized controlled trials, worded "may") and narrative statements without a level ("may respond",
--    "limited data", a single case, a finding an RCT did not confirm) -> "weak_or_no_evidence"; a reported finding
--    that ketamine was ineffective -> "against". The level itself is never changed.
--  * PCU-PERIPHERAL-NEUROPATHIC: the level II "peripheral neuropathic pain" is applied to the code
--    mixed_neuropathic (the vocabulary has no peripheral neuropathic code).
--  * PCU-PHN: postherpetic neuralgia takes the article's own statement (a systematic review found intravenous
--    ketamine ineffective), not the level II statement on peripheral neuropathic pain.
--  * PCU-CENTRAL-PAIN: "intractable central pain" is applied to the code central_poststroke.
--  * PCU-NOT-ADDRESSED: visceral pain, multiple sclerosis, Guillain-Barre and whiplash statements are not applied
--    to the code "other"; headache_other and other get a statement that the article gives no evidence for them.
--  * PCU-NEURAXIAL-PREP: "used centrally" = intrathecal or epidural; a "commercially available preparation" = one
--    that is not preservative-free (plan.preservative_free).
--  * PCU-LONG-TERM: long-term = more than 1 week (the article's own definition), read from the length of the whole
--    course (plan.course_duration) or of one continuous infusion.
--  * PCU-ORAL-SCOPE: the oral ketamine findings (from chronic neuropathic pain) are shown for every oral ketamine
--    plan or follow-on; sublingual ketamine is oral ketamine taken sublingually (plan.oral_form).
--  * PCU-ACUTE-CONTEXT: the incidence of central effects and their treatment come from acute postoperative use;
--    shown, as information, for parenteral plans.
-- Design rule (not a reading of the source):
--  * PCU-ASK: a rule asks for a fact (is undecided while it is missing) only when its effect can change the
--    disposition, or when the fact is the plan's route, infusion rate or the patient's conditions. A rule that only
--    informs about a detail (liver or renal disease, the oral form, the infusion's duration) is silent while the
--    detail is not recorded.
-- The article's level 1 statements and most of its level II statements concern acute, perioperative and
-- procedural pain, which the vocabulary cannot express (no perioperative, PCA, procedural or nerve-block facts);
-- coverage.lua lists them as left out, with every other statement left out and why.
--
-- Topics shared with other packs (position; rules):
--   indication.fibromyalgia, .ischemic, .spinal_cord_injury, .mixed_neuropathic, .migraine   "supported" (level II)
--   indication.cancer, .phantom_limb                                        "weak_or_no_evidence" (level III)
--   indication.crps, .orofacial, .central_poststroke, .low_back             "weak_or_no_evidence" (ungraded)
--   indication.postherpetic_neuralgia                                       "against" (ungraded)
--   contraindication.hepatic_moderate   "no_dose_change"          contraindication.hepatic_moderate
--   route.neuraxial                     "preservative_free_only"  contraindication.neuraxial_preservative, _free
--   route.topical                       "weak_or_no_evidence"     dosing.topical_route
--   dosing.infusion_rate                "0.05-0.2 mg/kg/h"        dosing.infusion_rate (every IV or SC infusion)
--   follow_on.oral_ketamine             "weak_or_no_evidence"     follow_on.oral_ketamine_failure (level IV)
--   follow_on.intranasal_ketamine       "supported"               follow_on.intranasal_breakthrough (level II)
--   rescue.psychotomimetic              "dose_reduction_or_benzodiazepine"   rescue.central_effects (ungraded)
-- The article takes no position on setting.monitoring (its only monitored setting is a ward for burn dressings).
--
-- Facts: the shared vocabulary (`use "ketamine"`, rules/vocabulary/ketamine.lua), to which this source added
-- four input facts (plan.preservative_free, plan.oral_form, plan.course_duration, history.renal_disease);
-- derived.lua holds this pack's derived facts (group pcu).
--
-- Lint (`medrule lint --sources SEEDS`) gives 0 errors and 1 warning, explained:
--  * contradiction (1): contraindication.memory_counselling (recommend) can fire with
--    contraindication.neuraxial_preservative (do_not) for a long-term neuraxial plan with a preserved
--    preparation. Both hold: the advice to discuss memory concerns any long-term ketamine; the stop concerns the
--    preparation, and a preservative-free one would be given after the same discussion.

pack {
  id = "pain-clinical-updates", version = "1.0.0",
  title = "Ketamine analgesia: the evidence summarized in Pain: Clinical Updates",
  source = {
    document = "Pain: Clinical Updates, ketamine issue (authors and year not stated in the text)",
    citation = "Pain: Clinical Updates, an issue that summarizes the authors' recent reviews of the evidence concerning "
            .. "ketamine's clinical use; its Summary of Evidence on Ketamine Analgesia grades statements in levels adapted "
            .. "from National Health and Medical Research Council (NHMRC), How to use the evidence: assessment and "
            .. "application of scientific evidence (AusInfo, Canberra, Australia, 2000, p. 8). Title, authors, year, "
            .. "publisher, volume and issue number are not stated in the source text.",
    file = "003_eb719572bb572bc6.txt",
  },
  evidence = {
    scale = "NHMRC levels 1-IV, adapted (Pain: Clinical Updates)",
    word = "level",
    grades = {
      { "1", "Evidence obtained from a systematic review (or meta-analysis) of all the relevant RCTs" },
      { "II", "Evidence obtained from at least one properly designed RCT" },
      { "III", "Evidence obtained from nonrandomized controlled trials" },
      { "IV", "Evidence obtained from case series" },
    },
  },
}

use "ketamine"
include "derived.lua"
include "indications.lua"
include "contraindications.lua"
include "dosing.lua"
include "rescue.lua"
include "follow_on.lua"
include "coverage.lua"

policy {
  stop    = { { actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } },
              { category = "indication", actions = { "not_supported" } } },
}
