-- follow_on.lua — oral, sublingual and intranasal ketamine (a plan by that route, or that follow-on agent).
-- The article's graded statements: at least 50% of patients fail to respond to oral ketamine and have side
-- effects (level IV); intranasal ketamine reduces breakthrough pain (level II). The rest is ungraded narrative.
-- The rules read only the plan's route and the follow-on agent, so they never ask for anything: with neither
-- recorded they say nothing; with another route or agent they do not fire.

local KNOWN = [[ plan.route is known or followon.agent is known ]]

local ORAL_SCOPE = { id = "PCU-ORAL-SCOPE",
  note = "The article's oral ketamine data come from chronic neuropathic pain (a dose-finding study and an N-of-1 "
      .. "trial, a retrospective review). It has no other graded statement on oral ketamine for chronic pain, so the "
      .. "pack shows these findings for every oral ketamine plan or follow-on and names the population in the text. "
      .. "Sublingual ketamine (plan.oral_form) counts as oral ketamine here.",
  quotes = { "At least 50% of patients fail to respond to oral ketamine and experience side effects in the treatment of chronic neuropathic pain." } }

rule {
  id = "pcu.follow_on.oral_ketamine_failure",
  category = "follow_on", action = "caution",
  grade = "IV",
  topic = "follow_on.oral_ketamine", position = "weak_or_no_evidence",
  applies = KNOWN,
  when = [[ pcu.oral_ketamine ]],
  text = "Oral ketamine: in chronic neuropathic pain at least 50% of patients fail to respond to oral ketamine and "
      .. "experience side effects.",
  source = { section = "Summary of Evidence on Ketamine Analgesia (Level IV)",
             quote = "At least 50% of patients fail to respond to oral ketamine and experience side effects in the treatment of chronic neuropathic pain." },
  judgments = { ORAL_SCOPE, { id = "AMB-13",
    note = "The sources differ on oral follow-on: the 2018 ASRA/AAPM/ASA guideline says oral ketamine can be tried in "
        .. "responders (grade B, low certainty); this article's only graded statement on it is this level IV failure "
        .. "rate. The topic follow_on.oral_ketamine takes the position 'weak_or_no_evidence' (case-series evidence, "
        .. "mostly failure), so the two are listed side by side when both packs are evaluated.",
    quotes = { "Level IV (Evidence obtained from case series)" } } },
}

rule {
  id = "pcu.follow_on.oral_ketamine_discontinuation",
  category = "follow_on", action = "info",
  grade = false,
  applies = KNOWN,
  when = [[ pcu.oral_ketamine ]],
  text = "Oral ketamine (up to 100 mg/day) in chronic neuropathic pain: 57% stopped within 1 week for lack of effect or "
      .. "intolerable side effects; at 4 weeks only 14% of all patients reported analgesia, half of them with "
      .. "significant side effects.",
  source = { section = "Neuropathic Pain",
             quote = "57% of patients treated for chronic neuropathic pain with oral ketamine (up to 100 mg per day) discontinued treatment within 1 week" },
  judgment = ORAL_SCOPE,
}

rule {
  id = "pcu.follow_on.oral_ketamine_long_term",
  category = "follow_on", action = "info",
  grade = false,
  applies = KNOWN,
  when = [[ pcu.oral_ketamine ]],
  text = "Oral ketamine over the long term (retrospective review, 21 patients with chronic neuropathic pain): 42% stopped "
      .. "because of side effects and only 14% continued for over 1 year (100-240 mg/day); one patient misused it.",
  source = { section = "Neuropathic Pain",
             quote = "Only 14% continued to use ketamine for over 1 year in doses ranging from 100 to 240 mg per day, and one patient was “misusing” the drug." },
  judgment = ORAL_SCOPE,
}

rule {
  id = "pcu.follow_on.sublingual_breakthrough",
  category = "follow_on", action = "info",
  grade = false,
  -- informs only: silent while the oral form is not recorded (PCU-ASK in pack.lua)
  applies = [[ pcu.oral_ketamine and plan.oral_form is known ]],
  when = [[ plan.oral_form == "sublingual" ]],
  text = "Sublingual ketamine: 25 mg was effective for breakthrough pain unresponsive to intravenous morphine in patients "
      .. "receiving intrathecal analgesia for cancer pain; case reports describe benefit in exacerbations of chronic "
      .. "abdominal pain (no level given).",
  source = { section = "Role of Ketamine in Cancer Pain",
             quote = "Sublingual ketamine (25 mg) was effective for breakthrough pain unresponsive to intravenous morphine in patients receiving intrathecal analgesia for cancer pain." },
}

rule {
  id = "pcu.follow_on.intranasal_breakthrough",
  category = "follow_on", action = "info",
  grade = "II",
  topic = "follow_on.intranasal_ketamine", position = "supported",
  applies = KNOWN,
  when = [[ pcu.intranasal_ketamine ]],
  text = "Intranasal ketamine reduces breakthrough pain of cancer-related and noncancer origin. The article adds that it "
      .. "was safe and effective for short-term treatment of breakthrough pain, mainly musculoskeletal and cancer pain.",
  source = { section = "Summary of Evidence on Ketamine Analgesia (Level II); Efficacy in Other Chronic Pain States",
             quote = "Intranasal ketamine reduces breakthrough pain of cancer-related and noncancer origin." },
}
