-- facts.lua — a copy of the input facts of rules/asra-ketamine-2018/facts.lua (contract §2),
-- included until the shared vocabulary module (`use "ketamine"`) is on main. A fact named the
-- same in two packs means the same thing, so these declarations are copied unchanged (the
-- 2018 pack's derived facts are not copied: this pack derives its own, in derived.lua, under
-- its own group `hocking2003`). Facts this pack needs that the contract lacks are in
-- new_facts.lua. Many of these facts are read by no rule of this pack (lint: unused-fact).

---------------------------------------------------------------- patient
fact { "patient.id", type = "string", description = "Patient identifier, echoed in the result." }
fact { "patient.age", type = "quantity", unit = "a", range = { 0, 120 },
       description = "Age in years (a bare number is years)." }
fact { "patient.sex", type = "code", values = { "female", "male", "other" },
       description = "Sex; a male patient is not asked about pregnancy." }
fact { "patient.weight", type = "quantity", unit = "kg", range = { 2, 400 },
       description = "Body weight; needed for every weight-based dose and for mg or mg/h inputs." }
fact { "patient.pregnant", type = "boolean", description = "Currently pregnant." }
fact { "patient.significant_comorbidities", type = "boolean",
       description = "Significant comorbidities (the guideline lowers the monitoring thresholds for these patients)." }

---------------------------------------------------------------- pain
fact { "pain.conditions", type = "codes",
       values = { "crps", "spinal_cord_injury", "mixed_neuropathic", "phantom_limb", "postherpetic_neuralgia",
                  "fibromyalgia", "cancer", "ischemic", "migraine", "headache_other", "low_back",
                  "central_poststroke", "orofacial", "other" },
       description = "The chronic pain conditions being treated." }
fact { "pain.refractory", type = "boolean",
       description = "Standard first- and second-line therapies have failed." }

---------------------------------------------------------------- history (Table 5 and Question 5)
fact { "history.unstable_angina", type = "boolean", description = "Unstable angina." }
fact { "history.hypertension", type = "code", values = { "none", "controlled", "poorly_controlled" },
       description = "Hypertension and how well it is controlled." }
fact { "history.coronary_disease", type = "code", values = { "none", "stable", "high_risk" },
       description = "Coronary vascular disease: none, stable, or high-risk." }
fact { "history.cardiovascular_risk", type = "code", values = { "low", "high" },
       description = "high = suspected cardiovascular disease or at high risk of it." }
fact { "history.cardiovascular_disease_control", type = "code", values = { "none", "controlled", "poorly_controlled" },
       description = "Any other cardiovascular disease and how well it is controlled." }
fact { "history.elevated_icp", type = "boolean",
       description = "Elevated intracranial pressure, including from traumatic brain injury or tumour." }
fact { "history.elevated_iop", type = "boolean", description = "Elevated intraocular pressure." }
fact { "history.glaucoma", type = "boolean", description = "Glaucoma." }
fact { "history.acute_globe_injury", type = "boolean", description = "Acute globe (open eye) injury." }
fact { "history.hyperthyroidism", type = "boolean", description = "Hyperthyroidism." }
fact { "history.pheochromocytoma", type = "boolean", description = "Pheochromocytoma." }
fact { "history.liver_disease", type = "code", values = { "none", "mild", "moderate", "severe" },
       description = "Liver disease and its severity (the guideline does not define the grades)." }
fact { "history.chronic_hepatitis", type = "boolean", description = "Chronic hepatitis." }
fact { "history.alcohol_abuse", type = "boolean",
       description = "Alcohol abuse, current or past (history.alcohol_abuse_active says which)." }
-- pack addition (additive to the contract): whether the alcohol abuse is current. history.alcohol_abuse alone
-- does not say, and the guideline treats active abuse differently from a past history (Question 2).
fact { "history.alcohol_abuse_active", type = "boolean",
       description = "The alcohol abuse is current (active), not only in the past; asked only when it matters." }
