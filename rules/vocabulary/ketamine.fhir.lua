-- ketamine.fhir.lua — how FHIR R4 resources map to the facts of the shared vocabulary
-- `ketamine` (contract §6). Every pack that declares `use "ketamine"` and has no fhir.lua of its
-- own reads bundles through this mapping, so the packs read one bundle the same way.
--
-- The engine reads this file once, when a pack is opened, in a sandbox that offers only the
-- declarations below, and compiles it into lookup tables; no Lua runs per patient. Every fact
-- and value named here is checked against the pack's facts at load time, and the pack's digest
-- covers this file.
--
-- Declarations (docs/fhir.md explains each):
--   patient { age = FACT, sex = FACT, id = FACT, genders = { [gender] = code } }
--   condition { FACT, VALUE, snomed = {...}, icd10 = {...}, past = {...}, refuted = {...}, also = {...},
--               absent = VALUE, complete = false, section = "problems" }
--   allergy / medication / premedication { FACT, VALUE, rxnorm = {...}, manifestation = {...} }
--   procedure { FACT, VALUE-WHEN-NOT-DONE, snomed = {...} }
--   observation { FACT, loinc = {...}, answers = {...}, interpretation = {...}, above = CODE,
--                 within = CODE, combine = "latest" | "worst" }
--   plan { rxnorm = {...}, route = FACT, routes = {...}, rate = FACT, duration = FACT, bolus = FACT }
--   consent { fact = FACT, scope = CODE, permit = CODE, deny = CODE }
--   blood_pressure { fact = FACT, systolic = LOINC, diastolic = LOINC, ... }
--   list { section = "problems" | "medications" | "allergies", loinc = {...} }
--
-- ICD-10-CM codes ending in * stand for the category and every code under it ("G90.5*" is
-- G90.50-G90.59); the most specific entry that matches a code wins. SNOMED CT codes match
-- exactly (no subsumption: a descendant concept must be listed to count).
--
-- Where the codes come from (each list below says which concept it is):
--   ICD-10-CM: the CDC/NCHS ICD-10-CM tabular list (FY2024 release), categories chosen by title.
--   SNOMED CT: International Edition concept ids (the SNOMED International browser), the concept
--              named in the comment; FHIR's own examples use the same ids for routes and findings.
--   LOINC:     loinc.org terms named in the comment (the vital-signs profile of FHIR R4 fixes
--              29463-7, 85354-9, 8480-6 and 8462-4).
--   RxNorm:    NLM RxNav ingredient concepts (IN), so that every product of the ingredient counts
--              when the order names its ingredient.
--   v3 ObservationInterpretation: the HL7 terminology (N normal, H high, A abnormal, ...).
-- A code not listed here is not read: the fact then stays unknown and is asked for.

---------------------------------------------------------------- the patient
patient {
  age = "patient.age",   -- from birthDate, as of --as-of or Bundle.timestamp
  sex = "patient.sex",   -- Patient.gender (administrative gender); "unknown" leaves it unknown
  id = "patient.id",     -- Patient.id
  genders = { female = "female", male = "male", other = "other" },
}

---------------------------------------------------------------- observations
observation { "patient.weight",
  loinc = { "29463-7",   -- Body weight
            "3141-9" } } -- Body weight Measured

observation { "patient.pregnant",
  loinc = { "82810-3" },                     -- Pregnancy status
  answers = { ["77386006"] = true,           -- SNOMED CT Pregnant (finding)
              ["60001007"] = false } }       -- SNOMED CT Not pregnant (finding); 261665006 Unknown stays unknown

observation { "tests.lft", combine = "worst",  -- the worst of the latest result of each test
  loinc = { "1742-6",    -- Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma
            "1920-8",    -- Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma
            "1975-2",    -- Bilirubin.total [Mass/volume] in Serum or Plasma
            "6768-6",    -- Alkaline phosphatase [Enzymatic activity/volume] in Serum or Plasma
            "2324-2" },  -- Gamma glutamyl transferase [Enzymatic activity/volume] in Serum or Plasma
  interpretation = { N = "normal", H = "elevated", HH = "elevated", HU = "elevated", A = "elevated", AA = "elevated" },
  above = "elevated", within = "normal" }      -- without an interpretation: valueQuantity against referenceRange.high

