-- contraindications.lua — Guideline Question 2, Table 5 and Table 6 "Relative contraindications".
-- 004 does not separate absolute from relative contraindications (Table 6 calls them all
-- relative) and says it is prudent to heed them for an elective treatment. The pack treats
-- every Table 5 item that can cause direct harm as a stop (do_not / avoid -> do_not_proceed);
-- the clinician may still override in an exceptional, refractory case (AMB-24).
-- Contraindications apply to any ketamine treatment; they are silent only for an oral
-- dextromethorphan follow-on with no parenteral or intranasal ketamine plan (KETAMINE below
-- is never unknown, so it never asks for anything itself).

local KETAMINE = [[ not (followon.agent is known and followon.agent == "oral_dextromethorphan")
                    or (plan.route is known and plan.route != "oral") ]]

local CV_TEXT = "ketamine should not be used in patients with poorly controlled cardiovascular disease"
local TABLE6_ROW1 = "Poorly controlled cardiovascular disease, pregnancy, active psychosis"

local AMB01_CV = { id = "AMB-01",
  note = "Narrative: poorly controlled cardiovascular disease, grade B, moderate certainty; Table 6 row 1: "
      .. "grade B, low certainty. The grade stays B; the pack encodes the narrative statement (which carries "
      .. "the action 'should not be used') and so shows moderate certainty. Table 5 lists unstable angina, "
      .. "poorly controlled hypertension and high-risk coronary disease under Cardiovascular; the pack treats "
      .. "each as poorly controlled cardiovascular disease.",
  quotes = { "should be avoided in individuals with certain poorly controlled psychoses (grade B evidence, moderate level of certainty)",
             TABLE6_ROW1, "(1) Grade B, low certainty" } }

local AMB24_CV = { id = "AMB-24",
  note = "The guideline says an infusion may still be indicated in refractory cases with poorly controlled angina if "
      .. "benefits outweigh risks, with closer (arterial line) monitoring in an ICU. The pack stops "
      .. "(do_not_proceed) and leaves that exceptional decision to the physician.",
  quotes = { "in patients with relative contraindications to ketamine such as poorly controlled angina, an infusion may still be indicated in refractory cases if the perceived benefits outweigh the risks",
             "In patients with a history of angina, the physician might consider utilizing more frequent blood pressure monitoring (or continuous monitoring with an arterial line) in an intensive care unit setting." } }

local AMB24_STOP = { id = "AMB-24",
  note = "Table 5 lists this item without a grade and the guideline does not say whether it is absolute. Because ketamine "
      .. "is elective here, the pack treats it as a stop (do_not_proceed) rather than a warning.",
  quotes = { "Contraindications to and Precautions for Use of Subanesthetic Doses of Ketamine for Chronic Pain",
             "it is prudent to heed these relative contraindications and precautions" } }

---------------------------------------------------------------- cardiovascular (Table 5; B)
rule {
  id = "asra2018.contraindication.unstable_angina",
  category = "contraindication", action = "do_not",
  grade = "B", certainty = "moderate",
  applies = KETAMINE,
  when = [[ history.unstable_angina ]],
  text = "Unstable angina: do not give ketamine; it raises heart rate, blood pressure and myocardial oxygen demand.",
  source = { section = "Guideline Question 2; Table 5; Table 6", quote = CV_TEXT },
  judgments = { AMB01_CV, AMB24_CV },
}

rule {
  id = "asra2018.contraindication.hypertension_poorly_controlled",
  category = "contraindication", action = "do_not",
  grade = "B", certainty = "moderate",
  applies = KETAMINE,
  when = [[ history.hypertension == "poorly_controlled" ]],
  text = "Poorly controlled hypertension: do not give ketamine until blood pressure is controlled.",
  source = { section = "Guideline Question 2; Table 5; Table 6", quote = CV_TEXT },
  judgment = AMB01_CV,
}