fact { "history.full_stomach", type = "boolean", description = "Full stomach: aspiration risk now." }
fact { "history.intoxicated", type = "boolean", description = "Intoxicated with alcohol or other substances now." }
fact { "history.substance_abuse", type = "code", values = { "none", "history", "active" },
       description = "Substance abuse: none, a past history, or active now." }
fact { "history.psychosis", type = "code", values = { "none", "history", "active" },
       description = "Psychosis: none, a past history, or active (poorly controlled) now." }
fact { "history.delirium", type = "boolean", description = "Delirium now." }
fact { "history.serious_psychomimetic_reaction", type = "boolean",
       description = "A serious psychomimetic reaction to ketamine before." }
fact { "history.benzodiazepine_contraindicated", type = "boolean",
       description = "Benzodiazepines contraindicated (e.g. some HIV antiretrovirals, myasthenia gravis, prior reaction)." }

fact { "consent", type = "code", values = { "given", "refused", "unable" },
       description = "Informed consent: given, refused, or the patient is unable to consent." }

---------------------------------------------------------------- plan (the proposed treatment)
fact { "plan.route", type = "code",
       values = { "iv", "oral", "intranasal", "subcutaneous", "intramuscular", "intrathecal", "epidural", "topical" },
       description = "Route of the proposed ketamine treatment." }
fact { "plan.bolus", type = "quantity", unit = "mg/kg", per = "patient.weight", default = "0 mg/kg",
       range = { 0, 10 },
       description = "IV bolus of one session in mg/kg (mg accepted, divided by weight); absent = no bolus." }
fact { "plan.infusion_rate", type = "quantity", unit = "mg/kg/h", per = "patient.weight", range = { 0, 20 },
       description = "Infusion rate in mg/kg/h (ug/kg/min converted; mg/h divided by weight); 0 = bolus only." }
fact { "plan.infusion_duration", type = "quantity", unit = "h", range = { 0, 720 },
       description = "Duration of one infusion session." }
fact { "plan.total_dose", type = "quantity", unit = "mg", range = { 0, 100000 },
       derive = "plan.infusion_rate * patient.weight * plan.infusion_duration + plan.bolus * patient.weight",
       description = "Total dose of one session; derived from rate x weight x duration + bolus x weight when absent." }
fact { "plan.setting", type = "code", values = { "outpatient", "inpatient", "icu" },
       description = "Where the infusion would be given." }
fact { "plan.series", type = "boolean",
       description = "A planned series of infusions or a multiday regimen." }
fact { "plan.treatments_past_year", type = "number", range = { 0, 366 },
       description = "Ketamine infusion treatments in the last 12 months, not counting this one; a course counts once "
                  .. "(one outpatient infusion, one multiday inpatient infusion, or one consecutive series; AMB-10)." }
fact { "plan.first_infusion", type = "boolean", description = "This would be the patient's first ketamine infusion." }
fact { "plan.days_since_last_infusion", type = "quantity", unit = "d", range = { 0, 36500 },
       description = "Days since the last ketamine infusion." }
fact { "plan.previously_tolerated_dose", type = "quantity", unit = "mg/kg/h", per = "patient.weight",
       range = { 0, 20 },
       description = "Highest infusion rate tolerated before (\"stabilized\"); mg/h divided by weight." }
fact { "plan.aspiration_precautions", type = "boolean",
       description = "Intubation or other protection against aspiration is in place." }
fact { "plan.premedication", type = "codes",
       values = { "midazolam", "lorazepam", "diazepam", "clonidine", "dexmedetomidine", "none" },
       description = "Planned preemptive medication." }

