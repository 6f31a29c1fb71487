-- indications.lua — Guideline Question 1: which conditions (Table 6 "Indications").
-- Grade D ("weak or no evidence") is rendered as action not_supported with a caution
-- effect, not as a stop: 004 uses D for weak evidence of immediate benefit, not for a
-- finding of harm (AMB-12). Conditions 004 does not grade get an ungraded statement.

local AMB11 = { id = "AMB-11",
  note = "The narrative grade-D list (mixed neuropathic pain, PLP, PHN, fibromyalgia, cancer, ischemic, "
      .. "migraine headache, low-back pain) and Table 6 (which omits PLP and PHN and says 'headache' and "
      .. "'spinal pain') differ. The pack applies grade D, low certainty to the union of both lists; "
      .. "'headache' (Table 6) covers headache_other, 'spinal pain' and 'low-back pain' map to low_back. "
      .. "Conditions neither list names (central post-stroke, orofacial, other) stay ungraded.",
  quotes = { "For mixed neuropathic pain, PLP, PHN, fibromyalgia, cancer pain, ischemic pain, migraine headache, and low-back pain, there was weak or no evidence",
             "For other pain conditions such as mixed neuropathic pain, fibromyalgia, cancer pain, ischemic pain, headache, and spinal pain, there is weak or no evidence for immediate improvement" } }

local AMB12 = { id = "AMB-12",
  note = "The guideline uses grade D for 'weak or no evidence' of immediate benefit; in USPSTF terms D means "
      .. "'recommend against'. The pack renders it as not_supported (proceed with caution), not as a "
      .. "contraindication, and keeps the grade and certainty exactly as stated (D, low).",
  quotes = { "supporting ketamine infusions for immediate improvements in pain (grade D, low level of certainty)" } }

rule {
  id = "asra2018.indication.crps",
  category = "indication", action = "recommend",
  grade = "B", certainty = "low to moderate",
  topic = "indication.crps", position = "supported",
  when = [[ "crps" in pain.conditions ]],
  text = "CRPS: moderate evidence supports ketamine infusions for pain relief lasting up to 12 weeks "
      .. "(trial regimens 22 mg/h for 4 days, or 0.35 mg/kg/h over 4 hours daily for 10 days).",
  source = { section = "Guideline Question 1; Table 6",
             quote = "to provide improvements in pain for up to 12 weeks (grade B recommendation, low to moderate level of certainty)" },
}

rule {
  id = "asra2018.indication.spinal_cord_injury",
  category = "indication", action = "consider",
  grade = "C", certainty = "low",
  topic = "indication.spinal_cord_injury", position = "supported",
  when = [[ "spinal_cord_injury" in pain.conditions ]],
  text = "Spinal cord injury pain: weak evidence supports ketamine infusions for short-term pain relief only.",
  source = { section = "Guideline Question 1; Table 6",
             quote = "For spinal cord injury pain, there is weak evidence to support short-term improvement" },
  judgment = { id = "AMB-15",
    note = "The summary gives the SCI regimens as '0.42 mg/kg per hour', a slip for 6 ug/kg/min (= 0.36 mg/kg/h, "
        .. "as the guideline states elsewhere). The pack states no SCI-specific rate; rates are checked only in mg/kg/h "
        .. "against the Table 6 range.",
    quotes = { "0.06-mg/kg bolus followed by 0.36 mg/kg per hour" } },
}

local function grade_d(name, codes, label, section, quote, extra)
  local js = { AMB11, AMB12 }
  if extra then js[#js + 1] = extra end
  rule {
    id = "asra2018.indication." .. name,
    category = "indication", action = "not_supported",
    grade = "D", certainty = "low",
    -- the other packs' topic for headache is migraine, the condition they assess
    topic = "indication." .. (name == "headache" and "migraine" or name), position = "weak_or_no_evidence",
    when = codes,
    text = label .. ": weak or no evidence supports ketamine infusions even for immediate pain relief, "
        .. "and none for intermediate or long-term relief.",
    source = { section = section, quote = quote },
    judgments = js,
  }
end

local TEXT_LIST = "For mixed neuropathic pain, PLP, PHN, fibromyalgia, cancer pain, ischemic pain, migraine headache, and low-back pain, there was weak or no evidence"
local TABLE_LIST = "For other pain conditions such as mixed neuropathic pain, fibromyalgia, cancer pain, ischemic pain, headache, and spinal pain, there is weak or no evidence for immediate improvement"

grade_d("mixed_neuropathic", [[ "mixed_neuropathic" in pain.conditions ]], "Mixed neuropathic pain",
        "Guideline Question 1; Table 6", TABLE_LIST)
grade_d("phantom_limb", [[ "phantom_limb" in pain.conditions ]], "Phantom limb pain",
        "Guideline Question 1", TEXT_LIST)
grade_d("postherpetic_neuralgia", [[ "postherpetic_neuralgia" in pain.conditions ]], "Postherpetic neuralgia",
        "Guideline Question 1", TEXT_LIST)
grade_d("fibromyalgia", [[ "fibromyalgia" in pain.conditions ]], "Fibromyalgia",
        "Guideline Question 1; Table 6", TABLE_LIST)
grade_d("cancer", [[ "cancer" in pain.conditions ]], "Cancer pain",
        "Guideline Question 1; Table 6", TABLE_LIST)
grade_d("ischemic", [[ "ischemic" in pain.conditions ]], "Ischemic pain",
        "Guideline Question 1; Table 6", TABLE_LIST)
grade_d("headache", [[ ["migraine", "headache_other"] in pain.conditions ]], "Migraine and other headache",
        "Guideline Question 1; Table 6", TEXT_LIST)
grade_d("low_back", [[ "low_back" in pain.conditions ]], "Low-back (spinal) pain",
        "Guideline Question 1; Table 6",
        "For chronic low-back pain, the evidence supporting IV ketamine is purely anecdotal")

rule {
  id = "asra2018.indication.ungraded_condition",
  category = "indication", action = "info",
  grade = false, certainty = false,
  effect = "caution",
  when = [[ ["central_poststroke", "orofacial", "other"] in pain.conditions ]],
  text = "The guideline does not grade ketamine infusions for this condition (e.g. central post-stroke or "
      .. "orofacial pain); dosing may be extrapolated from studied conditions, but benefit is unestablished.",
  source = { section = "Conclusions",
             quote = "one could reasonably extrapolate ketamine dosing schemes for a condition that has been adequately investigated to another condition that has not been well researched" },
  judgment = AMB11,
}

rule {
  id = "asra2018.indication.no_long_term_evidence",
  category = "indication", action = "info",
  grade = false, certainty = false,
  when = [[ pain.conditions is known and not ("crps" in pain.conditions) ]],
  text = "Apart from CRPS, no evidence supports ketamine infusions for intermediate or long-term pain relief.",
  source = { section = "Guideline Question 1",
             quote = "Excluding CRPS, there was no evidence supporting ketamine infusions for intermediate or long-term improvements in pain." },
}

rule {
  id = "asra2018.indication.not_refractory",
  category = "indication", action = "caution",
  grade = false, certainty = false,
  when = [[ not pain.refractory ]],
  text = "The evidence comes from patients refractory to conventional treatment; standard first- and "
      .. "second-line therapies have not yet failed for this patient.",
  source = { section = "Guideline Question 8",
             quote = "Studies evaluating ketamine for chronic pain have generally enrolled patients refractory to conventional treatments" },
}