rule {
  id = "asra2018.contraindication.coronary_high_risk",
  category = "contraindication", action = "do_not",
  grade = "B", certainty = "moderate",
  applies = KETAMINE,
  when = [[ history.coronary_disease == "high_risk" ]],
  text = "High-risk coronary vascular disease: do not give ketamine.",
  source = { section = "Guideline Question 2; Table 5; Table 6", quote = CV_TEXT },
  judgments = { AMB01_CV, AMB24_CV },
}

rule {
  id = "asra2018.contraindication.cardiovascular_poorly_controlled",
  category = "contraindication", action = "do_not",
  grade = "B", certainty = "moderate",
  applies = KETAMINE,
  when = [[ history.cardiovascular_disease_control == "poorly_controlled" ]],
  text = "Poorly controlled cardiovascular disease: do not give ketamine.",
  source = { section = "Guideline Question 2; Table 6", quote = CV_TEXT },
  judgment = AMB01_CV,
}

---------------------------------------------------------------- pregnancy (Table 5; Table 6 B low)
rule {
  id = "asra2018.contraindication.pregnancy",
  category = "contraindication", action = "avoid",
  grade = "B", certainty = "low",
  -- a woman of 55 or more is not asked (PACK-CHILDBEARING-AGE in pack.lua); a recorded pregnancy always counts
  applies = "(" .. KETAMINE .. [[) and (patient.pregnant is known or (patient.sex != "male" and not (patient.age >= 55 a))) ]],
  when = [[ patient.pregnant ]],
  text = "Pregnancy: avoid ketamine; there are no data on its safety.",
  source = { section = "Table 5; Table 6", quote = TABLE6_ROW1 },
  judgment = { id = "AMB-01",
    note = "Pregnancy appears only in Table 5 ('Lack of data on safety') and Table 6 row 1 (grade B, low "
        .. "certainty); the narrative summary does not mention it. The pack uses the Table 6 grading.",
    quotes = { "Lack of data on safety", "(1) Grade B, low certainty" } },
}

---------------------------------------------------------------- psychiatric (Table 5)
rule {
  id = "asra2018.contraindication.psychosis_active",
  category = "contraindication", action = "avoid",
  grade = "B", certainty = "moderate",
  applies = KETAMINE,
  when = [[ history.psychosis == "active" ]],
  text = "Active or poorly controlled psychosis: avoid ketamine; it can reactivate hallucinations and delusions.",
  source = { section = "Guideline Question 2; Table 5; Table 6",
             quote = "should be avoided in individuals with certain poorly controlled psychoses (grade B evidence, moderate level of certainty)" },
  judgment = { id = "AMB-01",
    note = "Narrative 'certain poorly controlled psychoses' is grade B, moderate; Table 6 'active psychosis' is "
        .. "grade B, low. The pack encodes the narrative statement (moderate) for active psychosis; a past "
        .. "history of psychosis (Table 5 says only 'Psychosis') is a separate, ungraded caution.",
    quotes = { TABLE6_ROW1, "(1) Grade B, low certainty" } },
}

rule {
  id = "asra2018.contraindication.psychosis_history",
  category = "contraindication", action = "caution",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.psychosis == "history" ]],
  text = "Past psychosis: ketamine can reactivate hallucinations and delusions; weigh this and watch closely.",
  source = { section = "Guideline Question 2; Table 5",
             quote = "A history of psychosis as a contraindication is based on reports" },
  judgment = { id = "AMB-01",
    note = "Table 5 lists 'Psychosis' and the narrative bases the contraindication on a history of psychosis, but "
        .. "grades only poorly controlled psychosis. The safer reading keeps a past history as a caution.",
    quotes = { "A history of psychosis as a contraindication is based on reports" } },
}

rule {
  id = "asra2018.contraindication.intoxication",
  category = "contraindication", action = "do_not",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.intoxicated ]],
  text = "Intoxicated with alcohol or other substances: do not give ketamine now.",
  source = { section = "Table 5", quote = "Intoxication with alcohol or other substances" },
  judgments = { AMB24_STOP, { id = "AMB-23",
    note = "Intoxication is an ungraded Table 5 item; the pack treats it as a stop.",
    quotes = { "Intoxication with alcohol or other substances" } } },
}

