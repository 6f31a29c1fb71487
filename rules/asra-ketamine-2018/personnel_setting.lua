-- personnel_setting.lua — Guideline Question 6 and Table 6 "Personnel and monitoring"
-- (rows graded A, low certainty). A required person, place or piece of equipment that is
-- missing for the planned dose is a stop (do_not -> do_not_proceed); unknown -> insufficient_data.
-- plan.monitoring_required (facts.lua) = bolus >= 0.35 mg/kg or infusion >= 1 mg/kg/h, or, for an
-- elderly (>= 65 a) or significantly comorbid patient, half those thresholds (0.175 mg/kg, 0.5 mg/kg/h).

-- Every parenteral route (IV, subcutaneous, intramuscular) gets the setting, monitoring, personnel and
-- resuscitation rules: Question 6 asks whether the requirements change with the route, and answers that
-- basic monitoring is the same whatever the route and resuscitation is mandatory whatever the infusion
-- (PACK-ROUTES in pack.lua). Oral and intranasal take-home regimens are never asked for them.
local PARENTERAL = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] ]]
local SETTING_ROW = "Setting: at dosages exceeding 1 mg/kg per hour, a monitored setting containing resuscitative equipment and immediate access to rescue medications and personnel who can treat emergencies"
local SUPERVISOR_ROW = "Supervising clinician: a physician experienced with ketamine (anesthesiologist, critical care physician, pain physician) who is ACLS certified and trained in administering moderate sedation"
local ADMIN_ROW = "Administering clinician: registered nurse or physician assistant who has completed formal training in safe administration of moderate sedation"

local THRESHOLD = {
  { id = "AMB-02",
    note = "The narrative triggers the monitored setting at a bolus >= 0.35 mg/kg and/or an infusion >= 1 mg/kg/h; "
        .. "Table 6 says 'exceeding 1 mg/kg per hour' and omits the bolus. The pack uses the safer narrative reading: "
        .. ">= on both, either one suffices (exactly 1 mg/kg/h or 0.35 mg/kg triggers it).",
    quotes = { "(bolus dose of ≥ 0.35 mg/kg and/or infusion of ≥ 1 mg/kg per hour)", SETTING_ROW } },
  { id = "AMB-22",
    note = "Lower thresholds apply to elderly and significantly comorbid patients, without numbers or an age. The "
        .. "pack lowers them to a stated value, not to 'any dose': half of each threshold, a bolus of 0.175 mg/kg or "
        .. "an infusion of 0.5 mg/kg/h (the bottom of the Table 6 infusion range, and the dose the guideline cites as "
        .. "typical for depression, above which it finds no published training requirements). 'Elderly' is age 65 "
        .. "years or more (the guideline gives no age; 65 is the conventional cut-off). The age or comorbidity that "
        .. "lowered the threshold is among the facts shown with the finding.",
    quotes = { "For some individuals (ie, elderly individuals and those with significant comorbidities), lower thresholds should trigger the requirements for more intensive monitoring and safety measures.",
               "although this dose may vary based on individual characteristics",
               "at dosages above those typically given for depression (>0.5 mg/kg)" } },
}

---------------------------------------------------------------- setting
rule {
  id = "asra2018.setting.monitored_unit",
  category = "setting", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  topic = "setting.monitoring", position = "above_threshold",
  when = [[ plan.monitoring_required and not site.monitored ]],
  text = "At this dose (for an elderly or significantly comorbid patient, from half the usual threshold) ketamine "
      .. "must be given in a monitored unit with trained nurses: do not proceed in this setting.",
  source = { section = "Guideline Question 6; Table 6", quote = SETTING_ROW },
  judgments = THRESHOLD,
}

