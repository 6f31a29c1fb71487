-- ketamine.lua — the shared fact vocabulary of the ketamine packs (`use "ketamine"`).
--
-- A fact named here means the same in every pack that uses this vocabulary, so a patient's
-- fact file is read once and checked against one declaration of each fact, whichever packs
-- evaluate it. The first part is the public contract's §2 vocabulary exactly (names, types,
-- codes and canonical units; `per = "patient.weight"` on plan.previously_tolerated_dose is
-- additive: it also accepts mg/h). The second part adds, additively, what the four review
-- packs need. The last part declares the topics that packs share, each with the question
-- its rules answer: a disagreement between packs on a topic is about that question.
--
-- Ranges are plausibility limits in the canonical unit: an input outside them is an error,
-- never a silent "false". Dose ranges are deliberately wider than any source's dose limits,
-- so that an unsafe-but-possible plan is flagged by a rule, not rejected.
-- A vocabulary declares facts and topics only; derived facts belong to each pack, which
-- reads the inputs its own way.

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


-- ============================================================================================
-- Additions for the review packs (additive to contract §2). Each says what it means without
-- reference to one pack, so that any pack reading it means the same thing.

---------------------------------------------------------------- pain (Hocking & Cousins 2003)
-- Suggested approach item 6 and "Acute on Chronic Neuropathic Pain": the review gives this use
-- its own infusion range (0.14-0.4 mg/kg/h, level IV) and does not ask for a trial first.
fact { "pain.acute_on_chronic", type = "boolean",
       description = "A severe acute-on-chronic episode of neuropathic pain now (an acute exacerbation of chronic "
                  .. "neuropathic pain), as opposed to the stable chronic pain itself." }

-- Discussion: ketamine "may be used most effectively to reduce the symptoms of allodynia,
-- hyperalgesia, and hyperpathia" (level II); patients in whom they predominate may benefit more.
fact { "pain.hyperalgesia_predominant", type = "boolean",
       description = "Allodynia, hyperalgesia or hyperpathia is a predominant feature of the pain." }

---------------------------------------------------------------- follow-on (Hocking & Cousins 2003)
-- Suggested approach item 5: oral ketamine is increased "by 0.5 mg/kg as tolerated"; checking a
-- step needs the dose before it. 0 mg says that the planned dose is the starting dose.
fact { "followon.previous_dose", type = "quantity", unit = "mg", per = "patient.weight", range = { 0, 5000 },
       description = "The single dose of the follow-on regimen before this change (mg, or mg/kg times the weight); "
                  .. "0 mg when the planned followon.dose is the starting dose." }

---------------------------------------------------------------- plan: the preparation (Hocking & Cousins 2003; Pain: Clinical Updates)
-- Both reviews: the preservative benzethonium chloride is implicated in neurotoxicity; preservative-free
-- drug appears safe for neuraxial use.
fact { "plan.preservative_free", type = "boolean",
       description = "The ketamine preparation planned is preservative-free (no benzethonium chloride or other "
                  .. "preservative)." }

---------------------------------------------------------------- plan: adjunct medication (Maher et al. 2017)
-- The review describes adjunct midazolam and clonidine in three forms each (midazolam: preinfusion IV boluses, IV doses as needed, a
-- simultaneous infusion; clonidine: by mouth, a patch, an IV infusion), so a single dose and a
-- rate are asked for each. A plan lists what is planned: an absent dose or rate means none.
fact { "plan.adjuncts", type = "codes", values = { "midazolam", "clonidine", "other", "none" },
       description = "Medications planned alongside the ketamine infusion: before it (a preinfusion bolus), "
                  .. "during it (a simultaneous infusion) or as needed; [] or none = no adjunct." }
fact { "plan.midazolam_dose", type = "quantity", unit = "mg", per = "patient.weight", range = { 0, 50 },
       default = "0 mg",
       description = "The largest single IV midazolam dose planned with the infusion (a preinfusion bolus or a dose "
                  .. "as needed), in mg (mg/kg is multiplied by the weight); absent = none." }
fact { "plan.midazolam_rate", type = "quantity", unit = "mg/kg/h", per = "patient.weight", range = { 0, 2 },
       default = "0 mg/kg/h",
       description = "Planned midazolam infusion rate during the ketamine infusion, in mg/kg/h (mg/h is divided by "
                  .. "the weight); absent = no midazolam infusion." }
fact { "plan.clonidine_dose", type = "quantity", unit = "mg", range = { 0, 2 }, default = "0 mg",
       description = "One planned clonidine dose by mouth, or the daily dose a clonidine patch delivers, in mg; "
                  .. "absent = none." }
fact { "plan.clonidine_rate", type = "quantity", unit = "ug/kg/h", per = "patient.weight", range = { 0, 20 },
       default = "0 ug/kg/h",
       description = "Planned IV clonidine infusion rate, in ug/kg/h (ug/h is divided by the weight); absent = no "
                  .. "clonidine infusion." }

---------------------------------------------------------------- site and staff (Maher et al. 2017)
fact { "site.asa_monitors", type = "boolean",
       description = "Standard American Society of Anesthesiologists (ASA) monitors are used for the infusion." }
