-- follow_on.lua — Guideline Question 4 and Table 6 "Role of oral NMDA receptor antagonist
-- as follow-on treatment": grade B, low certainty for oral preparations, moderate for
-- intranasal ketamine. Silent unless a follow-on agent is being considered.
-- followon.dose is in mg (canonical); weight-based limits are compared as mg/kg x weight.

local FOLLOW = [[ followon.agent is known and followon.agent != "none" ]]
-- take-home ketamine: an oral or intranasal ketamine follow-on, or a plan whose route is intranasal, or oral
-- when the oral agent is not dextromethorphan (PACK-ROUTES): the abuse and driving rules apply to it
local KETAMINE = [[ (followon.agent is known and followon.agent in ["oral_ketamine", "intranasal_ketamine"])
                    or (plan.route is known and (plan.route == "intranasal"
                        or (plan.route == "oral" and not (followon.agent is known and followon.agent == "oral_dextromethorphan")))) ]]
local ROW = "Oral ketamine or dextromethorphan, and intranasal ketamine can be tried in lieu of serial infusions in responders"
local GRADE = "(grade B recommendation, low level of certainty for oral preparations, moderate level of certainty for intranasal ketamine)"
local HIGH_RISK = [[ (followon.abuse_risk == "high" or history.substance_abuse in ["history", "active"] or history.alcohol_abuse) ]]
-- take-home ketamine is offered only when neither abuse stop below applies
local KETAMINE_OK = [[ history.substance_abuse != "active" and not ( ]] .. HIGH_RISK .. [[ and not followon.abuse_monitoring) ]]

local AMB13 = { id = "AMB-13",
  note = "004 calls the oral evidence 'low-level' yet grades the statement B (low certainty oral, moderate intranasal); "
      .. "the pack keeps the grades as stated. 'In responders' appears only in Table 6; the pack applies it (safer): "
      .. "follow-on is for a documented positive response. The intranasal 25 mg every 6 h schedule comes from a migraine "
      .. "aura study; the pack treats 50 mg (5 sprays of 10 mg) as the largest studied single dose and 6 h as the shortest interval.",
  quotes = { "there is low-level evidence to support the use of oral ketamine (150 mg/d or 0.5 mg/kg every 6 hours)", ROW, GRADE } }

rule {
  id = "asra2018.follow_on.oral_ketamine",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "low",
  applies = FOLLOW,
  when = [[ followon.agent == "oral_ketamine" and response.positive and ]] .. KETAMINE_OK,
  text = "Oral ketamine (150 mg/day, or 0.5 mg/kg every 6 hours) can be tried in a responder instead of serial infusions.",
  source = { section = "Guideline Question 4; Table 6", quote = ROW },
  judgment = AMB13,
}

rule {
  id = "asra2018.follow_on.oral_dextromethorphan",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "low",
  applies = FOLLOW,
  when = [[ followon.agent == "oral_dextromethorphan" and response.positive ]],
  text = "Oral dextromethorphan (0.5-1 mg/kg every 8 hours) can be tried in a responder instead of serial infusions.",
  source = { section = "Guideline Question 4; Table 6",
             quote = "other NMDA-receptor antagonists such as dextromethorphan (0.5–1 mg/kg every 8 hours) as follow-up therapy following IV infusions" },
  judgment = AMB13,
}

rule {
  id = "asra2018.follow_on.intranasal_ketamine",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "moderate",
  applies = FOLLOW,
  when = [[ followon.agent == "intranasal_ketamine" and response.positive and ]] .. KETAMINE_OK,
  text = "Intranasal ketamine can be tried for breakthrough pain in a responder (1-5 sprays of 10 mg, (S)-ketamine "
      .. "0.2-0.4 mg/kg, or 25 mg every 6 hours as needed); relief lasts only a few hours.",
  source = { section = "Guideline Question 4; Table 6",
             quote = "moderate evidence to support intranasal ketamine (1–5 sprays of ketamine 10 mg, 0.2–0.4 mg/kg (S)-ketamine, and single dose ketamine 25 mg every 6 hours as needed)" },
  judgment = AMB13,
}

rule {
  id = "asra2018.follow_on.non_responder",
  category = "follow_on", action = "avoid",
  grade = false, certainty = false,
  applies = FOLLOW,
  when = [[ not response.positive ]],
  text = "Follow-on treatment is for responders; the previous infusion did not give a positive response "
      .. "(>= 30% relief with satisfaction or objective benefit, lasting more than 3 or 6 weeks).",
  source = { section = "Table 6", quote = ROW },
  judgment = AMB13,
}