rule {
  id = "asra2018.setting.below_monitoring_threshold",
  category = "setting", action = "info",
  grade = false, certainty = false,
  topic = "setting.monitoring", position = "above_threshold",
  applies = PARENTERAL,
  -- Only where the setting is not a monitored unit: there it is the guideline's answer (no new
  -- question: the stop above asks for the same facts).
  when = [[ not plan.monitoring_required and not site.monitored ]],
  text = "Not a monitored unit, and below the dose thresholds (a bolus of 0.35 mg/kg or an infusion of 1 mg/kg/h; "
      .. "half of each for an elderly or significantly comorbid patient): the guideline does not require a monitored "
      .. "unit at this dose; basic monitoring still applies.",
  source = { section = "Guideline Question 6; Table 6", quote = SETTING_ROW },
  judgments = { THRESHOLD[1], THRESHOLD[2],
    { id = "PACK-MONITORING-SCOPE",
      note = "The graded Table 6 row sets the requirement above the threshold; that it does not apply below it is the "
          .. "pack's reading of the row's scope, so this statement is left ungraded. It gives the guideline's position "
          .. "on the shared topic setting.monitoring, where other sources ask for a monitored setting for every "
          .. "infusion.",
      quotes = { SETTING_ROW } } },
}

rule {
  id = "asra2018.setting.rescue_medications",
  category = "setting", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ plan.monitoring_required and not site.rescue_medications ]],
  text = "At this dose (for an elderly or significantly comorbid patient, from half the usual threshold) immediate "
      .. "access to rescue medications is required.",
  source = { section = "Guideline Question 6; Table 6", quote = SETTING_ROW },
  judgments = THRESHOLD,
}

rule {
  id = "asra2018.setting.airway_personnel",
  category = "setting", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ plan.monitoring_required and not site.airway_personnel ]],
  text = "At this dose (for an elderly or significantly comorbid patient, from half the usual threshold) staff "
      .. "trained in airway management and ACLS must be immediately available.",
  source = { section = "Guideline Question 6; Table 6",
             quote = "in a unit that contains trained nurses available for monitoring and individuals trained in airway management and Advanced Cardiac Life Support" },
  judgments = THRESHOLD,
}

rule {
  id = "asra2018.setting.resuscitation_equipment",
  category = "setting", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not site.resuscitation_equipment ]],
  text = "Resuscitation equipment must be available at any dose: do not proceed without it.",
  source = { section = "Guideline Question 6",
             quote = "Availability of personnel and equipment for resuscitation at all times is also mandatory irrespective of the level of infusion (grade A recommendation, low level of certainty)." },
}

rule {
  id = "asra2018.setting.resuscitation_personnel",
  category = "setting", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not (site.airway_personnel or staff.administrator.acls
                 or (staff.supervisor.acls and staff.supervisor.immediately_available)) ]],
  text = "Personnel able to resuscitate (ACLS) must be available at any dose: do not proceed without them.",
  source = { section = "Guideline Question 6",
             quote = "Availability of personnel and equipment for resuscitation at all times is also mandatory irrespective of the level of infusion (grade A recommendation, low level of certainty)." },
}

rule {
  id = "asra2018.setting.basic_monitoring",
  category = "setting", action = "recommend",
  grade = false, certainty = false,
  when = [[ plan.route in ["iv", "subcutaneous", "intramuscular", "epidural", "intrathecal"] ]],
  text = "Monitor hemodynamic and respiratory parameters and the level of sedation on a validated scale, "
      .. "whatever the route or dose of a parenteral or neuraxial treatment.",
  source = { section = "Guideline Question 6",
             quote = "The basic monitoring requirements (hemodynamic and respiratory parameters, sedation levels using a validated scale) remain the same irrespective of the route of administration or dose" },
  judgment = { id = "AMB-22",
    note = "Basic monitoring applies 'in a nonchronic treatment regimen'; the pack applies it to every parenteral "
        .. "(IV, subcutaneous, intramuscular) or neuraxial plan and not to oral, intranasal or topical ketamine, which "
        .. "the pack reads as take-home (chronic) regimens. The grade that closes this paragraph is attached to the "
        .. "resuscitation sentence, so this statement is left ungraded.",
    quotes = { "in individuals receiving ketamine in a nonchronic treatment regimen" } },
}

