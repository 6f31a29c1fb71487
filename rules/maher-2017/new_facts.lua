-- new_facts.lua — input facts the review needs that the shared vocabulary (contract §2) lacks.
-- They are meant to move into the shared vocabulary; each has a type, a unit and a plausibility
-- range where it is a quantity, and a description. The review describes adjunct midazolam and
-- clonidine in three forms each (midazolam: preinfusion IV boluses, IV doses as needed, a
-- simultaneous infusion; clonidine: by mouth, a patch, an IV infusion), so a single dose and a
-- rate are asked for each. A plan lists what is planned: an absent dose or rate means none.

---------------------------------------------------------------- plan: adjunct medication
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

---------------------------------------------------------------- site and staff
fact { "site.asa_monitors", type = "boolean",
       description = "Standard American Society of Anesthesiologists (ASA) monitors are used for the infusion." }
fact { "staff.physician_supervision", type = "boolean",
       description = "A physician supervises the infusion." }