rule {
  id = "asra2018.contraindication.delirium",
  category = "contraindication", action = "avoid",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.delirium ]],
  text = "Delirium: avoid ketamine; it may worsen the delirium.",
  source = { section = "Guideline Question 2; Table 5",
             quote = "It is also possible that patients with delirium can experience an exacerbation of symptoms with ketamine infusion." },
  judgment = AMB24_STOP,
}

rule {
  id = "asra2018.contraindication.consent",
  category = "contraindication", action = "do_not",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ consent != "given" ]],
  text = "The patient has refused or is unable to give informed consent: do not give ketamine.",
  source = { section = "Table 5", quote = "Refusal or inability to consent" },
  judgment = { id = "AMB-24",
    note = "The guideline lists refusal or inability to consent among contraindications/precautions without calling it "
        .. "absolute. The pack treats it as a stop; unknown consent blocks a 'proceed' (insufficient_data).",
    quotes = { "Refusal or inability to consent" } },
}

rule {
  id = "asra2018.contraindication.psychomimetic_no_benzodiazepine",
  category = "contraindication", action = "caution",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.serious_psychomimetic_reaction and history.benzodiazepine_contraindicated ]],
  text = "A prior serious psychomimetic reaction and benzodiazepines contraindicated (the main rescue drugs): "
      .. "the patient may not be a good candidate for ketamine; weigh this and plan an alpha-2 agonist as rescue.",
  source = { section = "Guideline Question 2",
             quote = "individuals with a history of serious psychomimetic effects and relative contraindications to rescue medications such as benzodiazepines" },
  judgment = { id = "AMB-24",
    note = "The guideline says such patients 'may not be good candidates', a doubt rather than a prohibition, and "
        .. "calls the benzodiazepine problem a relative contraindication to rescue medication: the pack cautions.",
    quotes = { "may not be good candidates for ketamine treatment" } },
}

---------------------------------------------------------------- substance abuse (Table 5; C low)
-- history.abuse_active (facts.lua): substance abuse recorded as active, or alcohol abuse that is current.
local AMB23_ALCOHOL = { id = "AMB-23",
  note = "Alcohol is one of the substances the guideline names ('alcohol or other substance abuse'). A record of alcohol "
      .. "abuse does not say whether it is active or past, and the pack never reads it as past by default: active "
      .. "alcohol abuse follows the active-abuse rules (serial infusions 'should not be undertaken'), and while it is "
      .. "not known whether the abuse is current the pack asks (history.alcohol_abuse_active) where the answer decides.",
  quotes = { "a history of alcohol or other substance abuse is mentioned in several Web sites, drug monographs, and case reports as a relative contraindication",
             "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem" } }
rule {
  id = "asra2018.contraindication.substance_abuse_serial",
  category = "contraindication", action = "do_not",
  grade = "C", certainty = "low",
  applies = [[ plan.route is known and not (plan.route in ["oral", "intranasal", "topical"]) ]],
  when = [[ history.abuse_active and (plan.series or not plan.first_infusion) ]],
  text = "Active alcohol or other substance abuse: do not give serial ketamine infusions (a series, or a repeat infusion).",
  source = { section = "Guideline Question 2; Table 5; Table 6",
             quote = "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem" },
  judgments = { { id = "AMB-23",
    note = "The narrative forbids serial infusions in active abuse; Table 6 lists 'Active substance abuse' without "
        .. "qualification and the guideline does not say whether one infusion is acceptable. The pack stops a planned "
        .. "series and any repeat infusion (not the patient's first); a single first infusion gets a caution with "
        .. "universal precautions. Whether the plan is serial must be known (unknown -> insufficient_data).",
    quotes = { "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem",
               "Active substance abuse" } }, AMB23_ALCOHOL },
}

rule {
  id = "asra2018.contraindication.substance_abuse_active",
  category = "contraindication", action = "caution",
  grade = "C", certainty = "low",
  applies = KETAMINE,
  when = [[ history.abuse_active ]],
  text = "Active alcohol or other substance abuse: if ketamine is given at all, use universal precautions to monitor "
      .. "for abuse.",
  source = { section = "Guideline Question 2; Table 5; Table 6",
             quote = "should be used along with universal precautions to monitor for abuse (grade C evidence, low level of certainty)" },
  judgment = AMB23_ALCOHOL,
}

