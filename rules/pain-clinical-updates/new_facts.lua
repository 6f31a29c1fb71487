-- new_facts.lua — input facts this pack needs that the shared vocabulary (contract §2) does not have.
-- They are meant to move into the shared vocabulary module; each says what it means without reference to
-- this pack, so that another pack reading it means the same thing.

-- The article warns that commercially available preparations contain a potentially neurotoxic preservative
-- and must not be given centrally, while preservative-free solutions "appear safe" for neuraxial use.
-- Declared exactly as the Hocking & Cousins 2003 pack on main declares it, so that the two mean the same thing.
fact { "plan.preservative_free", type = "boolean",
       description = "The ketamine preparation planned is preservative-free (no benzethonium chloride or other "
                  .. "preservative)." }

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