observation { "tests.ecg",
  loinc = { "11524-6",   -- EKG study
            "8601-7",    -- EKG impression
            "34534-8" }, -- 12 lead EKG panel
  answers = { ["164854000"] = "normal",       -- SNOMED CT Electrocardiogram normal
              ["102594003"] = "abnormal" },   -- SNOMED CT Electrocardiogram abnormal
  interpretation = { N = "normal", A = "abnormal", AA = "abnormal", H = "abnormal", HH = "abnormal",
                     L = "abnormal", LL = "abnormal" } }

procedure { "tests.ecg", "not_done",          -- a Procedure with status not-done
  snomed = { "29303009",    -- Electrocardiographic procedure
             "268400002" } } -- 12 lead electrocardiogram

-- Hypertension is read from the problem list; how well it is controlled from the latest blood
-- pressure (pack judgment, docs/fhir.md: the guideline gives no threshold; below 140/90 is
-- controlled, 160/100 or more is poorly controlled, in between stays unknown and is asked for).
blood_pressure { fact = "history.hypertension",
  systolic = "8480-6",   -- Systolic blood pressure (alone or as a component of 85354-9, Blood pressure panel)
  diastolic = "8462-4",  -- Diastolic blood pressure
  controlled_below_systolic = 140, controlled_below_diastolic = 90,
  poor_from_systolic = 160, poor_from_diastolic = 100,
  needs = "controlled", controlled = "controlled", poor = "poorly_controlled" }

---------------------------------------------------------------- the planned ketamine order
plan {
  rxnorm = { "6130" },   -- ketamine (IN)
  route = "plan.route",
  routes = { ["47625008"] = "iv",            -- Intravenous route
             ["26643006"] = "oral",          -- Oral route
             ["46713006"] = "intranasal",    -- Nasal route
             ["34206005"] = "subcutaneous",  -- Subcutaneous route
             ["78421000"] = "intramuscular", -- Intramuscular route
             ["72607000"] = "intrathecal",   -- Intrathecal route
             ["404820008"] = "epidural",     -- Epidural route
             ["6064005"] = "topical" },      -- Topical route
  rate = "plan.infusion_rate",               -- doseAndRate.rateQuantity or rateRatio (mg/kg/h, mg/h, ug/kg/min)
  duration = "plan.infusion_duration",       -- timing.repeat.duration + durationUnit
  bolus = "plan.bolus",                      -- doseAndRate.doseQuantity without a rate (mg/kg or mg)
  -- Ketamine given before (a MedicationAdministration completed or in progress, a MedicationStatement
  -- active, completed or stopped): not the first infusion, and the days since the latest. With
  -- --complete medications and none (and no ended ketamine order that may have been given): the first.
  first = "plan.first_infusion",
  days_since = "plan.days_since_last_infusion",
}

-- Preemptive medication ordered (MedicationRequest active or draft, authored the same day as the
-- ketamine order); with --complete medications and none ordered, the plan has none.
premedication { "plan.premedication", "midazolam", rxnorm = { "6960" }, absent = "none" }
premedication { "plan.premedication", "lorazepam", rxnorm = { "6470" } }
premedication { "plan.premedication", "diazepam", rxnorm = { "3322" } }
premedication { "plan.premedication", "clonidine", rxnorm = { "2599" } }
premedication { "plan.premedication", "dexmedetomidine", rxnorm = { "48937" } }

---------------------------------------------------------------- pain conditions (Question 1)
condition { "pain.conditions", "crps",
  snomed = { "128200000" },                 -- Complex regional pain syndrome
  icd10 = { "G90.5*",                       -- Complex regional pain syndrome I
            "G56.4*", "G57.7*" } }          -- Causalgia of upper / lower limb (CRPS II)
condition { "pain.conditions", "spinal_cord_injury",
  icd10 = { "S14.1*", "S24.1*", "S34.1*" } } -- Injury of cervical / thoracic / lumbar spinal cord
condition { "pain.conditions", "mixed_neuropathic",
  snomed = { "247398009" },                 -- Neuropathic pain
  icd10 = { "M79.2" } }                     -- Neuralgia and neuritis, unspecified
