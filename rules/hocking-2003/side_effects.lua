-- side_effects.lua — what the review says about side effects and routes where a plan can act on
-- it: boluses, benzodiazepine pretreatment, the subcutaneous site, neuraxial and topical use.
-- None of it is worded as a prohibition; findings about risk are cautions, the rest information.

---------------------------------------------------------------- boluses

rule {
  id = "hocking2003.dosing.bolus",
  category = "dosing", action = "caution",
  grade = "IV",
  topic = "dosing.bolus", position = "avoid",
  applies = [[ plan.route in ["iv", "subcutaneous"] ]],
  when = [[ plan.bolus > 0 mg/kg ]],
  text = "A bolus is planned: in the authors' experience side effects are less likely if boluses are avoided, "
      .. "presumably because peaks in blood concentration are avoided.",
  source = { section = "Clinical Studies: Acute on Chronic Neuropathic Pain",
             quote = "We have also found that side effects are less likely if boluses are avoided" },
  judgment = { id = "HOCKING-BOLUS",
    note = "The statement's level reads '(level IV unpublished data)', split in the text by Figure 1; the pack keeps "
        .. "level IV. The review words no prohibition, so a bolus is a caution. Its position on dosing.bolus is "
        .. "'avoid' (no bolus), where the 2018 guideline gives a bolus range.",
    quotes = { "presumably because blood \"peaks\" of increased ketamine concentration are avoided (level IV" } },
}

---------------------------------------------------------------- benzodiazepine pretreatment

rule {
  id = "hocking2003.rescue.benzodiazepine_pretreatment",
  category = "rescue", action = "info",
  grade = false,
  topic = "rescue.benzodiazepine_premedication", position = "no_reduction_shown",
  when = [[ plan.route is known and plan.route in ["iv", "subcutaneous", "intramuscular"] ]],
  text = "Benzodiazepine pretreatment is said to minimise psychotomimetic effects (given after they develop it is "
      .. "less successful), but their incidence was not altered in the studies that gave benzodiazepines routinely.",
  source = { section = "Discussion",
             quote = "The incidence of psychotomimetic side effects, however, was not altered in the studies that routinely administered benzodiazepines" },
  judgment = { id = "AMB-18",
    note = "The review reports the common belief and then that the studies did not bear it out; it attaches no level. "
        .. "The pack states both, ungraded, as information, and its position on benzodiazepine premedication is "
        .. "'no_reduction_shown' (a reduction the studies did not show).",
    quotes = { "Pretreatment with a benzodiazepine is said to minimize psychotomimetic effects; administration after they have developed is less successful.",
               "This is not in accordance with general thinking." } },
}

---------------------------------------------------------------- side effects and the dose

-- for information only: speaks for a recorded parenteral infusion and never asks for facts
local INFUSION_KNOWN = [[ plan.route is known and plan.route in ["iv", "subcutaneous"]
                          and plan.infusion_rate is known and plan.infusion_rate > 0 mg/kg/h ]]

rule {
  id = "hocking2003.dosing.side_effects_dose",
  category = "dosing", action = "info",
  grade = false,
  topic = "adverse.dose_dependence", position = "independent_of_dose",
  when = INFUSION_KNOWN,
  text = "Expect side effects: intolerable side effects are frequent and do not seem to improve much with another "
      .. "dose or route; there was no consistent dose response, so even responders may stop ketamine.",
  source = { section = "Discussion",
             quote = "The data also suggest a frequent incidence of intolerable side effects that does not seem to improve significantly with altered dose or route of administration." },
  judgment = { id = "AMB-17",
    note = "Sources disagree on whether psychotomimetic effects depend on the dose. This review finds no consistent "
        .. "dose response for them (ungraded); its position on adverse.dose_dependence is 'independent_of_dose'.",
    quotes = { "There was not a consistent dose response.",
               "One case using ketamine 1000 mg/day PO reported no psychotomimetic side effects, yet they are commonly reported at smaller doses." } },
}

rule {
  id = "hocking2003.dosing.dose_response",
  category = "dosing", action = "info",
  grade = false,
  topic = "dosing.dose_response", position = "higher_dose_more_relief",
  when = INFUSION_KNOWN,
  text = "Therapeutic benefit is likely to be dose-dependent (in the ischemic pain study the analgesic effect was "
      .. "dose-dependent, with a narrow therapeutic window).",
  source = { section = "Discussion", quote = "Therapeutic benefit is likely to be dose-dependent (26)." },
  judgment = { id = "AMB-06",
    note = "The review says benefit is likely dose-dependent (ungraded; its one level II statement of a dose-dependent "
        .. "effect is the ischemic pain study) and, separately, that side effects show no consistent dose response. "
        .. "The pack states both as information (dosing.dose_response, adverse.dose_dependence).",
    quotes = { "For ischemic pain, a level II study reported a potent dose-dependent analgesic effect, but with a narrow therapeutic window." } },
}

