-- derived.lua — derived facts of this pack only (computed = true; their group, maher2017, cannot
-- collide with another pack's facts). PACK-ADJUNCT-DOSES in pack.lua: an adjunct counts as planned
-- when plan.adjuncts lists it or a dose of it is planned; plan.premedication (the shared fact for
-- preemptive medication) answers only when plan.adjuncts is not given, because the review counts a
-- preinfusion bolus as coadministration. The guards on "is known" make a recorded premedication
-- decide when plan.adjuncts is absent (without asking for plan.adjuncts), and name both facts as
-- missing when neither is recorded.

fact { "maher2017.midazolam_planned", type = "boolean", computed = true,
       derive = [[ ((plan.adjuncts is known or plan.premedication is unknown) and "midazolam" in plan.adjuncts)
                   or plan.midazolam_dose > 0 mg or plan.midazolam_rate > 0 mg/kg/h
                   or (plan.adjuncts is unknown and "midazolam" in plan.premedication) ]],
       description = "Midazolam is planned with the infusion (as an adjunct, a planned dose or rate, or, when no "
                  .. "adjuncts are given, as premedication)." }

fact { "maher2017.clonidine_planned", type = "boolean", computed = true,
       derive = [[ ((plan.adjuncts is known or plan.premedication is unknown) and "clonidine" in plan.adjuncts)
                   or plan.clonidine_dose > 0 mg or plan.clonidine_rate > 0 ug/kg/h
                   or (plan.adjuncts is unknown and "clonidine" in plan.premedication) ]],
       description = "Clonidine is planned with the infusion (as an adjunct, a planned dose or rate, or, when no "
                  .. "adjuncts are given, as premedication)." }