rule {
  id = "asra2018.contraindication.substance_abuse_history",
  category = "contraindication", action = "caution",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.substance_abuse == "history" or history.alcohol_abuse ]],
  text = "A history of alcohol or other substance abuse is a relative contraindication in drug monographs; "
      .. "weigh the abuse potential of ketamine.",
  source = { section = "Guideline Question 2",
             quote = "a history of alcohol or other substance abuse is mentioned in several Web sites, drug monographs, and case reports as a relative contraindication" },
  judgment = AMB23_ALCOHOL,
}

---------------------------------------------------------------- hepatic (Table 5; C low)
rule {
  id = "asra2018.contraindication.hepatic_severe",
  category = "contraindication", action = "avoid",
  grade = "C", certainty = "low",
  applies = KETAMINE,
  when = [[ history.liver_disease == "severe" ]],
  text = "Severe hepatic disease: avoid ketamine.",
  source = { section = "Guideline Question 2; Table 5; Table 6",
             quote = "Severe hepatic disease (avoid), moderate hepatic disease (caution)" },
}

rule {
  id = "asra2018.contraindication.hepatic_moderate",
  category = "contraindication", action = "caution",
  grade = "C", certainty = "low",
  applies = KETAMINE,
  topic = "contraindication.hepatic_moderate", position = "caution",
  when = [[ history.liver_disease == "moderate" ]],
  text = "Moderate hepatic disease: ketamine may be given judiciously with proper monitoring.",
  source = { section = "Guideline Question 2; Table 6",
             quote = "it should be avoided in individuals with severe impairment but may be administered judiciously with proper monitoring in people with moderate disease" },
}

---------------------------------------------------------------- neurological and ophthalmic (Table 5; C low)
local ICP_IOP = "there is grade C evidence that ketamine should not be used or used only in lower dosages with extreme caution (low level of certainty)"
local TABLE5_EYE = "Elevated intraocular pressure, acute globe injury, or glaucoma"
local WEAK = "which appear to be weak relative contraindications"
-- "lower dosages": below the dose at which this patient needs the Question 6 monitored setting
-- (plan.monitoring_required: bolus >= 0.35 mg/kg or infusion >= 1 mg/kg/h, halved for an elderly or
-- comorbid patient). An oral or intranasal regimen has no such dose and counts as a lower dosage.
local LOWER = [[ not plan.monitoring_required ]]

local PACK_LOWER_DOSE = { id = "PACK-LOWER-DOSE",
  note = "The guideline calls raised intracranial and intraocular pressure 'weak relative contraindications' and says "
      .. "ketamine 'should not be used or used only in lower dosages with extreme caution', without saying what a lower "
      .. "dosage is. The pack reads it as a dose below the one at which Question 6 asks for the monitored setting for "
      .. "this patient (bolus under 0.35 mg/kg and infusion under 1 mg/kg/h; half that for an elderly or significantly "
      .. "comorbid patient, AMB-22); oral and intranasal regimens count as lower dosages. At such a dose the finding is "
      .. "a caution (extreme caution); at a higher dose it is a stop (should not be used).",
  quotes = { ICP_IOP, WEAK } }
local AMB24_ICP = { id = "AMB-24",
  note = "These are the only Table 5 items the guideline distinguishes as (weak) relative contraindications; the pack "
      .. "follows the wording instead of treating them as plain stops.",
  quotes = { "the evidence base for these recommendations is not robust enough to distinguish between absolute and relative contraindications except for elevated intracranial and intraocular pressure" } }
local AMB24_EYE = { id = "AMB-24",
  note = "Table 5 groups glaucoma and acute globe injury with elevated intraocular pressure without a grade; the graded "
      .. "summary names only raised intracranial and intraocular pressure. The pack gives them the same reading "
      .. "(a stop at a standard dose, a caution at a lower dose) but no grade.",
  quotes = { TABLE5_EYE, ICP_IOP } }

