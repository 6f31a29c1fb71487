-- pack.lua — ASRA/AAPM/ASA 2018 consensus guideline on intravenous ketamine infusions
-- for chronic pain (Cohen SP et al., Reg Anesth Pain Med 2018;43:521-546).
--
-- Every rule carries the grade and certainty exactly as the guideline states them
-- (grade = false / certainty = false where it states none), a section, and a short
-- verbatim quote from the source text. Where the narrative and Table 6 disagree, or the
-- guideline is vague, the rule records the reading chosen (the safer one) in `judgment`,
-- keyed to the AMB-xx list of the project's research notes.
--
-- coverage.lua maps every Table 5 item, every Table 6 row and every Guideline Question
-- summary statement to rule ids (checked by the loader, printed by `medrule doc`).

pack {
  id = "asra-ketamine-2018", version = "1.0.0",
  title = "Intravenous ketamine for chronic pain (ASRA/AAPM/ASA 2018)",
  source = {
    document = "Cohen 2018 Reg Anesth Pain Med 43:521",
    citation = "Cohen SP, Bhatia A, Buvanendran A, Schwenk ES, Wasan AD, Hurley RW, Viscusi ER, Narouze S, "
            .. "Davis FN, Ritchie EC, Lubenow TR, Hooten WM. Consensus Guidelines on the Use of Intravenous "
            .. "Ketamine Infusions for Chronic Pain From the American Society of Regional Anesthesia and Pain "
            .. "Medicine, the American Academy of Pain Medicine, and the American Society of Anesthesiologists. "
            .. "Reg Anesth Pain Med. 2018;43:521-546.",
    file = "004_3fb712562b30f97a.txt",
  },
  -- 004 names its certainty levels "high, medium, or low" but its graded statements use
  -- "moderate", "low" and the range "low to moderate" (Table 6 hyphenates it once as
  -- "low-to-moderate"; this pack spells the range one way only).
  evidence = { scale = "USPSTF (July 2012)",
               grades = { "A", "B", "C", "D", "I" },
               certainties = { "high", "moderate", "low", "low to moderate" } },
}

include "facts.lua"
include "indications.lua"
include "contraindications.lua"
include "dosing.lua"
include "tests.lua"
include "personnel_setting.lua"
include "rescue.lua"
include "follow_on.lua"
include "response.lua"
include "coverage.lua"

-- Disposition policy.
--  * stop    (do_not_proceed; unknown -> insufficient_data): every do_not / avoid finding,
--            whatever its category: the Table 5 contraindications treated as stops, doses
--            above the recommended limits, a missing required setting, personnel or
--            surveillance for the planned dose, more than 12 treatments a year, follow-on
--            for a non-responder. A few rules override their action with `effect`:
--            a required ECG not yet done (action recommend, effect stop).
--  * caution (proceed_with_caution): every caution finding, and indications the guideline
--            does not support (grade D, action not_supported) or does not grade (effect caution).
--  * none:   recommend / consider / info findings that do not change the disposition.
-- Lint findings, explained (`medrule lint --sources ../shared/seeds` gives 0 errors and
-- these 14 warnings; each is a pair of rules meant to fire together):
--  * overlapping-bands (2): above 2 mg/kg/h, dosing.icu_anesthetic_dose (caution: such doses
--    have been used in refractory cases in an ICU) fires together with the stops that name
--    what that use requires: dosing.icu_aspiration_precautions (do_not without aspiration
--    precautions) and dosing.anesthetic_dose_not_refractory (avoid when the pain is not
--    refractory). The caution says what the guideline allows, the stops its conditions.
--  * contradiction, dosing.first_infusion_strategy (recommend) with bolus_above_limit,
--    above_2_outside_icu, icu_aspiration_precautions, anesthetic_dose_not_refractory and
--    above_maximum (5): the first-infusion strategy (one outpatient infusion of at least
--    80 mg over more than 2 h, then reassess) holds whatever the planned dose; a dose that
--    breaks a limit is a separate finding and stops the plan.
--  * contradiction, dosing.total_below_80mg and dosing.duration_2h_or_less (consider) with
--    dosing.bolus_above_limit (2): they concern different parts of the plan (the infusion
--    total and length; the bolus).
--  * contradiction, setting.basic_monitoring (recommend) with monitored_unit,
--    rescue_medications, airway_personnel, resuscitation_equipment and
--    resuscitation_personnel (5): basic monitoring is required at any dose; each stop names
--    something else the setting lacks.
policy {
  stop    = { { actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } },
              { category = "indication", actions = { "not_supported" } } },
}
