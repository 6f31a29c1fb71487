-- safety.lua — the review's section "Safety and tolerability", its drug-interaction finding and its concerns
-- about long-term use. Cautions where the review words care or concern (cardiovascular disease, CYP3A
-- inhibitors, abuse of long-term or repeated ketamine); the rest informs. The review words no stop.

---------------------------------------------------------------- cardiovascular (caution)
rule {
  id = "noppers2010.contraindication.cardiovascular_disease",
  category = "contraindication", action = "caution",
  grade = false,
  topic = "contraindication.cardiovascular_disease", position = "caution",
  when = [[ history.unstable_angina
            or history.hypertension in ["controlled", "poorly_controlled"]
            or history.coronary_disease in ["stable", "high_risk"]
            or history.cardiovascular_disease_control in ["controlled", "poorly_controlled"] ]],
  text = "Cardiovascular disease (e.g. ischemic heart disease or hypertension): care is always required. Ketamine "
      .. "activates the sympathetic system (catecholamine release), raising heart rate, blood pressure and cardiac "
      .. "output; at chronic-pain doses these effects seem moderate and well tolerated.",
  source = { section = "Safety and tolerability: Cardiovascular side effects",
             quote = "However, care is always required in patients with cardiovascular disease (e.g., patients with ischemic heart disease and hypertension)." },
  judgment = { id = "PACK-CV",
    note = "The review names ischemic heart disease and hypertension as examples. The pack counts any recorded "
        .. "hypertension (controlled or not), coronary disease, unstable angina or other cardiovascular disease; a "
        .. "high cardiovascular risk without disease does not count. It is a caution for every route, well or "
        .. "poorly controlled: the review words care, never a stop (the 2018 guideline stops poorly controlled "
        .. "disease, and the topic contraindication.cardiovascular_disease shows the difference).",
    quotes = { "At the doses used in the treatment of chronic pain the effects on cardiovascular system seem moderate and well tolerated." } },
}

---------------------------------------------------------------- CYP3A inhibitors (caution)
rule {
  id = "noppers2010.contraindication.cyp3a_inhibitor",
  category = "contraindication", action = "caution",
  grade = false,
  when = [[ plan.cyp3a_inhibitor ]],
  text = "A CYP3A inhibitor (such as clarithromycin) is taken with the ketamine: it will raise ketamine plasma "
      .. "concentrations, most of all with oral ketamine.",
  source = { section = "Pharmacokinetics and metabolism",
             quote = "Drugs that inhibit CYP enzymes involved in ketamine's metabolism (such as clarithromycin), will increase ketamine plasma concentrations, in particular after oral administration." },
  judgment = { id = "PACK-CYP",
    note = "The review's sentence covers every route ('in particular after oral administration'), so the caution "
        .. "holds for every route and the text names oral ketamine as the most affected. Inducers have little effect "
        .. "and are not asked about.",
    quotes = { "Induction of the CYP system will have limited effect on the ketamine concentration" } },
}

---------------------------------------------------------------- long-term or repeated use
-- "long-term (days to weeks)" in the review's words: an infusion of a day or more, a series, or a take-home
-- oral or intranasal regimen (PACK-LONG-TERM). The follow-on agent is read only when it is recorded.
local LONG_TERM = [[ (plan.route in ["iv", "subcutaneous"] and plan.infusion_duration >= 24 h)
                     or plan.series
                     or plan.route in ["oral", "intranasal"]
                     or (followon.agent is known and followon.agent in ["oral_ketamine", "intranasal_ketamine"]) ]]

local LONG_TERM_J = { id = "PACK-LONG-TERM",
  note = "The review calls infusions of days to weeks long-term, and its concern is 'long-term or repetitive' use. "
      .. "The pack counts a parenteral infusion of 24 hours or more, a planned series, and an oral or intranasal "
      .. "regimen (planned, or recorded as the follow-on agent), which is taken repeatedly.",
  quotes = { "on long-term (days to weeks) ketamine administration",
             "there is concern for the possibility of neurotoxicity and potential for abuse from long-term or repetitive ketamine use" } }

rule {
  id = "noppers2010.contraindication.abuse_potential",
  category = "contraindication", action = "caution",
  grade = false,
  when = LONG_TERM,
  text = "Long-term or repeated ketamine (an infusion of a day or more, a series, or an oral or intranasal regimen): "
      .. "ketamine is a drug of abuse; chronic use brings memory deficits and flashbacks up to weeks after intake, and "
      .. "regular use caused addictive behaviour in animals. The review finds the abuse potential of long-term or "
      .. "repeated use understudied in humans.",
  source = { section = "Safety and tolerability: Psychotropic side effects and abuse potential; Summary and conclusions",
             quote = "Ketamine is a drug of abuse and increasingly used for recreational use" },
  judgment = { id = "PACK-LONG-TERM",
    note = LONG_TERM_J.note .. " The review words a concern, not a limit: a caution. It says nothing about patients "
        .. "with a history of abuse, so the pack adds no rule for them.",
    quotes = { LONG_TERM_J.quotes[1], LONG_TERM_J.quotes[2], "Side effects related to the chronic use of ketamine are cognitive dysfunction (memory deficits) and mild psychotic attacks (e.g., flashbacks) occurring up to weeks after the intake.",
               "In animals regular ketamine use has been associated with typical addictive behaviour.",
               "these issues remain understudied in humans" } },
}

