-- new_facts.lua — input facts the Hocking & Cousins review needs that contract §2 does not
-- declare. Each is meant for the shared vocabulary (the integrator moves them there); the
-- names follow the contract's groups, so that another pack reading the same thing can reuse them.

-- Suggested approach item 6 and "Acute on Chronic Neuropathic Pain": the review gives this use
-- its own infusion range (0.14-0.4 mg/kg/h, level IV) and does not ask for a trial first.
fact { "pain.acute_on_chronic", type = "boolean",
       description = "A severe acute-on-chronic episode of neuropathic pain now (an acute exacerbation of chronic "
                  .. "neuropathic pain), as opposed to the stable chronic pain itself." }

-- Discussion: ketamine "may be used most effectively to reduce the symptoms of allodynia,
-- hyperalgesia, and hyperpathia" (level II); patients in whom they predominate may benefit more.
fact { "pain.hyperalgesia_predominant", type = "boolean",
       description = "Allodynia, hyperalgesia or hyperpathia is a predominant feature of the pain." }

-- Suggested approach item 5: oral ketamine is increased "by 0.5 mg/kg as tolerated"; checking a
-- step needs the dose before it. 0 mg says that the planned dose is the starting dose.
fact { "followon.previous_dose", type = "quantity", unit = "mg", per = "patient.weight", range = { 0, 5000 },
       description = "The single dose of the follow-on regimen before this change (mg, or mg/kg times the weight); "
                  .. "0 mg when the planned followon.dose is the starting dose." }

-- Discussion (neuraxial safety): every neurotoxicity report used ketamine with the preservative
-- benzethonium chloride; animal studies report no inflammatory reactions with preservative-free drug.
fact { "plan.preservative_free", type = "boolean",
       description = "The ketamine preparation planned is preservative-free (no benzethonium chloride or other "
                  .. "preservative)." }
