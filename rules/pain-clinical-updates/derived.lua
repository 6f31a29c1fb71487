-- derived.lua — facts this pack computes from the inputs (computed = true: an input giving them is an error).
-- They live in the group `pcu` so that they cannot collide with another pack's derived facts. Each is written
-- so that it is never unknown where that would ask for a fact that cannot matter: the route facts test
-- `is known` before comparing.

fact { "pcu.oral_ketamine", type = "boolean", computed = true,
       derive = [[ (followon.agent is known and followon.agent == "oral_ketamine")
                   or (plan.route is known and plan.route == "oral"
                       and not (followon.agent is known and followon.agent == "oral_dextromethorphan")) ]],
       description = "Oral ketamine is planned: an oral ketamine follow-on, or an oral plan that is not dextromethorphan." }

fact { "pcu.intranasal_ketamine", type = "boolean", computed = true,
       derive = [[ (followon.agent is known and followon.agent == "intranasal_ketamine")
                   or (plan.route is known and plan.route == "intranasal") ]],
       description = "Intranasal ketamine is planned: an intranasal follow-on or an intranasal plan." }

fact { "pcu.ketamine_planned", type = "boolean", computed = true,
       derive = [[ plan.route is known or pcu.oral_ketamine or pcu.intranasal_ketamine ]],
       description = "Some ketamine treatment is planned (a route is given, or oral or intranasal ketamine follow-on)." }

fact { "pcu.neuraxial", type = "boolean", computed = true,
       derive = [[ plan.route is known and plan.route in ["intrathecal", "epidural"] ]],
       description = "The plan gives ketamine centrally (intrathecal or epidural)." }

fact { "pcu.parenteral_infusion", type = "boolean", computed = true,
       derive = [[ plan.route is known and plan.route in ["iv", "subcutaneous"] ]],
       description = "The plan is an intravenous or subcutaneous ketamine infusion." }

fact { "pcu.long_term", type = "boolean", computed = true,
       -- the whole course decides when it is known (it spans every infusion); without it, one continuous IV or
       -- subcutaneous infusion of more than a week is long-term, and anything shorter leaves the course to ask for
       derive = [[ plan.course_duration > 1 wk
                   or (plan.course_duration is unknown and pcu.parenteral_infusion and plan.infusion_duration > 1 wk) ]],
       description = "Long-term ketamine: more than 1 week in all (the article's definition of long-term therapeutic use)." }