condition { "pain.conditions", "phantom_limb",
  icd10 = { "G54.6" } }                     -- Phantom limb syndrome with pain
condition { "pain.conditions", "postherpetic_neuralgia",
  snomed = { "2177002" },                   -- Postherpetic neuralgia
  icd10 = { "B02.2*" } }                    -- Zoster with other nervous system involvement (postherpetic)
condition { "pain.conditions", "fibromyalgia",
  snomed = { "203082005" },                 -- Fibromyalgia
  icd10 = { "M79.7" } }                     -- Fibromyalgia
condition { "pain.conditions", "cancer",
  icd10 = { "G89.3" } }                     -- Neoplasm related pain (acute) (chronic)
condition { "pain.conditions", "ischemic",
  icd10 = { "I70.22*" } }                   -- Atherosclerosis of native arteries of extremities with rest pain
condition { "pain.conditions", "migraine",
  snomed = { "37796009" },                  -- Migraine
  icd10 = { "G43*" } }                      -- Migraine
condition { "pain.conditions", "headache_other",
  icd10 = { "G44*" } }                      -- Other headache syndromes
condition { "pain.conditions", "low_back",
  snomed = { "279039007",                   -- Low back pain
             "278860009" },                 -- Chronic low back pain
  icd10 = { "M54.5*",                       -- Low back pain
            "M54.4*" } }                    -- Lumbago with sciatica
condition { "pain.conditions", "central_poststroke",
  icd10 = { "G89.0" } }                     -- Central pain syndrome
condition { "pain.conditions", "orofacial",
  icd10 = { "G50.0",                        -- Trigeminal neuralgia
            "G50.1" } }                     -- Atypical facial pain
condition { "pain.conditions", "other",
  icd10 = { "G89.29",                       -- Other chronic pain
            "G89.4" } }                     -- Chronic pain syndrome

---------------------------------------------------------------- Table 5: cardiovascular
condition { "history.unstable_angina", true,
  snomed = { "4557003" },                   -- Preinfarction syndrome (unstable angina)
  icd10 = { "I20.0",                        -- Unstable angina
            "I25.110", "I25.700", "I25.710", "I25.720", "I25.730", "I25.750", "I25.760", "I25.790" },
            -- atherosclerotic heart disease / bypass graft disease with unstable angina pectoris
  also = { ["history.coronary_disease"] = "high_risk", ["history.cardiovascular_risk"] = "high" } }
condition { "history.coronary_disease", "stable",
  snomed = { "53741008",                    -- Coronary arteriosclerosis
             "414545008",                   -- Ischemic heart disease
             "399211009" },                 -- History of myocardial infarction
  icd10 = { "I25.1*",                       -- Atherosclerotic heart disease of native coronary artery
            "I25.2",                        -- Old myocardial infarction
            "I25.7*", "I25.8*", "I25.9" },  -- other chronic ischemic heart disease
  past = { ["history.coronary_disease"] = "stable" },
  absent = "none" }
condition { "history.coronary_disease", "high_risk",
  snomed = { "22298006" },                  -- Myocardial infarction
  icd10 = { "I21*", "I22*", "I24*" },
  past = { ["history.coronary_disease"] = "stable" } } -- a resolved infarction leaves (stable) coronary disease      -- Acute myocardial infarction, subsequent MI, other acute ischemic heart disease
condition { "history.cardiovascular_risk", "high",
  icd10 = { "I20*", "I21*", "I22*", "I24*", "I25*", -- ischemic heart diseases
            "I50*",                         -- Heart failure
            "I63*",                         -- Cerebral infarction
            "I70*" },                       -- Atherosclerosis
  snomed = { "53741008",                    -- Coronary arteriosclerosis
             "414545008",                   -- Ischemic heart disease
             "22298006",                    -- Myocardial infarction
             "230690007",                   -- Cerebrovascular accident
             "88805009" },                  -- Chronic congestive heart failure
  past = { ["history.cardiovascular_risk"] = "high" } } -- a past infarction or stroke keeps the risk high
