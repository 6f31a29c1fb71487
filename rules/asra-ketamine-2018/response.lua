-- response.lua — Guideline Question 8 and Table 6 "Positive response" (grade C, low to
-- moderate certainty; Table 6 hyphenates it "low-to-moderate"). The response rules are
-- silent until some response data are given; the treatment-frequency rules apply to a
-- repeat IV infusion. The definition itself lives in derived facts (facts.lua):
--   response.meaningful = pain_reduction >= 30 % and (satisfied or ODI >= 12.8 points
--                         or opioid reduction >= 20 %)
--   response.lasting    = > 3 wk after a single outpatient infusion, > 6 wk after an
--                         inpatient infusion or a series
--   response.positive   = meaningful and lasting

local RESPONSE = [[ response.pain_before is known or response.pain_after is known
                    or response.course is known or response.relief_duration is known ]]
local DEFINITION = "we recommend that a positive outcome be considered as 30% pain relief or greater in conjunction with patient satisfaction and/or more objective indicators of meaningful benefit"
local DURATION = "greater than 3 weeks following a single outpatient infusion and greater than 6 weeks following an inpatient or series of infusions are a reasonable designation"
local CAP = "limiting these to no more than 6 to 12 treatments per year is reasonable, although deviations may be made in exceptional circumstances"

local AMB10 = { id = "AMB-10",
  note = "The narrative requires >= 30% pain relief together with satisfaction and/or an objective indicator (ODI, "
      .. "opioid use); Table 6 asks for objective measures in addition to satisfaction, with >= 30% as one example, "
      .. "which could count ODI plus satisfaction without 30% relief. The pack uses the stricter narrative reading "
      .. "(30% always required) and adds the narrative duration thresholds. The ODI 12.8 is read as index points, the "
      .. "minimum clinically important difference of the cited study (stricter than 12.8% of the baseline score).",
  quotes = { DEFINITION,
             "A positive response should include objective measures of benefit in addition to satisfaction such as",
             "such as a 12.8% improvement in Oswestry Disability Index score in a patient with back pain or a 20% or greater reduction in opioid use",
             "Minimum clinically important difference in lumbar spine surgery patients: a choice of methods using the Oswestry Disability Index" } }

rule {
  id = "asra2018.response.positive",
  category = "response", action = "info",
  grade = "C", certainty = "low to moderate",
  applies = RESPONSE,
  when = [[ response.positive ]],
  text = "A positive response: at least 30% pain relief with satisfaction or objective benefit, lasting more than "
      .. "3 weeks (single outpatient infusion) or 6 weeks (inpatient course or series).",
  source = { section = "Guideline Question 8; Table 6", quote = DEFINITION },
  judgment = AMB10,
}

rule {
  id = "asra2018.response.not_meaningful",
  category = "response", action = "caution",
  grade = "C", certainty = "low to moderate",
  applies = RESPONSE,
  when = [[ not response.meaningful ]],
  text = "Not a positive response: less than 30% pain relief, or no satisfaction and no objective benefit "
      .. "(Oswestry improvement of 12.8 points, or at least 20% less opioid).",
  source = { section = "Guideline Question 8; Table 6",
             quote = "such as a 12.8% improvement in Oswestry Disability Index score in a patient with back pain or a 20% or greater reduction in opioid use" },
  judgment = AMB10,
}

rule {
  id = "asra2018.response.too_short",
  category = "response", action = "caution",
  grade = "C", certainty = "low to moderate",
  applies = RESPONSE,
  when = [[ response.meaningful and not response.lasting ]],
  text = "The relief did not last long enough to count as a positive response (more than 3 weeks after a single "
      .. "outpatient infusion, more than 6 weeks after an inpatient infusion or a series).",
  source = { section = "Guideline Question 8", quote = DURATION },
  judgment = { id = "AMB-10",
    note = "The duration thresholds appear only in the narrative; a single inpatient multiday infusion falls under the "
        .. "6-week threshold ('inpatient or series'). Relief of exactly 3 or 6 weeks does not qualify ('greater than').",
    quotes = { DURATION } },
}

rule {
  id = "asra2018.response.series_tailored",
  category = "response", action = "info",
  grade = "C", certainty = "low to moderate",
  applies = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] ]],
  when = [[ plan.series ]],
  text = "Tailor a series of infusions to the patient's response; do not give it by rote.",
  source = { section = "Guideline Question 8",
             quote = "a consecutive “series” of infusions should not be administered by rote, but rather tailored to patient response" },
}

local AMB10_CAP = { id = "AMB-10",
  note = "The guideline does not define a 'treatment' (is a 10-day series one or ten?). The pack counts a course as one "
      .. "treatment: one outpatient infusion, one multiday inpatient infusion, or one consecutive series, the units whose "
      .. "response Question 8 judges ('following a single outpatient infusion', 'following an inpatient or series of "
      .. "infusions'); counting each day of a 10-day series would put the trials behind the grade B CRPS statement over "
      .. "the yearly limit in one course. 'No more than 6 to 12 treatments per year is reasonable, although deviations "
      .. "may be made in exceptional circumstances' names its own exception and is not worded as a prohibition: the "
      .. "7th to 12th treatment is within the range (information), the 13th and later a caution, never a stop.",
  quotes = { CAP, DURATION } }

rule {
  id = "asra2018.response.treatments_above_6",
  category = "response", action = "info",
  grade = "C", certainty = "low to moderate",
  applies = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] and not plan.first_infusion ]],
  when = [[ plan.treatments_past_year >= 6 and plan.treatments_past_year < 12 ]],
  text = "This would be the 7th to 12th ketamine treatment in 12 months: within the 6 to 12 a year the guideline "
      .. "considers reasonable, above its lower bound.",
  source = { section = "Guideline Question 8", quote = CAP },
  judgment = AMB10_CAP,
}

rule {
  id = "asra2018.response.treatments_above_12",
  category = "response", action = "caution",
  grade = "C", certainty = "low to moderate",
  applies = [[ plan.route in ["iv", "subcutaneous", "intramuscular"] and not plan.first_infusion ]],
  when = [[ plan.treatments_past_year >= 12 ]],
  text = "This would be more than 12 ketamine treatments in 12 months, beyond the 6 to 12 a year the guideline "
      .. "considers reasonable: go beyond it only in exceptional circumstances.",
  source = { section = "Guideline Question 8", quote = CAP },
  judgment = AMB10_CAP,
}