---------------------------------------------------------------- the subcutaneous site

local SC = [[ plan.route is known and plan.route == "subcutaneous" ]]

rule {
  id = "hocking2003.dosing.subcutaneous_site",
  category = "dosing", action = "info",
  grade = false,
  when = SC,
  text = "Painful induration at the injection site is the most common problem with subcutaneous ketamine, with or "
      .. "without preservative; the site may need changing almost daily.",
  source = { section = "Discussion",
             quote = "Painful induration at the injection site is the most common problem with SC administration" },
}

rule {
  id = "hocking2003.dosing.subcutaneous_heparin",
  category = "dosing", action = "info",
  grade = "IV",
  when = SC,
  text = "Heparin ointment has been used with some benefit against irritation at the subcutaneous infusion site.",
  source = { section = "Discussion",
             quote = "heparin ointment (level IV) (35) has been used with some benefit" },
}

---------------------------------------------------------------- neuraxial and topical ketamine

local NEURAXIAL = [[ plan.route in ["epidural", "intrathecal"] ]]

rule {
  id = "hocking2003.dosing.neuraxial_safety",
  category = "dosing", action = "caution",
  grade = false,
  topic = "route.neuraxial", position = "safety_unclear",
  when = NEURAXIAL,
  text = "The safety of neuraxial (epidural or intrathecal) ketamine remains unclear, with mixed data; spinal "
      .. "toxicity has been reported in animals and humans.",
  source = { section = "Discussion",
             quote = "The safety of neuraxially administered ketamine remains unclear, with mixed data in the literature." },
  judgment = { id = "AMB-29",
    note = "The review finds neuraxial safety unclear and words no prohibition (the 2018 guideline says to avoid "
        .. "intrathecal ketamine). Its position on route.neuraxial is 'safety_unclear', a caution.",
    quotes = { "The safety of neuraxially administered ketamine remains unclear, with mixed data in the literature." } },
}

rule {
  id = "hocking2003.dosing.intrathecal_toxicity",
  category = "dosing", action = "caution",
  grade = "IV",
  when = [[ plan.route == "intrathecal" ]],
  text = "Intrathecal ketamine: subpial vacuolar myelopathy, and focal lymphocytic vasculitis near the catheter, "
      .. "have been observed after intrathecal administration.",
  source = { section = "Discussion",
             quote = "subpial vacuolar myelopathy has been observed after intrathecal administration (level IV)" },
}

rule {
  id = "hocking2003.dosing.neuraxial_preservative",
  category = "dosing", action = "caution",
  grade = false,
  applies = NEURAXIAL .. [[ and plan.preservative_free is known ]],
  when = [[ not plan.preservative_free ]],
  text = "The neuraxial ketamine planned contains a preservative: every report of neural toxicity used ketamine with "
      .. "the preservative benzethonium chloride, while animal studies report no inflammatory reactions with "
      .. "preservative-free drug.",
  source = { section = "Discussion",
             quote = "All reports used ketamine with benzethonium chloride as preservative." },
  judgment = { id = "HOCKING-PRESERVATIVE",
    note = "The neuraxial caution (dosing.neuraxial_safety) already fires for every neuraxial plan, so whether the "
        .. "preparation is preservative-free cannot change the disposition: the pack does not ask for it, and speaks "
        .. "only when it is recorded. A preservative-free preparation gets no reassurance, since the review adds that "
        .. "the preservative's own role is unclear.",
    quotes = { "Animal studies report no inflammatory reactions when preservative-free drug is used.",
               "More recently, however, it has been suggested that the preservative is also an active receptor blocker" } },
}

rule {
  id = "hocking2003.dosing.topical",
  category = "dosing", action = "caution",
  grade = false,
  topic = "route.topical", position = "no_controlled_studies",
  when = [[ plan.route == "topical" ]],
  text = "Topical ketamine: although widely used in topical preparations for chronic pain, it has no published "
      .. "controlled studies; evidence of a peripheral effect in humans is conflicting and mostly from acute pain.",
  source = { section = "Discussion",
             quote = "Although ketamine currently enjoys significant use in topical preparations for chronic pain, there are no published controlled studies." },
}