-- A hypertension diagnosis sets "controlled" provisionally; blood_pressure above decides.
condition { "history.hypertension", "controlled",
  snomed = { "38341003",                    -- Hypertensive disorder
             "59621000" },                  -- Essential hypertension
  icd10 = { "I10", "I11*", "I12*", "I13*", "I15*" }, -- Hypertensive diseases
  absent = "none" }
condition { "history.hypertension", "poorly_controlled",
  icd10 = { "I16*" } }                      -- Hypertensive crisis (urgency, emergency)

---------------------------------------------------------------- Table 5: neurological, eye, endocrine
condition { "history.elevated_icp", true,
  icd10 = { "G93.2",                        -- Benign intracranial hypertension
            "G93.6*",                       -- Cerebral edema
            "G91*" } }                      -- Hydrocephalus
condition { "history.elevated_iop", true,
  icd10 = { "H40.05*" } }                   -- Ocular hypertension
condition { "history.glaucoma", true,
  snomed = { "23986001" },                  -- Glaucoma
  icd10 = { "H40.1*", "H40.2*", "H40.3*", "H40.4*", "H40.5*", "H40.6*", "H40.8*", "H40.9", -- Glaucoma
            "H42" } }                       -- Glaucoma in diseases classified elsewhere
condition { "history.acute_globe_injury", true,
  icd10 = { "S05.2*", "S05.3*",             -- Ocular laceration with / without prolapse
            "S05.5*", "S05.6*" } }          -- Penetrating wound of orbit / eyeball
condition { "history.hyperthyroidism", true,
  snomed = { "34486009" },                  -- Hyperthyroidism
  icd10 = { "E05*" } }                      -- Thyrotoxicosis [hyperthyroidism]
condition { "history.pheochromocytoma", true,
  icd10 = { "C74.1*",                       -- Malignant neoplasm of medulla of adrenal gland
            "E27.5" } }                     -- Adrenomedullary hyperfunction

---------------------------------------------------------------- Table 5: liver
condition { "history.liver_disease", "mild",
  icd10 = { "K70.0",                        -- Alcoholic fatty liver
            "K76.0" },                      -- Fatty (change of) liver, not elsewhere classified
  absent = "none" }
condition { "history.liver_disease", "severe",
  snomed = { "19943007" },                  -- Cirrhosis of liver
  icd10 = { "K70.3*",                       -- Alcoholic cirrhosis of liver
            "K74.6*",                       -- Other and unspecified cirrhosis of liver
            "K72*" } }                      -- Hepatic failure
condition { "history.chronic_hepatitis", true,
  snomed = { "76783007" },                  -- Chronic hepatitis
  icd10 = { "B18*",                         -- Chronic viral hepatitis
            "K73*" } }                      -- Chronic hepatitis, not elsewhere classified

---------------------------------------------------------------- Table 5 and Question 2: substances, psychiatric
condition { "history.alcohol_abuse", true,
  snomed = { "15167005",                    -- Alcohol abuse
             "66590003",                    -- Alcohol dependence
             "7200002" },                   -- Alcoholism
  icd10 = { "F10.1*", "F10.2*" },           -- Alcohol abuse, alcohol dependence
  also = { ["history.alcohol_abuse_active"] = true },
  past = { ["history.alcohol_abuse"] = true, ["history.alcohol_abuse_active"] = false } }
condition { "history.alcohol_abuse", true,
  icd10 = { "F10.11", "F10.21" },           -- Alcohol abuse / dependence, in remission
  also = { ["history.alcohol_abuse_active"] = false },
  past = { ["history.alcohol_abuse"] = true, ["history.alcohol_abuse_active"] = false } }
condition { "history.substance_abuse", "active",
  snomed = { "66214007",                    -- Substance abuse
             "5602001",                     -- Opioid abuse
             "6525002" },                   -- Dependent drug abuse
  icd10 = { "F11.1*", "F11.2*",             -- Opioid abuse, dependence
            "F12.1*", "F12.2*",             -- Cannabis
            "F13.1*", "F13.2*",             -- Sedative, hypnotic or anxiolytic
            "F14.1*", "F14.2*",             -- Cocaine
            "F15.1*", "F15.2*",             -- Other stimulant
            "F16.1*", "F16.2*",             -- Hallucinogen
            "F18.1*", "F18.2*",             -- Inhalant
            "F19.1*", "F19.2*" },           -- Other psychoactive substance
  past = { ["history.substance_abuse"] = "history" },
  refuted = { ["history.substance_abuse"] = "none" },
  absent = "none" }
