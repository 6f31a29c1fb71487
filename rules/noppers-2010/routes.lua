-- routes.lua — the review's randomized trials of non-intravenous ketamine (Table 2) and its bioavailability
-- data, as statements about the planned route (plan.route) or the follow-on agent being considered
-- (followon.agent). The review reports oral and intranasal ketamine as treatments in their own right, not as
-- follow-on after IV infusions; the texts say so. Each rule is silent until the route or agent is known.
--
-- Topics: follow_on.intranasal_ketamine and follow_on.oral_ketamine ("supported": a randomized trial reporting
-- relief), route.topical and route.neuraxial ("weak_or_no_evidence").

local TABLE2 = { id = "PACK-TABLE2",
  note = "In the source text of Table 2, five rows (epidural, oral syrup, intramuscular, oral N-of-1, subcutaneous) "
      .. "have lost their layout: the designs sit in one cell and the results run together in another, and the "
      .. "results of the last two are missing. The pack assigns the results in order (epidural: 9 to 2 cm; oral "
      .. "syrup: VAS 78 to 49 mm; intramuscular: Studies A and B) and states nothing for the N-of-1 and "
      .. "subcutaneous trials.",
  quotes = { "Effect persisted for 2-5 weeks following epidural catheter removal KET caused pain relief: VAS from 78 to 49 mm",
             "Oral. N = 1 trial in 9 patients: KET 10 mg once/day for 6 weeks vs PLCB" } }

local NOT_FOLLOW_ON = { id = "AMB-13",
  note = "The 2018 guideline offers oral and intranasal ketamine as follow-on in responders to IV infusions. This "
      .. "review reports them as stand-alone treatments in randomized trials; the pack states the same data for a "
      .. "planned route and for a follow-on agent, and says that the review did not study them as follow-on.",
  quotes = { "Most frequently studied is the intravenous route of administration followed by topical, oral and intranasal routes." } }

local function route_or_agent(route, agent)
  return ([[ (plan.route is known and plan.route == "%s") or (followon.agent is known and followon.agent == "%s") ]])
      :format(route, agent)
end
local ROUTE_OR_AGENT_KNOWN = [[ plan.route is known or followon.agent is known ]]

rule {
  id = "noppers2010.follow_on.intranasal_ketamine",
  category = "follow_on", action = "info",
  grade = false,
  topic = "follow_on.intranasal_ketamine", position = "supported",
  applies = ROUTE_OR_AGENT_KNOWN,
  when = route_or_agent("intranasal", "intranasal_ketamine"),
  text = "Intranasal ketamine: in a randomized trial for breakthrough pain, 10-50 mg (1-5 sprays) gave analgesia "
      .. "within 10 minutes lasting at least 1 hour (greatest at 40 minutes); intranasal S(+)-ketamine 0.2-0.4 mg/kg "
      .. "lowered neuropathic pain (greatest at 60 minutes). Bioavailability is about 45%. The review reports it as a "
      .. "treatment in its own right, not as follow-on after IV infusions.",
  source = { section = "Table 2; Pharmacokinetics and metabolism",
             quote = "KET produced analgesia within 10 min lasting at least 1 h. Max effect occurred after 40 min" },
  judgments = { NOT_FOLLOW_ON, { id = "PACK-RCT-POSITION",
    note = "Two randomized trials reported relief (Carr 2004, breakthrough pain in 16 chronic pain and 4 cancer "
        .. "patients; Hugel 2010, neuropathic pain, no placebo arm), so the position is 'supported'; relief lasted "
        .. "about an hour.",
    quotes = { "Intranasal. KET 10-50 mg (1-5 sprays) vs PLCB (1-5 sprays)",
               "Pain scores decreased with max. effect at t = 60 min.",
               "bioavailability is somewhat higher after intranasal application (45%)" } } },
}

