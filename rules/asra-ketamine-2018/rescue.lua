-- rescue.lua — Guideline Question 7: preemptive and rescue medications (the summary is
-- grade C, low certainty; it has no Table 6 row, AMB-26). The treatment recommendations
-- for adverse effects are ungraded ("No RCT directly addresses the use of rescue medications").

-- Every parenteral route (IV, subcutaneous, intramuscular) also gets the preinfusion tests and
-- rescue planning of an infusion (PACK-ROUTES in pack.lua).
local PARENTERAL = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] ]]
local PREMED = [[ ["midazolam", "lorazepam", "diazepam", "clonidine", "dexmedetomidine"] in plan.premedication ]]
local PREEMPTIVE = "there is limited direct evidence supporting the preemptive use of benzodiazepines and"
local FIRST_LINE = "the treatment of choice to prevent or abort ketamine-induced hallucinations or dissociative effects is low-dose benzodiazepines (such as IV lorazepam or midazolam) or"

rule {
  id = "asra2018.rescue.premedication_consider",
  category = "rescue", action = "consider",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = "not " .. PREMED,
  text = "Consider preemptive midazolam (or another benzodiazepine) or an alpha-2 agonist such as clonidine; the direct "
      .. "evidence is limited and premedication lessens but does not eliminate psychomimetic effects.",
  source = { section = "Guideline Question 7", quote = PREEMPTIVE },
}

rule {
  id = "asra2018.rescue.premedication_planned",
  category = "rescue", action = "info",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = PREMED,
  text = "Planned benzodiazepine or alpha-2 agonist premedication: supported by limited direct evidence; it may lessen "
      .. "but not eliminate psychomimetic effects.",
  source = { section = "Guideline Question 7",
             quote = "suggesting premedication may lessen but not eliminate psychomimetic events" },
}

rule {
  id = "asra2018.rescue.no_other_premedicants",
  category = "rescue", action = "info",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = PARENTERAL,
  text = "No evidence supports antidepressant, antihistamine or anticholinergic premedication before ketamine.",
  source = { section = "Guideline Question 7",
             quote = "no evidence to support antidepressant, antihistamine, or anticholinergic premedicants prior to the initiation of subanesthetic ketamine for chronic pain treatment" },
}

rule {
  id = "asra2018.rescue.agents",
  category = "rescue", action = "recommend",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ not history.benzodiazepine_contraindicated ]],
  text = "Have rescue drugs at hand: a benzodiazepine (midazolam, lorazepam, diazepam) or clonidine first for "
      .. "hallucinations or dissociation, not an antipsychotic; haloperidol as an antiemetic or for emergence "
      .. "reactions. Most adverse effects settle when the infusion is slowed or stopped.",
  source = { section = "Guideline Question 7",
             quote = "the butyrophenone haloperidol for its antiemetic properties, sedative effects, and reduction of psychomimetic symptoms and emergence reactions" },
  judgment = { id = "AMB-09",
    note = "Question 2 names benzodiazepines or alpha-2 agonists, 'and not antipsychotics', as the treatment of choice "
        .. "for hallucinations; Question 7 lists haloperidol among rescue drugs. The pack makes a benzodiazepine or "
        .. "clonidine first line for psychomimetic effects and keeps haloperidol for nausea and emergence reactions.",
    quotes = { FIRST_LINE, "and not antipsychotics",
               "the butyrophenone haloperidol for its antiemetic properties, sedative effects, and reduction of psychomimetic symptoms and emergence reactions" } },
}

rule {
  id = "asra2018.rescue.dystonia_seizures",
  category = "rescue", action = "info",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = PARENTERAL,
  text = "Dystonia (uncommon) can be treated with diphenhydramine; seizures (rare) with a benzodiazepine, then a "
      .. "barbiturate or propofol if they persist.",
  source = { section = "Guideline Question 7",
             quote = "Seizures, although rare, should be treated with benzodiazepines followed by barbiturates or propofol if persistent." },
}

rule {
  id = "asra2018.rescue.psychomimetic_history",
  category = "rescue", action = "caution",
  grade = "C", certainty = "low",
  applies = PARENTERAL,
  when = [[ history.serious_psychomimetic_reaction and not history.benzodiazepine_contraindicated ]],
  text = "Prior serious psychomimetic reaction: premedicate with a benzodiazepine or alpha-2 agonist and keep rescue "
      .. "doses ready.",
  -- The grade is that of the Question 7 statement on preemptive benzodiazepines and alpha-2
  -- agonists (the advice given here); the trigger, a prior serious reaction, comes from the
  -- ungraded Question 2 narrative.
  source = { section = "Guideline Question 7; Guideline Question 2",
             quote = "there is limited direct evidence supporting the preemptive use of benzodiazepines and" },
}

rule {
  id = "asra2018.rescue.benzodiazepine_contraindicated",
  category = "rescue", action = "caution",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ history.benzodiazepine_contraindicated and not history.serious_psychomimetic_reaction ]],
  text = "Benzodiazepines are contraindicated: plan an alpha-2 agonist (clonidine) as the psychomimetic rescue.",
  source = { section = "Guideline Question 2", quote = FIRST_LINE },
}

rule {
  id = "asra2018.rescue.benzodiazepine_premedication_contraindicated",
  category = "rescue", action = "caution",
  grade = false, certainty = false,
  applies = PARENTERAL,
  when = [[ history.benzodiazepine_contraindicated and ["midazolam", "lorazepam", "diazepam"] in plan.premedication ]],
  text = "A benzodiazepine is planned although benzodiazepines are contraindicated for this patient: consider an "
      .. "alpha-2 agonist instead.",
  source = { section = "Guideline Question 2",
             quote = "individuals with a history of serious psychomimetic effects and relative contraindications to rescue medications such as benzodiazepines" },
  judgment = { id = "AMB-24",
    note = "The guideline speaks of 'relative contraindications to rescue medications such as benzodiazepines' and names "
        .. "alpha-2 agonists as the alternative; it does not forbid the premedication. The pack cautions and leaves the "
        .. "choice of drug to the physician.",
    quotes = { "individuals with a history of serious psychomimetic effects and relative contraindications to rescue medications such as benzodiazepines" } },
}