condition { "history.substance_abuse", "history",
  icd10 = { "F11.11", "F11.21", "F12.11", "F12.21", "F13.11", "F13.21", "F14.11", "F14.21",
            "F15.11", "F15.21", "F16.11", "F16.21", "F18.11", "F18.21", "F19.11", "F19.21" },
            -- ... in remission
  past = { ["history.substance_abuse"] = "history" } }
condition { "history.intoxicated", true,
  icd10 = { "F10.12*", "F10.22*", "F10.92*" }, -- Alcohol abuse / dependence / use with intoxication
  also = { ["history.alcohol_abuse"] = true, ["history.alcohol_abuse_active"] = true } }
condition { "history.intoxicated", true,
  icd10 = { "F11.12*", "F11.22*", "F11.92*", "F12.12*", "F12.22*", "F12.92*", "F13.12*", "F13.22*", "F13.92*",
            "F14.12*", "F14.22*", "F14.92*", "F15.12*", "F15.22*", "F15.92*", "F16.12*", "F16.22*", "F16.92*",
            "F19.12*", "F19.22*", "F19.92*" }, -- Other substance use with intoxication
  also = { ["history.substance_abuse"] = "active" } }
condition { "history.psychosis", "active",
  snomed = { "69322001",                    -- Psychotic disorder
             "58214004" },                  -- Schizophrenia
  icd10 = { "F20*",                         -- Schizophrenia
            "F22", "F23",                   -- Delusional disorders, brief psychotic disorder
            "F25*",                         -- Schizoaffective disorders
            "F28", "F29",                   -- Other / unspecified psychosis
            "F31.2", "F31.5", "F32.3", "F33.3" }, -- mood disorders with psychotic features
  past = { ["history.psychosis"] = "history" },
  refuted = { ["history.psychosis"] = "none" },
  absent = "none" }
condition { "history.delirium", true,
  snomed = { "2776000" },                   -- Delirium
  icd10 = { "F05*" } }                      -- Delirium due to known physiological condition
condition { "history.benzodiazepine_contraindicated", true,
  icd10 = { "G70.01" } }                    -- Myasthenia gravis with (acute) exacerbation (poorly controlled)

---------------------------------------------------------------- pregnancy as a problem
condition { "patient.pregnant", true, complete = false, -- a problem list does not say "not pregnant"
  snomed = { "77386006",                    -- Pregnant
             "72892002" },                  -- Normal pregnancy
  icd10 = { "Z33.1",                        -- Pregnant state, incidental
            "Z34*",                         -- Encounter for supervision of normal pregnancy
            "O09*" } }                      -- Supervision of high risk pregnancy

---------------------------------------------------------------- allergies and intolerances
allergy { "history.serious_psychomimetic_reaction", true,
  rxnorm = { "6130" },                      -- ketamine
  manifestation = { "7011001",              -- Hallucinations
                    "2776000",              -- Delirium
                    "69322001" } }          -- Psychotic disorder
allergy { "history.benzodiazepine_contraindicated", true,
  rxnorm = { "6960", "6470", "3322" } }     -- midazolam, lorazepam, diazepam

---------------------------------------------------------------- current medications
-- Ritonavir-boosted antiretrovirals: strong CYP3A inhibitors with which midazolam is contraindicated.
medication { "history.benzodiazepine_contraindicated", true,
  rxnorm = { "85762" } }                    -- ritonavir

---------------------------------------------------------------- consent
consent { fact = "consent", scope = "treatment", permit = "given", deny = "refused" }

---------------------------------------------------------------- Lists that say "nil known"
list { section = "problems", loinc = { "11450-4" } }    -- Problem list - Reported
list { section = "medications", loinc = { "10160-0" } } -- History of Medication use Narrative
list { section = "allergies", loinc = { "48765-2" } }   -- Allergies and adverse reactions Document
