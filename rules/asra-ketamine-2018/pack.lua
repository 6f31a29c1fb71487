-- pack.lua — ASRA/AAPM/ASA 2018 consensus guideline on intravenous ketamine infusions
-- for chronic pain (Cohen SP et al., Reg Anesth Pain Med 2018;43:521-546).
--
-- Every rule carries the grade and certainty exactly as the guideline states them
-- (grade = false / certainty = false where it states none, including every rule that quotes an
-- ungraded Table 5 item), a section, and a short verbatim quote from the source text. Where the
-- narrative and Table 6 disagree, or the guideline is vague, the rule records the reading chosen
-- in `judgment`, keyed to the AMB-xx list of the project's research notes (§13).
--
-- The pack says what the guideline says, no stricter and no laxer: a finding stops (do_not /
-- avoid) only where the guideline words a stop ("should not be used", "avoid", "should not be
-- undertaken", "mandatory", "require", "only ... be in charge", or a Table 5 contraindication it
-- asks to heed); "may be considered", "reasonable", "recommended credentials", "weak relative
-- contraindication", "may not be good candidates" or a range are cautions or advice. A test not
-- yet done is a task before starting (caution), and a result is its own finding.
--
-- Pack-local readings (judgments the §13 list does not name):
--  * PACK-ABOVE-RANGE: a bolus above the Table 6 range (0.35 mg/kg) is a caution, because
--    Question 6 expects such boluses in a monitored unit with airway-trained staff; the setting
--    and personnel rules stop when that setting is missing (dosing.bolus_above_limit).
--  * PACK-ROUTES: every parenteral route (IV, subcutaneous, intramuscular) gets the setting,
--    monitoring, personnel, resuscitation, preinfusion-test and rescue rules (Question 6: the
--    requirements do not change with the route; resuscitation is mandatory at any dose). Oral
--    and intranasal ketamine plans are take-home regimens: they get the follow-on abuse and
--    driving rules and are never asked for site or infusion-staff facts. Epidural and
--    intrathecal ketamine are outside this intravenous guideline (dosing.neuraxial_route,
--    caution); intrathecal is the one route the guideline words "avoid" (dosing.intrathecal_route,
--    a stop).
--  * PACK-MONITORING-SCOPE: the Table 6 setting row sets a monitored unit above the dose
--    thresholds; that it is not required below them is read from the row's scope and stated
--    ungraded (setting.below_monitoring_threshold), the guideline's position on the shared topic
--    setting.monitoring.
--  * PACK-LOWER-DOSE: the "lower dosages" at which raised intracranial or intraocular pressure,
--    glaucoma or globe injury allow ketamine "with extreme caution" are doses below the
--    monitored-setting threshold for this patient (plan.monitoring_required); oral and intranasal
--    regimens count as lower dosages. Above it, a stop; below it, a caution (*_lower_dose).
--  * PACK-CHILDBEARING-AGE: a woman of 55 or more is not asked whether she is pregnant (natural
--    menopause, median age about 51, has almost always occurred by 55); a recorded pregnancy
--    always counts.
-- Readings of listed ambiguities that change a disposition: AMB-07 (a pending ECG is a caution),
-- AMB-10 (a course counts as one treatment; more than 12 a year is a caution; responders to the
-- follow-on are patients with a meaningful response, however long it lasted), AMB-22 (the
-- lowered thresholds for the elderly (65 or more) and comorbid are half the Question 6
-- thresholds: 0.175 mg/kg bolus, 0.5 mg/kg/h infusion), AMB-23 (alcohol abuse is never read as
-- past by default; history.alcohol_abuse_active, an added input fact, says whether it is
-- current), AMB-24 (which Table 5 items stop), AMB-25 (above 2 mg/kg/h only in an ICU with
-- aspiration precautions).
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
    url = "https://doi.org/10.1097/AAP.0000000000000808",
  },
  -- 004 names its certainty levels "high, medium, or low" but its graded statements use
  -- "moderate", "low" and the range "low to moderate" (Table 6 hyphenates it once as
  -- "low-to-moderate"; this pack spells the range one way only).
  evidence = { scale = "USPSTF (July 2012)",
               grades = { "A", "B", "C", "D", "I" },
               certainties = { "high", "moderate", "low", "low to moderate" } },
}

use "ketamine"
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
--            whatever its category: the Table 5 contraindications the guideline asks to heed
--            (raised intracranial or intraocular pressure only above a lower dosage), poorly
--            controlled cardiovascular disease, active psychosis, pregnancy, severe liver
--            disease, serial infusions in active substance abuse, intrathecal ketamine, more
--            than 2 mg/kg/h outside an ICU or without aspiration precautions, a missing
--            required setting, resuscitation or personnel for the planned dose, and missing
--            abuse surveillance or active abuse for take-home ketamine.
--  * caution (proceed_with_caution): every caution finding, indications the guideline does not
--            support (grade D, action not_supported), and the rules that override their action
--            with `effect = "caution"`: an ungraded condition (indication.ungraded_condition,
--            info) and a baseline ECG not yet done (preinfusion_test.ecg_required, recommend:
--            obtain it before starting).
--  * none:   recommend / consider / info findings that do not change the disposition.
-- Lint findings, explained (`medrule lint --sources SEEDS` gives 0 errors, these 14
-- warnings and 2 infos; each warning is a pair of rules meant to fire together):
--  * overlapping-bands (1): above 2 mg/kg/h in an ICU, dosing.icu_anesthetic_dose (caution:
--    such doses have been used in refractory cases in an ICU) fires together with
--    dosing.icu_aspiration_precautions (do_not without intubation or other aspiration
--    precautions): the caution says what the guideline reports, the stop what it requires.
--  * contradiction, dosing.first_infusion_strategy (recommend) with above_2_outside_icu and
--    icu_aspiration_precautions (2): the first-infusion strategy (one outpatient infusion of at
--    least 80 mg over more than 2 h, then reassess) holds whatever the planned dose; a dose
--    that breaks a requirement is a separate finding and stops the plan.
--  * contradiction, setting.basic_monitoring (recommend) with monitored_unit,
--    rescue_medications, airway_personnel, resuscitation_equipment and
--    resuscitation_personnel (5): basic monitoring is required at any dose; each stop names
--    something else the setting lacks.
--  * contradiction, follow_on.abuse_surveillance_missing (avoid) and
--    follow_on.active_substance_abuse (do_not) with follow_on.oral_ketamine,
--    oral_dextromethorphan and intranasal_ketamine (consider) (6): the grade B options are
--    offered to every responder; whether take-home ketamine can be prescribed now is a
--    separate finding (surveillance, active abuse), so a reader sees both the statement and
--    why it cannot be used yet.
--  * not-analysed (2 infos): preinfusion_test.none_for_healthy and preinfusion_test.lft read
--    too many facts for lint to enumerate their combinations; the golden cases cover them.
policy {
  stop    = { { actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } },
              { category = "indication", actions = { "not_supported" } } },
}
