-- tests.lua — Guideline Question 5 and Table 6 "Preinfusion tests" (all grade C, low certainty).
-- These apply before a parenteral (IV, subcutaneous, intramuscular) treatment.

-- Every parenteral route (IV, subcutaneous, intramuscular) also gets the preinfusion tests and
-- rescue planning of an infusion (PACK-ROUTES in pack.lua).
local PARENTERAL = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] ]]
local ECG_INDICATED = [[ (history.cardiovascular_risk == "high"
                          or history.coronary_disease in ["stable", "high_risk"]
                          or history.cardiovascular_disease_control in ["controlled", "poorly_controlled"]) ]]

-- "high doses at frequent intervals" (AMB-16 judgment on asra2018.preinfusion_test.lft)
local HIGH_FREQUENT = [[ ((plan.high_dose and (plan.series or (not plan.first_infusion and plan.days_since_last_infusion < 12 wk)))
                          or (plan.route in ["iv", "subcutaneous"] and plan.infusion_rate > 2 mg/kg/h)) ]]

-- any recorded risk of liver toxicity, liver dysfunction shown by the baseline tests, or high doses at
-- frequent intervals (never unknown because of the test result itself)
local LIVER_RISK = [[ (history.liver_disease in ["mild", "moderate", "severe"] or history.alcohol_abuse
                       or history.chronic_hepatitis or (tests.lft is known and tests.lft == "elevated")
                       or ]] .. HIGH_FREQUENT .. [[) ]]
local ABNORMAL_RESULT = [[ ((tests.ecg is known and tests.ecg == "abnormal") or (tests.lft is known and tests.lft == "elevated")) ]]

local AMB07 = { id = "AMB-07",
  note = "The narrative says a baseline ECG 'may be considered' for patients at high risk of cardiovascular events or "
      .. "with suggestive symptoms; Table 6 says it 'should be used' for suspected or high cardiovascular risk (both "
      .. "grade C, low certainty). Neither wording makes a missing ECG a contraindication: an ECG not yet done is a task "
      .. "before starting (effect caution: obtain it first), not a reason to stop. What the ECG shows is its own finding: "
      .. "an abnormal ECG is a caution (rule ecg_abnormal), and poorly controlled cardiovascular disease, once known, "
      .. "stops through the contraindication rules. The ECG is indicated by high or suspected cardiovascular risk, or "
      .. "known coronary or other cardiovascular disease.",
  quotes = { "baseline ECG testing may be considered to exclude individuals with uncontrolled ischemic heart disease",
             "In individuals with suspected or at high risk of cardiovascular disease, baseline ECG testing should be used to rule out poorly controlled ischemic heart disease." } }

rule {
  id = "asra2018.preinfusion_test.none_for_healthy",
  category = "preinfusion_test", action = "info",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = [[ history.cardiovascular_risk == "low" and history.coronary_disease == "none"
            and history.cardiovascular_disease_control == "none"
            and not patient.significant_comorbidities and not ]] .. LIVER_RISK .. [[ and not ]] .. ABNORMAL_RESULT,
  text = "No preinfusion testing is necessary for an otherwise healthy patient at a standard dose.",
  source = { section = "Guideline Question 5; Table 6", quote = "No testing is necessary for healthy individuals" },
  judgment = { id = "AMB-07",
    note = "The narrative finds 'insufficient evidence supporting preinfusion testing' in healthy individuals; Table 6 "
        .. "says 'No testing is necessary'. 'Healthy' is read as low cardiovascular risk with no coronary or other "
        .. "cardiovascular disease, no significant comorbidity, no risk of liver toxicity (liver disease, alcohol abuse, "
        .. "chronic hepatitis, high doses at frequent intervals) and no abnormal test result already on file; a patient "
        .. "for whom the ECG or liver function tests are advised never also reads 'no testing is necessary'.",
    quotes = { "there is insufficient evidence supporting preinfusion testing prior to the administration of IV ketamine for chronic neuropathic pain conditions in healthy individuals",
               "No testing is necessary for healthy individuals" } },
}

rule {
  id = "asra2018.preinfusion_test.ecg_required",
  category = "preinfusion_test", action = "recommend",
  grade = "C", certainty = "low",
  effect = "caution",
  applies = PARENTERAL,
  when = ECG_INDICATED .. [[ and tests.ecg == "not_done" ]],
  text = "Suspected or high cardiovascular risk and no baseline ECG yet: obtain a baseline ECG before starting, to rule "
      .. "out poorly controlled ischemic heart disease.",
  source = { section = "Guideline Question 5; Table 6",
             quote = "In individuals with suspected or at high risk of cardiovascular disease, baseline ECG testing should be used to rule out poorly controlled ischemic heart disease." },
  judgment = AMB07,
}

rule {
  id = "asra2018.preinfusion_test.ecg_abnormal",
  category = "preinfusion_test", action = "caution",
  grade = "C", certainty = "low",
  -- a result speaks only when there is one: nobody is asked for an ECG the guideline does not call for
  applies = "(" .. PARENTERAL .. ") and tests.ecg is known",
  when = [[ tests.ecg == "abnormal" ]],
  text = "Abnormal baseline ECG: make sure poorly controlled ischemic heart disease has been ruled out before the infusion.",
  source = { section = "Guideline Question 5; Table 6",
             quote = "baseline ECG testing may be considered to exclude individuals with uncontrolled ischemic heart disease" },
  judgment = AMB07,
}

rule {
  id = "asra2018.preinfusion_test.lft",
  category = "preinfusion_test", action = "consider",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = LIVER_RISK,
  text = "Liver dysfunction, risk of liver toxicity (alcohol abuse, chronic hepatitis) or high doses at frequent "
      .. "intervals: consider liver function tests case by case, the baseline before starting (if not yet done) and "
      .. "again after the infusion.",
  source = { section = "Guideline Question 5; Table 6",
             quote = "baseline and postinfusion liver function tests should be considered on a case-by-case basis (grade C evidence, low level of certainty)" },
  judgment = { id = "AMB-16",
    note = "The guideline defines neither the grades of liver disease nor 'high doses at frequent intervals'. The pack "
        .. "counts any recorded liver disease or elevated baseline liver tests as liver dysfunction, and reads high doses at frequent intervals as a dose at or above the Question 6 "
        .. "high-dose threshold given as a series or within 12 weeks of the previous infusion (liver enzymes rose on "
        .. "re-exposure after 16 days but not after 12 weeks in the cited trial), or any anesthetic-dose (above 2 mg/kg/h) infusion.",
    quotes = { "or who are expected to receive high doses of ketamine at frequent intervals",
               "In the 6 patients who received their second treatment 16 days after the first, 1 patient developed severe hypertension",
               "a second exposure 12 weeks after the initial exposure",
               "approximately 10% of individuals receiving high-dose ketamine infusions will experience significant increases in liver enzymes" } },
}

rule {
  id = "asra2018.preinfusion_test.lft_elevated",
  category = "preinfusion_test", action = "caution",
  grade = false, certainty = false,
  applies = "(" .. PARENTERAL .. ") and tests.lft is known",
  when = [[ tests.lft == "elevated" ]],
  text = "Elevated baseline liver function tests: establish the severity of liver disease (severe: avoid; moderate: "
      .. "give judiciously with monitoring) and repeat the tests after the infusion.",
  source = { section = "Guideline Question 5",
             quote = "Lower dosages used for chronic pain may also be associated with liver toxicity." },
}