rule {
  id = "asra2018.setting.stabilized_higher_cutoff",
  category = "setting", action = "info",
  grade = false, certainty = false,
  applies = "(" .. PARENTERAL .. [[) and plan.previously_tolerated_dose is known ]],
  when = [[ plan.high_dose and plan.previously_tolerated_dose >= plan.infusion_rate ]],
  text = "The patient tolerated this rate before. The guideline allows higher thresholds for stabilized patients in "
      .. "appropriately resourced settings; this pack still requires the monitored setting.",
  source = { section = "Guideline Question 6",
             quote = "Higher cutoffs using subanesthetic dosages may also be utilized in appropriately resourced environments in both inpatient and outpatient settings" },
  judgment = { id = "AMB-22",
    note = "'Higher cutoffs' for 'stabilized' patients are not quantified; the pack does not raise the thresholds and "
        .. "only reports that the patient tolerated the rate before.",
    quotes = { "or previously treated with higher dosages" } },
}

---------------------------------------------------------------- personnel
local AMB08 = { id = "AMB-08",
  note = "Table 6 describes the supervising clinician (experienced with ketamine; anesthesiologist, critical care or "
      .. "pain physician; ACLS; moderate-sedation training). The narrative words two of these as requirements at any "
      .. "dose ('only a licensed physician ... with Advanced Cardiac Life Support certification be in charge'; 'should "
      .. "also meet ASA requirements for the delivery of moderate sedation'), and the other two as requirements at the "
      .. "doses it names: ketamine experience where doses 'may result in serious adverse sequelae' (the monitored-setting "
      .. "threshold, lowered for the elderly and comorbid), the named specialties for doses 'that may render a patient "
      .. "unresponsive' (the high-dose threshold). The pack stops a missing ACLS or moderate-sedation training at any "
      .. "dose, and a missing ketamine experience or another specialty only at those doses; below them each is a caution.",
  quotes = { SUPERVISOR_ROW,
             "only a licensed physician who can administer a Drug Enforcement Administration Schedule III medication with Advanced Cardiac Life Support certification be in charge of administering ketamine",
             "be responsible for decisions regarding administration of this medication in doses that may render a patient unresponsive",
             "should be administered by clinicians experienced in ketamine administration" } }

rule {
  id = "asra2018.personnel.supervisor_credentials",
  category = "personnel", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not staff.supervisor.acls or not staff.supervisor.moderate_sedation ]],
  text = "The physician in charge must be ACLS certified and trained in moderate sedation.",
  source = { section = "Guideline Question 6; Table 6", quote = SUPERVISOR_ROW },
  judgment = AMB08,
}

rule {
  id = "asra2018.personnel.supervisor_ketamine_experience",
  category = "personnel", action = "caution",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not staff.supervisor.ketamine_experience and not plan.monitoring_required ]],
  text = "The supervising physician is not experienced with ketamine, as the guideline recommends.",
  source = { section = "Table 6", quote = SUPERVISOR_ROW },
  judgment = AMB08,
}

rule {
  id = "asra2018.personnel.supervisor_ketamine_experience_high_dose",
  category = "personnel", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not staff.supervisor.ketamine_experience and plan.monitoring_required ]],
  text = "At this dose (for an elderly or significantly comorbid patient, from half the usual threshold) ketamine must "
      .. "be given by clinicians experienced in ketamine administration.",
  source = { section = "Guideline Question 6; Table 6",
             quote = "should be administered by clinicians experienced in ketamine administration" },
  judgments = { AMB08, THRESHOLD[1], THRESHOLD[2] },
}

rule {
  id = "asra2018.personnel.supervisor_specialty",
  category = "personnel", action = "caution",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ staff.supervisor.role == "other_physician" ]],
  text = "The supervising physician is not an anesthesiologist, critical care or pain physician, the specialties the "
      .. "guideline names.",
  source = { section = "Table 6", quote = SUPERVISOR_ROW },
  judgment = AMB08,
}