rule {
  id = "noppers2010.contraindication.neurotoxicity",
  category = "contraindication", action = "info",
  grade = false,
  when = LONG_TERM,
  text = "Neurotoxicity: in animals, high-dose and long-term ketamine can injure neurons, which benzodiazepines and "
      .. "alpha-2 agonists prevent; no human data cause concern, and most infusions are combined with a "
      .. "benzodiazepine or an alpha-2 agonist. Human studies of cognitive and long-term effects are still needed.",
  source = { section = "Safety and tolerability: Neurotoxicity",
             quote = "no data in humans are available that cause concern about neurotoxicity" },
  judgment = { id = "PACK-LONG-TERM",
    note = LONG_TERM_J.note .. " The review finds no human signal of neurotoxicity and words no caution: the "
        .. "statement informs.",
    quotes = { LONG_TERM_J.quotes[1], "animal data suggests that high-dose and long-term ketamine infusion may be associated with neurotoxicity",
               "Several drugs are able to prevent neuronal injury from NMDAR antagonists, including benzodiazepines and α 2-agonists.",
               "the fact that most infusions are combined with either a benzodiazepine or an α 2-agonist",
               "safety/toxicity studies in humans aimed at cognitive (e.g. memory deficits) and long-term effects of ketamine" } },
}

---------------------------------------------------------------- side effects (info)
rule {
  id = "noppers2010.contraindication.side_effects",
  category = "contraindication", action = "info",
  grade = false,
  topic = "adverse.dose_dependence", position = "dose_dependent",
  applies = [[ plan.route is known ]],
  when = [[ plan.route != "topical" ]],
  text = "Ketamine has dose-dependent side effects: nausea and vomiting, sedation, vertigo, tachycardia, hypertension "
      .. "and increased cardiac output, and psychotropic effects; the sympathetic effects seem of minor importance at "
      .. "low infusion rates.",
  source = { section = "Safety and tolerability",
             quote = "Ketamine causes a variety of dose-dependent side effects ranging from nausea/vomiting, sedation, vertigo, tachycardia, hypertension to increased cardiac output." },
  judgments = { { id = "PACK-ROUTES",
    note = "The review states these effects for ketamine in general; the pack shows them for every systemic or "
        .. "neuraxial route and not for topical ketamine, whose trials it reports without systemic effects.",
    quotes = { "The latter symptoms are related to ketamine’s activation of the sympathetic system and seem of minor importance at low-infusion rates." } },
    { id = "AMB-17",
      note = "Whether side effects depend on the dose is disputed between the sources (the Maher 2017 review finds "
          .. "them independent of rate, duration and dose; the 2018 guideline is unsure). This review finds them dose "
          .. "dependent, psychotropic effects included (topic adverse.dose_dependence, position 'dose_dependent').",
      quotes = { "These effects are dose dependent." } } },
}

---------------------------------------------------------------- psychotropic effects: prevention and treatment
local IV = [[ plan.route == "iv" ]]

local AMB17 = { id = "AMB-17",
  note = "The review finds psychotropic effects dose dependent (other sources find no dose relation or are unsure) "
      .. "and, in its authors' experience, no different between racemic and S(+)-ketamine. The pack states the "
      .. "review's view.",
  quotes = { "These effects are dose dependent.",
             "In our experience there are no differences in occurrence of psychotropic side effects during treatment with the racemic mixture or the S(+)-enantiomer." } }

rule {
  id = "noppers2010.rescue.coadministration",
  category = "rescue", action = "consider",
  grade = false,
  topic = "rescue.benzodiazepine_premedication", position = "reduces_psychomimetic",
  applies = [[ plan.route is known ]],
  when = IV,
  text = "Psychotropic side effects (from a 'drug high' to derealization, hallucinations and panic) are common with IV "
      .. "ketamine and dose dependent: consider co-administering a benzodiazepine and/or an alpha-2 agonist, which "
      .. "may prevent or treat them.",
  source = { section = "Summary and conclusions",
             quote = "that may be prevented/treated by co-administration of benzodiazepines and/or α 2-adrenergic receptor agonists" },
  judgments = { AMB17, { id = "AMB-18",
    note = "Whether benzodiazepine premedication helps is disputed between the sources; this review says it may "
        .. "prevent or treat psychotropic effects (position 'reduces_psychomimetic', as the Maher 2017 pack says of "
        .. "midazolam).",
    quotes = { "After intravenous dosing psychotropic side effects are common ranging from 'drug high' to derealization/depersonalization, hallucinations and fear/panic attacks." } } },
}

rule {
  id = "noppers2010.rescue.unacceptable_psychotropic_effects",
  category = "rescue", action = "consider",
  grade = false,
  topic = "rescue.psychotomimetic", position = "lower_rate_or_benzodiazepine_alpha2_or_neuroleptic",
  applies = [[ plan.route is known ]],
  when = IV,
  text = "If psychotropic effects become unacceptable, lower the infusion rate or add a benzodiazepine or an alpha-2 "
      .. "agonist (the review names clonidine and dexmedetomidine, and also neuroleptics and antiepileptics). The "
      .. "effects disappear rapidly when the infusion ends and tend to decline during prolonged infusions, but may "
      .. "make the patient abandon treatment.",
  source = { section = "Safety and tolerability: Psychotropic side effects and abuse potential",
             quote = "When unacceptable psychotropic effects occur, the ketamine infusion rate may be lowered or a benzodiazepine or α 2-adrenergic receptor agonist (clonidine, dexmedetomidine, neuroleptics, antiepileptics) may be added." },
  judgments = { AMB17, { id = "AMB-09",
    note = "The review lists neuroleptics among the agents to add; the 2018 guideline advises benzodiazepines or "
        .. "alpha-2 agonists 'and not antipsychotics' (and elsewhere haloperidol). The pack keeps the review's list "
        .. "as written, and the position names the neuroleptics so that the difference is shown.",
    quotes = { "but disappear rapidly upon the termination of the infusion",
               "During prolonged infusions the occurrence and severity of psychotropic effects seems to decline over time. However, the psychotropic effects may cause the patient to abandon further treatment." } } },
}