fact { "staff.physician_supervision", type = "boolean",
       description = "A physician supervises the infusion." }

---------------------------------------------------------------- plan: interactions (Noppers et al. 2010)
-- The review: drugs that inhibit the CYP enzymes that metabolize ketamine (such as clarithromycin) increase
-- ketamine plasma concentrations, in particular after oral administration. Inducers have little effect, so
-- the vocabulary asks about inhibitors only.
fact { "plan.cyp3a_inhibitor", type = "boolean",
       description = "The patient takes, or will take during the ketamine treatment, a drug that inhibits CYP3A "
                  .. "(e.g. clarithromycin), which raises ketamine plasma concentrations." }

---------------------------------------------------------------- plan and history (Pain: Clinical Updates)
-- The article distinguishes oral (swallowed) from sublingual ketamine (bioavailability, time to peak, and a
-- sublingual study in breakthrough cancer pain). The contract's plan.route has no sublingual code, so the form
-- of an oral ketamine plan or oral ketamine follow-on is a fact of its own.
fact { "plan.oral_form", type = "code", values = { "swallowed", "sublingual" },
       description = "How oral ketamine (plan.route oral, or an oral ketamine follow-on) is taken: swallowed, or "
                  .. "sublingual (held under the tongue, e.g. a lozenge)." }

-- The article defines long-term therapeutic ketamine as more than 1 week and asks for memory counselling
-- before it. Neither the duration of one infusion nor plan.series says how long the whole course will last.
fact { "plan.course_duration", type = "quantity", unit = "d", range = { 0, 3650 },
       description = "Planned length of the whole ketamine course, from the first dose to the last (one infusion: "
                  .. "its duration; a series, a multiday regimen or take-home oral or intranasal ketamine: the time "
                  .. "they span)." }

-- The article states that dosing need not be altered in moderate renal (or hepatic) dysfunction.
fact { "history.renal_disease", type = "code", values = { "none", "mild", "moderate", "severe" },
       description = "Renal dysfunction and its severity: none, mild, moderate or severe." }

-- ============================================================================================
-- Topics: the questions that rules of several packs answer (a rule names one with
-- `topic = "..."` and gives its answer with `position = "..."`). Worded neutrally.

topic { "indication.crps",
        "What does the evidence say about ketamine for complex regional pain syndrome (CRPS)?" }
topic { "indication.spinal_cord_injury",
        "What does the evidence say about ketamine for spinal cord injury pain?" }
topic { "indication.mixed_neuropathic",
        "What does the evidence say about ketamine for mixed neuropathic pain?" }
topic { "indication.phantom_limb",
        "What does the evidence say about ketamine for phantom limb pain?" }
topic { "indication.postherpetic_neuralgia",
        "What does the evidence say about ketamine for postherpetic neuralgia?" }
topic { "indication.fibromyalgia",
        "What does the evidence say about ketamine for fibromyalgia?" }
topic { "indication.cancer",
        "What does the evidence say about ketamine for cancer pain?" }
topic { "indication.ischemic",
        "What does the evidence say about ketamine for ischemic pain?" }
topic { "indication.migraine",
        "What does the evidence say about ketamine for migraine and other headache?" }
topic { "indication.low_back",
        "What does the evidence say about ketamine for low-back pain?" }
topic { "indication.orofacial",
        "What does the evidence say about ketamine for orofacial pain?" }
topic { "indication.central_poststroke",
        "What does the evidence say about ketamine for central post-stroke pain?" }
topic { "indication.line_of_therapy",
        "Where does ketamine come among the treatments for chronic pain?" }
topic { "dosing.infusion_rate",
        "What intravenous infusion rate (mg/kg/h) is recommended?" }
topic { "dosing.bolus",
        "Should an infusion start with a bolus, and how large?" }
topic { "dosing.first_infusion",
        "How should a first infusion be given?" }
topic { "dosing.dose_response",
        "Does more ketamine give more relief?" }
topic { "dosing.duration_response",
        "Does a longer infusion give longer relief?" }
topic { "dosing.oral_ketamine",
        "How should oral ketamine be dosed?" }
topic { "adverse.dose_dependence",
        "Do the side effects depend on the dose?" }
topic { "contraindication.cardiovascular_disease",
        "Can ketamine be given with cardiovascular disease?" }
topic { "contraindication.hepatic_moderate",
        "Can ketamine be given with moderate hepatic disease?" }
topic { "setting.monitoring",
        "Which infusions need a monitored setting?" }
topic { "rescue.benzodiazepine_premedication",
        "Does benzodiazepine premedication prevent psychotomimetic effects?" }
topic { "rescue.psychotomimetic",
        "What should be done about psychotomimetic effects?" }
topic { "follow_on.oral_ketamine",
        "Is oral ketamine a follow-on option after infusions?" }
topic { "follow_on.intranasal_ketamine",
        "Is intranasal ketamine a follow-on option after infusions?" }
topic { "route.neuraxial",
        "Can ketamine be given epidurally or intrathecally?" }
topic { "route.topical",
        "Is topical ketamine an option?" }
