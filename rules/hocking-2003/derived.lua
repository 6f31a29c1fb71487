-- derived.lua — facts this pack computes (computed = true: an input giving them is an error).
-- They live under the pack's own group `hocking2003`, so they cannot collide with another pack's.

-- Oral ketamine is being considered: an oral ketamine follow-on, or an oral plan whose agent is
-- not given. Never unknown (the oral rules stay silent until an oral plan is recorded).
fact { "hocking2003.oral", type = "boolean", computed = true,
       derive = [[ (followon.agent is known and followon.agent == "oral_ketamine")
                   or (plan.route is known and plan.route == "oral" and followon.agent is unknown) ]],
       description = "Oral ketamine is being considered (followon.agent oral_ketamine, or an oral plan with no agent given)." }

-- HOCKING-TRIAL: a first IV infusion outside an acute-on-chronic episode is the review's trial
-- (suggested approach item 3); for an acute-on-chronic episode item 6 applies instead.
fact { "hocking2003.trial", type = "boolean", computed = true,
       derive = [[ plan.route == "iv" and plan.first_infusion and not pain.acute_on_chronic ]],
       description = "The planned IV infusion is the patient's first, outside an acute-on-chronic episode: the "
                  .. "review's IV trial of ketamine." }

fact { "hocking2003.trial_dose", type = "quantity", unit = "mg/kg", computed = true,
       derive = "plan.infusion_rate * plan.infusion_duration + plan.bolus",
       description = "Total dose of the trial session per kg: rate x duration + bolus." }

-- HOCKING-RESPONSE: the review's responders had more than 50% pain relief.
fact { "hocking2003.pain_relief", type = "quantity", unit = "%", computed = true,
       derive = "(response.pain_before - response.pain_after) / response.pain_before",
       description = "Relative pain relief after the previous (systemic) ketamine infusion or course." }
fact { "hocking2003.good_response", type = "boolean", computed = true,
       derive = "hocking2003.pain_relief > 50 %",
       description = "A good response to systemic ketamine: more than 50% pain relief (pack judgment HOCKING-RESPONSE)." }

fact { "hocking2003.oral_daily_dose", type = "quantity", unit = "mg/d", computed = true,
       derive = "followon.dose / followon.interval",
       description = "Daily oral dose: one dose divided by the interval between doses." }
