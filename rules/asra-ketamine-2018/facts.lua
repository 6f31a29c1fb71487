-- facts.lua — the derived facts of the ASRA/AAPM/ASA 2018 ketamine pack. Its input facts are
-- the shared vocabulary (`use "ketamine"` in pack.lua: rules/vocabulary/ketamine.lua), which
-- holds the public contract's §2 vocabulary exactly; the facts below are computed by this pack
-- from those inputs, the guideline's way.

---------------------------------------------------------------- derived facts (computed by the pack)
fact { "history.abuse_active", type = "boolean", computed = true,
       -- "or history.alcohol_abuse is unknown": while alcohol abuse itself is unknown, only it is asked for;
       -- whether it is current is asked once alcohol abuse is recorded
       derive = [[ history.substance_abuse == "active"
                   or (history.alcohol_abuse and (history.alcohol_abuse_active or history.alcohol_abuse is unknown)) ]],
       description = "Active alcohol or other substance abuse now: substance abuse recorded as active, or alcohol "
                  .. "abuse that is current (never read as past by default)." }
fact { "patient.elderly", type = "boolean", computed = true, derive = "patient.age >= 65 a",
       description = "Elderly: age 65 or over (the guideline names no age; pack judgment AMB-22)." }
fact { "plan.high_dose", type = "boolean", computed = true,
       derive = [[ plan.bolus >= 0.35 mg/kg or (plan.route in ["iv", "subcutaneous"] and plan.infusion_rate >= 1 mg/kg/h) ]],
       description = "Bolus >= 0.35 mg/kg or infusion >= 1 mg/kg/h (IV or subcutaneous): the Question 6 monitored-setting threshold." }
fact { "plan.lowered_threshold_dose", type = "boolean", computed = true,
       derive = [[ plan.bolus >= 0.175 mg/kg or (plan.route in ["iv", "subcutaneous"] and plan.infusion_rate >= 0.5 mg/kg/h) ]],
       description = "Bolus >= 0.175 mg/kg or infusion >= 0.5 mg/kg/h: half the Question 6 thresholds, the lowered "
                  .. "thresholds for an elderly or significantly comorbid patient (AMB-22)." }
fact { "plan.monitoring_required", type = "boolean", computed = true,
       derive = [[ plan.high_dose or ((patient.elderly or patient.significant_comorbidities) and plan.lowered_threshold_dose) ]],
       description = "The monitored-setting requirements apply: the Question 6 threshold, or the lowered one for an "
                  .. "elderly or significantly comorbid patient." }
fact { "response.pain_reduction", type = "quantity", unit = "%", computed = true,
       derive = "(response.pain_before - response.pain_after) / response.pain_before",
       description = "Relative pain reduction after the previous infusion or course." }
fact { "response.odi_improvement", type = "number", computed = true,
       derive = "response.odi_before - response.odi_after",
       description = "Oswestry improvement in index points (the 12.8 MCID is in points; AMB-10)." }
fact { "response.opioid_reduction", type = "quantity", unit = "%", computed = true,
       derive = "(response.opioid_before - response.opioid_after) / response.opioid_before",
       description = "Relative reduction of the daily opioid dose." }
fact { "response.meaningful", type = "boolean", computed = true,
       derive = [[ response.pain_reduction >= 30 % and
                   (response.satisfied or response.odi_improvement >= 12.8 or response.opioid_reduction >= 20 %) ]],
       description = ">= 30% pain relief with satisfaction and/or an objective benefit (Question 8)." }
fact { "response.lasting", type = "boolean", computed = true,
       derive = [[ (response.course == "single_outpatient" and response.relief_duration > 3 wk)
                   or (response.course in ["inpatient", "series"] and response.relief_duration > 6 wk) ]],
       description = "Relief outlasted 3 wk after one outpatient infusion, 6 wk after an inpatient course or series." }
fact { "response.positive", type = "boolean", computed = true,
       derive = "response.meaningful and response.lasting",
       description = "A positive response by the Question 8 definition: meaningful and lasting." }