---------------------------------------------------------------- site and staff
fact { "site.monitored", type = "boolean", description = "A monitored unit with trained nurses." }
fact { "site.resuscitation_equipment", type = "boolean", description = "Resuscitation equipment on hand." }
fact { "site.rescue_medications", type = "boolean", description = "Immediate access to rescue medications." }
fact { "site.airway_personnel", type = "boolean",
       description = "Airway- and ACLS-trained personnel immediately available." }
fact { "staff.supervisor.role", type = "code",
       values = { "anesthesiologist", "critical_care", "pain_physician", "other_physician" },
       description = "Specialty of the supervising physician." }
fact { "staff.supervisor.acls", type = "boolean", description = "The supervising physician is ACLS certified." }
fact { "staff.supervisor.moderate_sedation", type = "boolean",
       description = "The supervising physician is trained in administering moderate sedation." }
fact { "staff.supervisor.ketamine_experience", type = "boolean",
       description = "The supervising physician is experienced with ketamine." }
fact { "staff.supervisor.immediately_available", type = "boolean",
       description = "The supervising physician is immediately available during the infusion." }
fact { "staff.administrator.role", type = "code",
       values = { "registered_nurse", "physician_assistant", "physician", "other" },
       description = "Who administers the ketamine and monitors the patient." }
fact { "staff.administrator.moderate_sedation", type = "boolean",
       description = "The administering clinician has formal training in safe administration of moderate sedation." }
fact { "staff.administrator.acls", type = "boolean", description = "The administering clinician is ACLS certified." }

---------------------------------------------------------------- tests (Question 5)
fact { "tests.ecg", type = "code", values = { "not_done", "normal", "abnormal" },
       description = "Baseline ECG." }
fact { "tests.lft", type = "code", values = { "not_done", "normal", "elevated" },
       description = "Baseline liver function tests." }

---------------------------------------------------------------- response (Question 8)
fact { "response.pain_before", type = "number", range = { 0, 10 },
       description = "Pain score (0-10) before the previous infusion or course." }
fact { "response.pain_after", type = "number", range = { 0, 10 },
       description = "Pain score (0-10) after the previous infusion or course." }
fact { "response.odi_before", type = "number", range = { 0, 100 },
       description = "Oswestry Disability Index (0-100) before the previous infusion or course." }
fact { "response.odi_after", type = "number", range = { 0, 100 },
       description = "Oswestry Disability Index (0-100) after the previous infusion or course." }
fact { "response.opioid_before", type = "number", range = { 0, 10000 },
       description = "Daily opioid dose before, in morphine milligram equivalents." }
fact { "response.opioid_after", type = "number", range = { 0, 10000 },
       description = "Daily opioid dose after, in morphine milligram equivalents." }
fact { "response.satisfied", type = "boolean", description = "The patient is satisfied with the result." }
fact { "response.relief_duration", type = "quantity", unit = "wk", range = { 0, 520 },
       description = "How long the relief lasted." }
fact { "response.course", type = "code", values = { "single_outpatient", "inpatient", "series" },
       description = "What the previous treatment was: one outpatient infusion, an inpatient infusion, or a series." }

---------------------------------------------------------------- follow-on (Question 4)
fact { "followon.agent", type = "code",
       values = { "oral_ketamine", "oral_dextromethorphan", "intranasal_ketamine", "none" },
       description = "The follow-on treatment being considered." }
fact { "followon.dose", type = "quantity", unit = "mg", per = "patient.weight", range = { 0, 5000 },
       description = "One follow-on dose, canonical mg (the guideline gives fixed-mg and mg/kg regimens; mg needs no weight)." }
fact { "followon.interval", type = "quantity", unit = "h", range = { 0.25, 168 },
       description = "Interval between follow-on doses." }
fact { "followon.abuse_risk", type = "code", values = { "low", "high" },
       description = "Assessed risk of abuse." }
fact { "followon.abuse_monitoring", type = "boolean",
       description = "Surveillance like that for chronic opioid therapy is in place." }
fact { "followon.drives", type = "boolean", description = "The patient drives or operates machinery." }