-- the pair for one condition: a stop at a standard or higher dose, a caution at a lower dose
local function raised_pressure(name, fact, label, graded)
  local grade, certainty, section, quote, js
  if graded then
    grade, certainty, section, quote = "C", "low", "Guideline Question 2; Table 5; Table 6", ICP_IOP
    js = { PACK_LOWER_DOSE, AMB24_ICP }
  else
    grade, certainty, section, quote = false, false, "Table 5", TABLE5_EYE
    js = { PACK_LOWER_DOSE, AMB24_EYE }
  end
  rule {
    id = "asra2018.contraindication." .. name,
    category = "contraindication", action = "do_not",
    grade = grade, certainty = certainty,
    applies = KETAMINE,
    when = fact .. [[ and not ]] .. "(" .. LOWER .. ")",
    text = label .. " at this dose: do not use ketamine; at most a lower dose (below the monitored-setting "
        .. "threshold), with extreme caution.",
    source = { section = section, quote = quote },
    judgments = js,
  }
  rule {
    id = "asra2018.contraindication." .. name .. "_lower_dose",
    category = "contraindication", action = "caution",
    grade = grade, certainty = certainty,
    applies = KETAMINE,
    when = fact .. [[ and ]] .. LOWER,
    text = label .. ": a weak relative contraindication; at this lower dose ketamine may be used only with "
        .. "extreme caution.",
    source = { section = section, quote = quote },
    judgments = js,
  }
end

raised_pressure("elevated_icp", "history.elevated_icp",
                "Elevated intracranial pressure (including from brain injury or tumour)", true)
raised_pressure("elevated_iop", "history.elevated_iop", "Elevated intraocular pressure", true)
raised_pressure("glaucoma", "history.glaucoma", "Glaucoma", false)
raised_pressure("acute_globe_injury", "history.acute_globe_injury", "Acute globe injury", false)

---------------------------------------------------------------- endocrine, gastrointestinal (Table 5; ungraded)
rule {
  id = "asra2018.contraindication.hyperthyroidism",
  category = "contraindication", action = "avoid",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.hyperthyroidism ]],
  text = "Hyperthyroidism: avoid ketamine; it may potentiate sympathomimetic effects.",
  source = { section = "Table 5",
             quote = "Endocrinological (due to possible potentiation of sympathomimetic effects)" },
  judgment = AMB24_STOP,
}

rule {
  id = "asra2018.contraindication.pheochromocytoma",
  category = "contraindication", action = "avoid",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.pheochromocytoma ]],
  text = "Pheochromocytoma: avoid ketamine; it may potentiate sympathomimetic effects.",
  source = { section = "Table 5",
             quote = "Endocrinological (due to possible potentiation of sympathomimetic effects)" },
  judgment = AMB24_STOP,
}

rule {
  id = "asra2018.contraindication.full_stomach",
  category = "contraindication", action = "avoid",
  grade = false, certainty = false,
  -- aspiration during sedation: not asked for a take-home oral or intranasal prescription
  applies = [[ not (plan.route in ["oral", "intranasal", "topical"]) ]],
  when = [[ history.full_stomach ]],
  text = "Full stomach (aspiration risk): do not start ketamine until the patient is fasted.",
  source = { section = "Table 5", quote = "Full stomach aspiration risk" },
  judgment = AMB24_STOP,
}

---------------------------------------------------------------- cumulative risk of a series (Question 2)
rule {
  id = "asra2018.contraindication.series_cumulative_risk",
  category = "contraindication", action = "caution",
  grade = false, certainty = false,
  applies = [[ plan.route is known and not (plan.route in ["oral", "intranasal", "topical"]) ]],
  when = [[ plan.series ]],
  text = "A scheduled series or multiday regimen: weigh the cumulative risks of repeated ketamine "
      .. "(cystitis, hepatic dysfunction) before starting.",
  source = { section = "Guideline Question 2",
             quote = "the possible cumulative risks (drug-induced cystitis) and effects (hepatic dysfunction) of chronic administration should be taken into consideration when embarking on a scheduled multiday infusion regimen" },
}