rule {
  id = "asra2018.personnel.supervisor_specialty_high_dose",
  category = "personnel", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ staff.supervisor.role == "other_physician" and plan.high_dose ]],
  text = "Doses that may render a patient unresponsive must be directed by an anesthesiologist, critical care or pain "
      .. "physician trained in airway management.",
  source = { section = "Guideline Question 6; Table 6",
             quote = "such as anesthesiologists, critical care-trained physicians, and pain physicians with appropriate credentials to include training in airway management" },
  judgment = AMB08,
}

rule {
  id = "asra2018.personnel.supervisor_available",
  category = "personnel", action = "do_not",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ not staff.supervisor.immediately_available and (plan.route == "intramuscular" or plan.infusion_duration <= 24 h) ]],
  text = "For a single-day treatment the responsible physician must be immediately available.",
  source = { section = "Guideline Question 6",
             quote = "change the infusion rate based on directions from the responsible physician who, for single-day infusions, should be immediately available" },
  judgment = { id = "AMB-08",
    note = "The guideline requires immediate availability for single-day infusions and is silent for multiday ones. "
        .. "The pack stops only a single-day treatment (an infusion of 24 hours or less, or an intramuscular injection) "
        .. "without it; for a multiday infusion it says nothing (resuscitation personnel are still required at all times).",
    quotes = { "change the infusion rate based on directions from the responsible physician who, for single-day infusions, should be immediately available" } },
}

rule {
  id = "asra2018.personnel.administrator_role",
  category = "personnel", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ staff.administrator.role == "other" ]],
  text = "Ketamine must be administered by a registered nurse, physician assistant or physician trained in moderate sedation.",
  source = { section = "Table 6", quote = ADMIN_ROW },
  judgment = { id = "AMB-08",
    note = "Table 6 names a registered nurse or physician assistant; the narrative a registered nurse. A physician "
        .. "administering is accepted; any other role stops.",
    quotes = { ADMIN_ROW, "recommended credentials include a registered nursing degree with Advanced Cardiac Life Support certification" } },
}

rule {
  id = "asra2018.personnel.administrator_sedation_training",
  category = "personnel", action = "do_not",
  grade = "A", certainty = "low",
  applies = PARENTERAL,
  when = [[ not staff.administrator.moderate_sedation ]],
  text = "The administering clinician must have formal training in the safe administration of moderate sedation.",
  source = { section = "Guideline Question 6; Table 6", quote = ADMIN_ROW },
}

local AMB08_ACLS = { id = "AMB-08",
  note = "The narrative lists ACLS among the 'recommended credentials' of the person who administers subanesthetic IV "
      .. "bolus sedation; Table 6 (graded) omits ACLS for the administering clinician. 'Recommended credentials' is not "
      .. "a prohibition: a clinician without ACLS is a caution (ungraded), with or without a bolus. Someone able to "
      .. "resuscitate must still be present at all times (setting.resuscitation_personnel, a stop).",
  quotes = { "recommended credentials include a registered nursing degree with Advanced Cardiac Life Support certification", ADMIN_ROW } }

rule {
  id = "asra2018.personnel.administrator_acls",
  category = "personnel", action = "caution",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ not staff.administrator.acls and not (plan.bolus > 0 mg/kg) ]],
  text = "The administering clinician is not ACLS certified; the guideline recommends ACLS certification.",
  source = { section = "Guideline Question 6",
             quote = "recommended credentials include a registered nursing degree with Advanced Cardiac Life Support certification" },
  judgment = AMB08_ACLS,
}

rule {
  id = "asra2018.personnel.administrator_acls_bolus",
  category = "personnel", action = "caution",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ plan.bolus > 0 mg/kg and not staff.administrator.acls ]],
  text = "The clinician giving the ketamine bolus is not ACLS certified; the guideline recommends ACLS certification "
      .. "for whoever gives bolus sedation.",
  source = { section = "Guideline Question 6",
             quote = "For the person who actually administers subanesthetic IV bolus sedation, recommended credentials include a registered nursing degree with Advanced Cardiac Life Support certification" },
  judgment = AMB08_ACLS,
}