rule {
  id = "asra2018.follow_on.oral_ketamine_dose",
  category = "follow_on", action = "caution",
  grade = "B", certainty = "low",
  applies = [[ followon.agent is known and followon.agent == "oral_ketamine" ]],
  when = [[ followon.dose * 24 h / followon.interval > 150 mg
            and (followon.dose > 0.5 mg/kg * patient.weight or followon.interval < 6 h) ]],
  text = "The oral ketamine regimen exceeds both studied regimens (150 mg/day, or 0.5 mg/kg every 6 hours).",
  source = { section = "Guideline Question 4",
             quote = "there is low-level evidence to support the use of oral ketamine (150 mg/d or 0.5 mg/kg every 6 hours)" },
}

rule {
  id = "asra2018.follow_on.dextromethorphan_dose",
  category = "follow_on", action = "caution",
  grade = "B", certainty = "low",
  applies = [[ followon.agent is known and followon.agent == "oral_dextromethorphan" ]],
  when = [[ followon.dose > 1 mg/kg * patient.weight or followon.interval < 8 h ]],
  text = "The dextromethorphan regimen exceeds the studied 0.5-1 mg/kg every 8 hours.",
  source = { section = "Guideline Question 4",
             quote = "other NMDA-receptor antagonists such as dextromethorphan (0.5–1 mg/kg every 8 hours) as follow-up therapy following IV infusions" },
}

rule {
  id = "asra2018.follow_on.intranasal_dose",
  category = "follow_on", action = "caution",
  grade = "B", certainty = "moderate",
  applies = [[ followon.agent is known and followon.agent == "intranasal_ketamine" ]],
  when = [[ followon.dose > 50 mg or followon.interval < 6 h ]],
  text = "The intranasal dose or frequency exceeds the studied regimens (at most 5 sprays of 10 mg; 25 mg every 6 hours).",
  source = { section = "Guideline Question 4",
             quote = "moderate evidence to support intranasal ketamine (1–5 sprays of ketamine 10 mg, 0.2–0.4 mg/kg (S)-ketamine, and single dose ketamine 25 mg every 6 hours as needed)" },
  judgment = AMB13,
}

rule {
  id = "asra2018.follow_on.abuse_risk",
  category = "follow_on", action = "caution",
  grade = false, certainty = false, -- the Q4 grade B attaches to the follow-on regimen, not this caveat
  applies = KETAMINE,
  when = HIGH_RISK,
  text = "History or high risk of abuse: take-home ketamine has significant abuse potential and street value; weigh "
      .. "the risks and use surveillance like that for chronic opioid therapy.",
  source = { section = "Guideline Question 4",
             quote = "in patients with a history of abuse or who are at high risk of abuse, the risks of prescribing it chronically in a community-based setting should be weighed" },
}

rule {
  id = "asra2018.follow_on.abuse_surveillance_missing",
  category = "follow_on", action = "avoid",
  grade = false, certainty = false, -- the Q4 grade B attaches to the follow-on regimen, not this caveat
  applies = KETAMINE,
  when = HIGH_RISK .. [[ and not followon.abuse_monitoring ]],
  text = "No abuse surveillance is in place for a patient with a history or high risk of abuse: do not prescribe "
      .. "take-home ketamine until it is.",
  source = { section = "Guideline Question 4",
             quote = "proper surveillance, similar to what is done for patients on chronic opioid therapy, should be used" },
}

rule {
  id = "asra2018.follow_on.active_substance_abuse",
  category = "follow_on", action = "do_not",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ history.substance_abuse == "active" ]],
  text = "Active substance abuse: do not prescribe take-home ketamine.",
  source = { section = "Guideline Question 2; Guideline Question 4",
             quote = "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem" },
  judgment = { id = "AMB-23",
    note = "004 forbids serial infusions in active substance abuse and warns about community prescribing in a history "
        .. "of abuse; it does not address take-home ketamine in active abuse. The pack extends the stop to it (safer).",
    quotes = { "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem",
               "oral ketamine has significant abuse potential and a high street value" } },
}

rule {
  id = "asra2018.follow_on.driving",
  category = "follow_on", action = "caution",
  grade = false, certainty = false,
  applies = KETAMINE,
  when = [[ followon.drives ]],
  text = "The patient drives or operates machinery: oral or intranasal ketamine can impair judgment and psychomotor "
      .. "ability; advise against driving after doses and take safety precautions.",
  source = { section = "Guideline Question 4",
             quote = "One issue that must be considered when starting a patient on oral or intranasal ketamine is the potential for accidents" },
}
