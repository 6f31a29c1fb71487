-- new_facts.lua — facts this review needs that the shared vocabulary (public contract §2) does not have.
-- They are input facts, meant to move into the shared vocabulary module; each has a type, a unit and a
-- range where its type has them (a boolean has neither), and a description.

-- The review: drugs that inhibit the CYP enzymes that metabolize ketamine (such as clarithromycin) increase
-- ketamine plasma concentrations, in particular after oral administration. Inducers have little effect, so
-- the vocabulary asks about inhibitors only.
fact { "plan.cyp3a_inhibitor", type = "boolean",
       description = "The patient takes, or will take during the ketamine treatment, a drug that inhibits CYP3A "
                  .. "(e.g. clarithromycin), which raises ketamine plasma concentrations." }
