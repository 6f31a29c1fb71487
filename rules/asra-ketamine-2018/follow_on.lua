-- follow_on.lua — Guideline Question 4 and Table 6 "Role of oral NMDA receptor antagonist
-- as follow-on treatment": grade B, low certainty for oral preparations, moderate for
-- intranasal ketamine. The three options are offered to a responder; the dose, abuse and driving rules
-- apply once an agent is chosen (or the plan's route is oral or intranasal).
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

-- the grade B statements are offered to every patient with response data, whether or not an agent is chosen
local RESPONSE = [[ response.pain_before is known or response.pain_after is known
                    or response.course is known or response.relief_duration is known ]]
local OFFER = "(" .. RESPONSE .. ") or (" .. FOLLOW .. ")"

local AMB13 = { id = "AMB-13",
  note = "The guideline calls the oral evidence 'low-level' yet grades the statement B (low certainty oral, moderate "
      .. "intranasal); the pack keeps the grades as stated. 'In responders' appears only in Table 6. The statements are "
      .. "offered to a responder whether or not an agent has been chosen; the abuse and driving rules stay separate and "
      .. "apply once take-home ketamine is chosen. The intranasal 25 mg every 6 h schedule comes from a migraine aura "
      .. "study; the pack treats 50 mg (5 sprays of 10 mg) as the largest studied single dose and 6 h as the shortest interval.",
  quotes = { "there is low-level evidence to support the use of oral ketamine (150 mg/d or 0.5 mg/kg every 6 hours)", ROW, GRADE } }

local RESPONDERS = { id = "AMB-10",
  note = "Question 4 offers oral or intranasal follow-on 'as follow-up therapy following IV infusions' and Table 6 'in "
      .. "responders', citing a trial in patients 'who had responded to IV ketamine'. The pack reads a responder as a "
      .. "patient whose previous infusion gave a meaningful response (Question 8: at least 30% pain relief with "
      .. "satisfaction or an objective benefit), however long it lasted. The Question 8 durations (more than 3 or 6 "
      .. "weeks) designate a positive outcome that justifies repeating infusions; a strong response that wore off "
      .. "sooner is the case a follow-on 'in lieu of serial infusions' is meant for, and response.too_short says it is short.",
  quotes = { "as follow-up therapy following IV infusions", ROW,
             "In a small, placebo-controlled crossover trial performed in 8 patients with neuropathic pain who had responded to IV ketamine" } }

rule {
  id = "asra2018.follow_on.oral_ketamine",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "low",
  applies = OFFER,
  when = [[ response.meaningful ]],
  text = "Oral ketamine (150 mg/day, or 0.5 mg/kg every 6 hours) can be tried in a responder instead of serial infusions; "
      .. "with a history or high risk of abuse, weigh the risks and use surveillance.",
  source = { section = "Guideline Question 4; Table 6", quote = ROW },
  judgments = { AMB13, RESPONDERS },
}

rule {
  id = "asra2018.follow_on.oral_dextromethorphan",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "low",
  applies = OFFER,
  when = [[ response.meaningful ]],
  text = "Oral dextromethorphan (0.5-1 mg/kg every 8 hours) can be tried in a responder instead of serial infusions.",
  source = { section = "Guideline Question 4; Table 6",
             quote = "other NMDA-receptor antagonists such as dextromethorphan (0.5–1 mg/kg every 8 hours) as follow-up therapy following IV infusions" },
  judgments = { AMB13, RESPONDERS },
}

rule {
  id = "asra2018.follow_on.intranasal_ketamine",
  category = "follow_on", action = "consider",
  grade = "B", certainty = "moderate",
  applies = OFFER,
  when = [[ response.meaningful ]],
  text = "Intranasal ketamine can be tried for breakthrough pain in a responder instead of serial infusions (1-5 sprays "
      .. "of 10 mg, (S)-ketamine 0.2-0.4 mg/kg, or 25 mg every 6 hours as needed); relief lasts only a few hours.",
  source = { section = "Guideline Question 4; Table 6",
             quote = "moderate evidence to support intranasal ketamine (1–5 sprays of ketamine 10 mg, 0.2–0.4 mg/kg (S)-ketamine, and single dose ketamine 25 mg every 6 hours as needed)" },
  judgments = { AMB13, RESPONDERS },
}

rule {
  id = "asra2018.follow_on.non_responder",
  category = "follow_on", action = "caution",
  grade = false, certainty = false,
  applies = FOLLOW,
  when = [[ not response.meaningful ]],
  text = "Follow-on treatment is offered to responders; the previous infusion did not give a meaningful response "
      .. "(at least 30% pain relief with satisfaction or an objective benefit), so benefit is less likely.",
  source = { section = "Table 6", quote = ROW },
  judgments = { RESPONDERS, { id = "AMB-13",
    note = "Table 6 offers follow-on treatment 'in responders'; it does not forbid it to others. A follow-on chosen for a "
        .. "patient without a meaningful response is a caution, not a stop.",
    quotes = { ROW } } },
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
  when = [[ history.abuse_active ]],
  text = "Active alcohol or other substance abuse: do not prescribe take-home ketamine.",
  source = { section = "Guideline Question 2; Guideline Question 4",
             quote = "Serial ketamine infusions should not be undertaken in patients with an active substance abuse problem" },
  judgment = { id = "AMB-23",
    note = "The guideline forbids serial infusions in active substance abuse and warns about community prescribing in "
        .. "a history of abuse; it does not address take-home ketamine in active abuse. Follow-on treatment replaces "
        .. "serial infusions, so the pack extends the stop to it. Active alcohol abuse counts (history.abuse_active).",
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
