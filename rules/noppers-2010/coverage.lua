-- coverage.lua — maps every statement of the review (section by section, Figure 2, every row of Tables 1
-- and 2) to the rule ids that encode it, or to none with a note saying why it is left out. The loader
-- checks that every id names a rule; `medrule doc` prints the map as the pack's coverage table.
local r = function(...)
  local t = {}
  for i, name in ipairs { ... } do t[i] = "noppers2010." .. name end
  return t
end

coverage {
  ---------------------------------------------------------------- Introduction
  { item = "Introduction: prevalence and cost of chronic pain; the NMDA receptor in chronic pain", rules = {},
    note = "Background; no statement about a patient or a plan." },
  { item = "Introduction: the review covers low-dose ketamine in chronic non-cancer pain",
    rules = r("indication.cancer_outside_scope", "indication.not_routine") },
  { item = "Introduction: psychotropic side effects, especially at high dose; animal data on neurotoxicity of high-dose, long-term infusion",
    rules = r("rescue.coadministration", "contraindication.neurotoxicity") },
  { item = "Introduction: recent long-term infusion trials showed efficacy and safety, but patients were not followed beyond 3 months",
    rules = r("indication.not_routine", "dosing.duration_over_10h", "dosing.duration_over_30h") },

  ---------------------------------------------------------------- Chemistry
  { item = "Chemistry: S(+)-ketamine is about twice as potent as the racemate (four times the R(-)-enantiomer); racemic and S(+) products",
    rules = {},
    note = "No advice follows from it in the review, and no fact of the vocabulary says which form is planned; the "
        .. "potency difference is recorded in the judgment on the long-term trials' mg/h (dosing.rate_above_long_term_trials)." },

  ---------------------------------------------------------------- Pharmacokinetics and metabolism
  { item = "Pharmacokinetics: bioavailability oral, sublingual, rectal 20-30%, intranasal 45%; oral peak after 20-30 min",
    rules = r("follow_on.oral_ketamine", "follow_on.intranasal_ketamine") },
  { item = "Pharmacokinetics: volume of distribution, half-lives, R(-) slows S(+) elimination, 20% greater S(+) clearance in women, blood-brain equilibration",
    rules = {},
    note = "Descriptive pharmacology; the review draws no dosing advice from it (sublingual and rectal routes have "
        .. "no code in the vocabulary)." },
  { item = "Metabolism: CYP3A4, CYP2B6, CYP2C9; CYP inhibitors (clarithromycin) raise ketamine levels, in particular after oral administration",
    rules = r("contraindication.cyp3a_inhibitor", "follow_on.oral_ketamine") },
  { item = "Metabolism: induction of the CYP system has limited effect", rules = {},
    note = "It cannot change any answer, so the pack asks no fact about inducers (recorded in the CYP3A judgment)." },
  { item = "Metabolism: norketamine formation and elimination", rules = {}, note = "Descriptive pharmacology." },

  ---------------------------------------------------------------- Mechanism of action
  { item = "Mechanism of action: NMDA receptor antagonism, central sensitization, norketamine activity", rules = {},
    note = "Background; no statement about a patient or a plan." },

  ---------------------------------------------------------------- Clinical efficacy
  { item = "Clinical efficacy: most studies are open-label, case series or case reports; RCT quality mostly poor to moderate; no meta-analysis",
    rules = r("indication.not_routine") },
  { item = "Figure 2: logistic regression of effect (0-3) on IV infusion duration over RCTs infusing at least 0.15 mg/kg; ID50 1.7 h",
    rules = r("dosing.duration_short", "dosing.duration_4_to_10h", "dosing.below_analysed_dose") },
  { item = "Figure 2: infusion > 10 h, probability of an effect lasting > 48 h approaches 95%; > 30 h approaches 99%",
    rules = r("dosing.duration_4_to_10h", "dosing.duration_over_10h", "dosing.duration_over_30h") },
  { item = "Clinical efficacy: short infusions (30 min to 2 h) reduced pain > 50% but not beyond 48 h",
    rules = r("dosing.duration_short") },
  { item = "Clinical efficacy: four studies with effects beyond 48 h, three with long-term schemes (4.2 days continuous to daily 4-h infusions for 10 days, 16-25 mg/h)",
    rules = r("dosing.duration_over_10h", "dosing.duration_over_30h", "dosing.series_daily_infusions",
              "dosing.rate_above_long_term_trials") },
  { item = "Clinical efficacy: analgesia slowly dissipates; no permanent reduction of pain; other regimes (regular 10-h, daily 1-2 h) untested",
    rules = r("dosing.duration_over_10h", "dosing.duration_over_30h", "dosing.series_daily_infusions") },
  { item = "Long-term IV RCTs: Amr 2010, spinal cord injury, 80 mg over 5 h daily for a week; relief for 2 weeks; a good study that may lead to outpatient treatment",
    rules = r("indication.spinal_cord_injury", "dosing.series_daily_infusions") },
  { item = "Long-term IV RCTs: Schwartzman 2009, CRPS, daily 4-h infusions for 10 days (max 0.35 mg/kg/h), effects to 12 weeks; criticized; higher-dose responses open-label",
    rules = r("indication.crps", "dosing.series_daily_infusions") },
  { item = "Long-term IV RCTs: Sigtermans 2009, CRPS, 4.2-day S(+)-ketamine infusion, mean 20 mg/h, modulated pain for 12 weeks; no functional gain, costly; expectancy-related responses",
    rules = r("indication.crps", "dosing.duration_over_30h") },

  ---------------------------------------------------------------- Table 1 (IV RCTs, every row)
  { item = "Table 1: Amr 2010, neuropathic pain from spinal cord injury", rules = r("indication.spinal_cord_injury") },
  { item = "Table 1: Schwartzman 2009, CRPS", rules = r("indication.crps") },
  { item = "Table 1: Sigtermans 2009, CRPS", rules = r("indication.crps") },
  { item = "Table 1: Lemming 2007, whiplash (TCI, 65 min)", rules = r("dosing.duration_short"),
    note = "Whiplash has no code of its own in pain.conditions (only 'other'), so there is no condition statement; the trial is part of the short-infusion finding." },
  { item = "Table 1: Gottrup 2006, nerve injury pain", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Lemming 2005, whiplash (30 min)", rules = r("dosing.duration_short"),
    note = "As for Lemming 2007: no condition statement for whiplash; part of the short-infusion finding." },
  { item = "Table 1: Kvarnstrom 2004, spinal cord injury", rules = r("indication.spinal_cord_injury") },
  { item = "Table 1: Jorum 2003, chronic neuropathic pain", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Kvarnstrom 2003, peripheral neuropathic pain of traumatic origin", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Mitchell 2002, painful limb ischemia", rules = r("indication.ischemic") },
  { item = "Table 1: Leung 2001, post-nerve injury (TCI)", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Graven-Nielsen 2000, fibromyalgia", rules = r("indication.fibromyalgia") },
  { item = "Table 1: Persson 1998, arteriosclerosis of the lower extremities", rules = r("indication.ischemic") },
  { item = "Table 1: Sorensen 1997, fibromyalgia", rules = r("indication.fibromyalgia") },
  { item = "Table 1: Nicolodi 1997, chronic migraine", rules = r("indication.migraine") },
  { item = "Table 1: Nikolajsen 1996, phantom limb pain", rules = r("indication.phantom_limb") },
  { item = "Table 1: Felsby 1995, peripheral neuropathic pain", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Max 1995, chronic posttraumatic pain with allodynia", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Backonja 1994, chronic neuropathic pain (central and peripheral)", rules = r("indication.mixed_neuropathic") },
  { item = "Table 1: Eide 1994, postherpetic neuralgia", rules = r("indication.postherpetic_neuralgia") },
  { item = "Table 1: Eide 1995, spinal cord injury", rules = r("indication.spinal_cord_injury") },

  ---------------------------------------------------------------- Table 2 (non-IV RCTs, every row)
  { item = "Table 2: Barton 2010, topical, chemotherapy-induced neuropathy", rules = r("indication.topical_route") },
  { item = "Table 2: Hugel 2010, intranasal S(+)-ketamine, chronic neuropathic pain", rules = r("follow_on.intranasal_ketamine") },
  { item = "Table 2: Finch 2009, topical, CRPS", rules = r("indication.topical_route") },
  { item = "Table 2: Ayesh 2008, intra-articular, temporomandibular joint arthralgia", rules = r("indication.orofacial") },
  { item = "Table 2: Castrillon 2008, IM masseter, myofascial temporomandibular pain",
    rules = r("indication.orofacial", "indication.intramuscular_route") },
  { item = "Table 2: Lynch 2005, topical, neuropathic pain", rules = r("indication.topical_route", "indication.mixed_neuropathic") },
  { item = "Table 2: Vranken 2005, iontophoresis, central neuropathic pain", rules = r("indication.topical_route"),
    note = "Central neuropathic pain is not mapped to central_poststroke: the trial's population is not post-stroke pain as such." },
  { item = "Table 2: Carr 2004, intranasal, breakthrough pain", rules = r("follow_on.intranasal_ketamine") },
  { item = "Table 2: Lynch 2003, topical, chronic neuropathic pain", rules = r("indication.topical_route", "indication.mixed_neuropathic") },
  { item = "Table 2: Lauretti 2002, epidural, chronic neuropathic pain", rules = r("indication.epidural_route") },
  { item = "Table 2: Furuhashi-Yonaha 2002, oral syrup, chronic neuropathic pain", rules = r("follow_on.oral_ketamine") },
  { item = "Table 2: Rabben 1999, IM, trigeminal neuropathic pain",
    rules = r("indication.intramuscular_route", "indication.orofacial") },
  { item = "Table 2: Haines 1999, oral N-of-1 trials, chronic neuropathic pain", rules = {},
    note = "Its result is missing from the source text (the row lost its layout; PACK-TABLE2): nothing to state." },
  { item = "Table 2: Nicolodi 1995, subcutaneous, acute and chronic episodic migraine", rules = {},
    note = "Its result is missing from the source text (PACK-TABLE2); the pack makes no subcutaneous statement." },
  { item = "Table 2: Germain 1992, intraligamentous, whiplash, post-discectomy, chronic back-ache", rules = r("indication.low_back") },

  ---------------------------------------------------------------- Safety and tolerability
  { item = "Safety: dose-dependent side effects (nausea/vomiting, sedation, vertigo, tachycardia, hypertension, cardiac output)",
    rules = r("contraindication.side_effects") },
  { item = "Safety: cardiovascular effects from sympathetic activation; moderate at chronic-pain doses; care always required in cardiovascular disease",
    rules = r("contraindication.cardiovascular_disease") },
  { item = "Safety: psychotropic side effects after IV dosing are common, dose dependent and disappear rapidly after the infusion",
    rules = r("rescue.coadministration", "rescue.unacceptable_psychotropic_effects") },
  { item = "Safety: unacceptable psychotropic effects: lower the rate or add a benzodiazepine or alpha-2 agonist (neuroleptics, antiepileptics listed)",
    rules = r("rescue.unacceptable_psychotropic_effects") },
  { item = "Safety: psychotropic effects decline during prolonged infusions but may make patients abandon treatment",
    rules = r("rescue.unacceptable_psychotropic_effects") },
  { item = "Safety: no difference in psychotropic effects between racemic and S(+)-ketamine (authors' experience)", rules = {},
    note = "Recorded in the AMB-17 judgment of the psychotropic rules; no fact says which form is planned." },
  { item = "Safety: ketamine is a drug of abuse; chronic use causes memory deficits and flashbacks; addictive behaviour in animals",
    rules = r("contraindication.abuse_potential") },
  { item = "Safety: neurotoxicity in animals, prevented by benzodiazepines and alpha-2 agonists; no human data of concern",
    rules = r("contraindication.neurotoxicity") },

  ---------------------------------------------------------------- Summary and conclusions
  { item = "Summary: IV most studied, then topical, oral and intranasal routes",
    rules = r("follow_on.oral_ketamine", "follow_on.intranasal_ketamine", "indication.topical_route") },
  { item = "Summary: short-term infusions (< 4 h) reduce pain about 50% irrespective of dose, effect dissipates rapidly",
    rules = r("dosing.duration_short") },
  { item = "Summary: long-term administration (days to weeks, mean 20 mg/h) gives effects lasting weeks, with a slow return of pain",
    rules = r("dosing.duration_over_10h", "dosing.duration_over_30h", "dosing.rate_above_long_term_trials") },
  { item = "Summary: no full effect on pain, no effect on function or quality of life; good-quality RCTs required",
    rules = r("indication.not_routine") },
  { item = "Summary: psychotropic effects may be prevented or treated with benzodiazepines and/or alpha-2 agonists",
    rules = r("rescue.coadministration") },
  { item = "Summary: other side effects (nausea/vomiting, sedation, hypertension/tachycardia) of minor importance at low infusion rates",
    rules = r("contraindication.side_effects") },
  { item = "Summary: concern for neurotoxicity and abuse with long-term or repetitive use; understudied in humans",
    rules = r("contraindication.abuse_potential", "contraindication.neurotoxicity") },

  ---------------------------------------------------------------- The expert's opinion
  { item = "Expert opinion: long-term infusion gives relief persisting weeks; a possible disease-modulating role", rules = r("dosing.duration_over_10h", "dosing.duration_over_30h"),
    note = "The mechanistic hypothesis (desensitization) is background and is not stated." },
  { item = "Expert opinion: ketamine is not (yet) viable as routine treatment for chronic pain", rules = r("indication.not_routine") },
  { item = "Expert opinion: needed: human safety and abuse-liability studies, outpatient administration modes, safe dosing schemes",
    rules = r("contraindication.neurotoxicity", "dosing.rate_above_long_term_trials"),
    note = "The call for outpatient modes (cheaper than multi-day in-patient treatment) is research advice, not a statement about a plan; it is not encoded." },
}