rule {
  id = "noppers2010.follow_on.oral_ketamine",
  category = "follow_on", action = "info",
  grade = false,
  topic = "follow_on.oral_ketamine", position = "supported",
  applies = ROUTE_OR_AGENT_KNOWN,
  when = route_or_agent("oral", "oral_ketamine"),
  text = "Oral ketamine: in a small randomized trial, ketamine syrup 0.5 mg/kg every 6 hours for 1 week relieved "
      .. "chronic neuropathic pain (VAS 78 to 49 mm). Oral bioavailability is limited (20-30%, a large first-pass "
      .. "effect), with peak levels after 20-30 minutes; CYP3A inhibitors such as clarithromycin raise oral levels "
      .. "most. The review reports it as a treatment in its own right, not as follow-on after IV infusions.",
  source = { section = "Table 2; Pharmacokinetics and metabolism",
             quote = "Oral. KET syrup 0.5 mg/kg vs PLCB every 6 h for 1 week" },
  judgments = { NOT_FOLLOW_ON, TABLE2, { id = "PACK-RCT-POSITION",
    note = "One randomized trial reported relief (Furuhashi-Yonaha 2002, 8 patients), so the position is 'supported'.",
    quotes = { "limited bioavailability after oral, sublingual and rectal administration (20-30%), partly because of the large first-pass effect",
               "Peak concentration after oral ketamine ingestion is reached after 20-30 min." } } },
}

local ROUTE_KNOWN = [[ plan.route is known ]]

rule {
  id = "noppers2010.indication.topical_route",
  category = "indication", action = "not_supported",
  grade = false,
  topic = "route.topical", position = "weak_or_no_evidence",
  applies = ROUTE_KNOWN,
  when = [[ plan.route == "topical" ]],
  text = "Topical ketamine: in randomized trials, topical ketamine (alone or with amitriptyline or baclofen) was no "
      .. "better than placebo for neuropathic pain or chemotherapy-induced neuropathy; only a 10% ketamine gel "
      .. "reduced allodynia and hyperalgesia in CRPS, and iontophoretic ketamine did not lower central pain scores "
      .. "(75 mg a day improved quality of life).",
  source = { section = "Table 2", quote = "Effects no larger than PLCB" },
  judgment = { id = "PACK-RCT-POSITION",
    note = "Four of the five topical or transdermal trials found no effect on pain greater than placebo; one (CRPS) "
        .. "found less allodynia and hyperalgesia. The pack reads that as weak or no evidence (not as evidence "
        .. "against) and renders it not_supported (a caution, as the policy says).",
    quotes = { "No effect on pain relief greater than placebo", "KET caused reduction of allodynia and hyperalgesia",
               "No effect on pain scores from KET but 75 mg improved quality of life and health status" } },
}

rule {
  id = "noppers2010.indication.epidural_route",
  category = "indication", action = "info",
  grade = false,
  topic = "route.neuraxial", position = "weak_or_no_evidence",
  applies = ROUTE_KNOWN,
  when = [[ plan.route == "epidural" ]],
  text = "Epidural ketamine: in one randomized trial in chronic neuropathic pain, epidural ketamine (0.3 mg/kg/day) "
      .. "with lidocaine and epidural clonidine with lidocaine both lowered pain from 9 to 2 cm, for 2-5 weeks after "
      .. "the catheter was removed; the trial had no placebo arm.",
  source = { section = "Table 2",
             quote = "Significant reductions in pain intensity (VAS) in both groups from 9 to 2 cm." },
  judgments = { TABLE2, { id = "PACK-RCT-POSITION",
    note = "Both arms received lidocaine and improved alike, with no placebo arm, so the trial cannot show what "
        .. "ketamine added: the position is 'weak_or_no_evidence'. The review has no intrathecal trial; the rule "
        .. "does not fire for intrathecal ketamine.",
    quotes = { "Epidural. KET (0.3 mg/kg/day) + lidocaine (n = 10) vs epidural clonidine (90 µg/day) + lidocaine (n = 13) using PCEA device." } } },
}

rule {
  id = "noppers2010.indication.intramuscular_route",
  category = "indication", action = "info",
  grade = false,
  applies = ROUTE_KNOWN,
  when = [[ plan.route == "intramuscular" ]],
  text = "Intramuscular ketamine: randomized trials were mixed: in trigeminal neuropathic pain 0.4 mg/kg gave no "
      .. "effect in 9, an effect of 1 hour in 9 and of more than 12 hours in 8 of 26 patients; injections into the "
      .. "masseter did not relieve myofascial temporomandibular pain.",
  source = { section = "Table 2", quote = "Study A. KET: 9/26 no effect; 9/26 effect 1 h; 8/26 effect > 12 h." },
  judgment = { id = "PACK-TABLE2",
    note = TABLE2.note .. " Study B of the trigeminal trial (4 mg/kg against placebo for 3 days) does not name its "
        .. "route in the source text; the statement leaves it out.",
    quotes = { TABLE2.quotes[1], "IM. Study A: KET 0.4 mg/kg vs pethidine 1 mg/kg Study B: KET 4 mg/kg vs PLCB for 3 days",
               "IM. injection of KET or PLCB in m. masseter" } },
}
