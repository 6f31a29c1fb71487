-- indications.lua — what the review's randomized trials (Tables 1 and 2) and its conclusions say about each
-- chronic pain condition. Every statement is ungraded (the review grades none) and informs only (effect none):
-- the review reports trial results and concludes that ketamine is not yet a routine treatment; it recommends
-- no condition and advises against none.
--
-- Topic positions (indication.<condition>, shared with the other packs): "supported" where the review
-- tabulates at least one randomized trial reporting relief for the condition, whatever the route and however
-- short-lived (the text says which); "weak_or_no_evidence" where its trials are mixed or mostly negative
-- (PACK-RCT-POSITION in pack.lua).

local POSITION = { id = "PACK-RCT-POSITION",
  note = "The review grades no statement. The pack gives a condition the position 'supported' when the review "
      .. "tabulates at least one randomized trial reporting relief for it, by any route, and says in the text which "
      .. "route, dose and duration of relief; most of these trials gave short infusions whose effect the review "
      .. "finds dissipates rapidly. Conditions whose trials are mixed or mostly negative get 'weak_or_no_evidence'.",
  quotes = { "The majority of RCTs on intravenous ketamine published since 1992 indicate that when applying short-term infusions (< 4 h) chronic pain is reduced by about 50% irrespective of the dose given" } }

local AMB14 = { id = "AMB-14",
  note = "The sources disagree on condition-level evidence (the 2018 guideline grades most of these conditions D, "
      .. "weak or no evidence of immediate improvement). This pack states what this review reports, with its "
      .. "position, and leaves the comparison to the disagreement list; it does not translate between scales.",
  quotes = { "Most studies published on the effect of ketamine on chronic pain are open-label studies, case series or case reports." } }

-- every chronic pain condition of the vocabulary except cancer pain, which the review leaves out
local NON_CANCER_CODES = { "crps", "spinal_cord_injury", "mixed_neuropathic", "phantom_limb", "postherpetic_neuralgia",
                           "fibromyalgia", "ischemic", "migraine", "headache_other", "low_back", "central_poststroke",
                           "orofacial", "other" }
local NON_CANCER = '["' .. table.concat(NON_CANCER_CODES, '", "') .. '"] in pain.conditions'

rule {
  id = "noppers2010.indication.not_routine",
  category = "indication", action = "info",
  grade = false,
  when = NON_CANCER,
  text = "The review concludes that ketamine is not (yet) a routine treatment for chronic non-cancer pain: most "
      .. "trials are of poor to moderate quality, the long-term trials followed patients for no more than 3 months, "
      .. "and none showed a full effect on pain or any effect on function or quality of life; good-quality trials are "
      .. "needed before conclusions on efficacy.",
  source = { section = "The expert's opinion; Summary and conclusions",
             quote = "Despite these promising results ketamine is not (yet) viable as routine treatment for chronic pain." },
  judgment = { id = "PACK-POLICY",
    note = "The review's bottom line, shown for every chronic non-cancer pain condition. It words no stop, so the "
        .. "statement informs and does not change the disposition (the pack policy in pack.lua).",
    quotes = { "the quality of the majority of studies poor to moderate",
               "although the patients were not followed for > 3 months",
               "In none of the studies a full effect of ketamine on pain or any effect on function or quality of life has been detected",
               "Evidently, further RCTs of good quality are required before any conclusion may be drawn on the efficacy of ketamine" } },
}

rule {
  id = "noppers2010.indication.cancer_outside_scope",
  category = "indication", action = "info",
  grade = false,
  when = [[ "cancer" in pain.conditions ]],
  text = "Cancer pain lies outside this review, which covers chronic non-cancer pain; its findings were not drawn "
      .. "for cancer pain.",
  source = { section = "Introduction",
             quote = "Here we will discuss the use of low-dose ketamine in the treatment of chronic non-cancer pain" },
}

-- a condition's own note on its trials joins the general PACK-RCT-POSITION judgment (one judgment per id)
local function position_judgment(extra)
  if not extra then return POSITION end
  local quotes = {}
  for _, q in ipairs(POSITION.quotes) do quotes[#quotes + 1] = q end
  for _, q in ipairs(extra.quotes) do quotes[#quotes + 1] = q end
  return { id = POSITION.id, note = POSITION.note .. " " .. extra.note, quotes = quotes }
end

local function condition(name, codes, position, text, section, quote, extra)
  local js = { position_judgment(extra), AMB14 }
  rule {
    id = "noppers2010.indication." .. name,
    category = "indication", action = "info",
    grade = false,
    topic = "indication." .. name, position = position,
    when = codes,
    text = text,
    source = { section = section, quote = quote },
    judgments = js,
  }
end

condition("crps", [[ "crps" in pain.conditions ]], "supported",
  "CRPS: in randomized trials IV ketamine gave relief lasting up to 11-12 weeks (a 4.2-day continuous S(+)-ketamine "
    .. "infusion, mean 20 mg/h, a study the review considers good; daily 4-hour infusions for 10 days, a study "
    .. "criticized for early termination and small size). Function did not improve, relief faded slowly, and larger "
    .. "open-label responses suggest that much of the response is expectancy-related.",
  "Table 1; Randomized clinical trials on long-term intravenous infusion: 2009-2010",
  "KET caused analgesic effects lasting up to 11 weeks",
  { id = "PACK-RCT-POSITION",
    note = "The review calls the continuous-infusion trial qualitatively good but cites critiques of both CRPS trials "
        .. "(no improvement of function, cost of in-house treatment; early termination, small sample) and an "
        .. "expectancy component; the text carries them so that 'supported' is not read as more than it is.",
    quotes = { "Over the 12-week duration of the study ketamine modulated the course of chronic pain more favorably than placebo",
               "This study was criticized for reasons of early termination, small sample size, and relatively limited analgesic effect.",
               "points of critique include the absence of improvement of function and the cost of the intensive and long-term in-house treatment",
               "This suggests that a large part of the responses seen in this patient group is expectancy-related." } })

condition("spinal_cord_injury", [[ "spinal_cord_injury" in pain.conditions ]], "supported",
  "Spinal cord injury pain: randomized trials found relief during short IV infusions (about 40%) and, in a study the "
    .. "review considers good (80 mg over 5 hours daily for a week, with gabapentin), relief in the 2 weeks after "
    .. "treatment but no difference from placebo after that.",
  "Table 1; Randomized clinical trials on long-term intravenous infusion: 2009-2010",
  "Ketamine caused effective analgesia in weeks 1 and 2 following treatment",
  { id = "PACK-RCT-POSITION",
    note = "Amr 2010 (the good study) and two short-infusion trials (Eide 1995, Kvarnström 2004) are the review's "
        .. "spinal cord injury evidence.",
    quotes = { "Thereafter, there were no more differences between treatment groups in pain scores",
               "Pain relief by KET of 40% (and alfentanil of 20%)" } })

condition("mixed_neuropathic", [[ "mixed_neuropathic" in pain.conditions ]], "supported",
  "Neuropathic pain (peripheral, nerve injury or mixed): short randomized IV trials found pain reductions of about "
    .. "50% (for example 55% and 57%) during or shortly after the infusion, mostly lasting hours; topical ketamine "
    .. "was no better than placebo.",
  "Table 1; Table 2",
  "KET produced a 57% reduction of pain and 33% reduction of area of allodynia",
  { id = "PACK-RCT-POSITION",
    note = "The review's neuropathic trials (peripheral, nerve injury, posttraumatic, mixed central and peripheral) "
        .. "map to mixed_neuropathic. Their relief was measured during or hours after short infusions.",
    quotes = { "KET caused a 55% reduction in VAS vs 34% and 22% for lidocaine and PLCB (P = 0.009)",
               "5/6 patients had pain relief lasting 2-3 h, 1 had 2 weeks effect; 1 patient showed no effect",
               "Effects no larger than PLCB" } })

condition("phantom_limb", [[ "phantom_limb" in pain.conditions ]], "supported",
  "Phantom limb pain: one small randomized trial of a short IV infusion (0.1 mg/kg, then 7 ug/kg/min for up to 45 "
    .. "minutes) reduced stump and phantom pain by 100%; the review finds that the effect of short infusions "
    .. "dissipates rapidly once they end.",
  "Table 1", "KET reduced stump and phantom pain by 100%")

condition("postherpetic_neuralgia", [[ "postherpetic_neuralgia" in pain.conditions ]], "supported",
  "Postherpetic neuralgia: one small randomized trial found relief from a single 0.15 mg/kg IV injection, and none "
    .. "from morphine or placebo; the review finds that the effect of short infusions dissipates rapidly once they end.",
  "Table 1", "Pain relief by KET (but not morphine or placebo)")

condition("fibromyalgia", [[ "fibromyalgia" in pain.conditions ]], "supported",
  "Fibromyalgia: two randomized trials of 0.3 mg/kg IV over 30 minutes found relief of more than 50% in 17 of 29 "
    .. "patients and, in the other, 8 responders and 8 non-responders, the responders' effect lasting 1-5 days.",
  "Table 1", "17/29 patients showed pain relief > 50%",
  { id = "PACK-RCT-POSITION",
    note = "Graven-Nielsen 2000 and Sörensen 1997 are the review's fibromyalgia trials.",
    quotes = { "KET responders = 8, non responders = 8. Effect in responders 1-5 days" } })

condition("ischemic", [[ "ischemic" in pain.conditions ]], "supported",
  "Ischemic limb pain: randomized trials found a dose-dependent effect of IV boluses (greater than morphine at the "
    .. "higher doses), and "
    .. "relief of 65% and 69% one and five days after 0.6 mg/kg infused over 4 hours, with better activity and "
    .. "quality of life.",
  "Table 1",
  "Improved pain relief by KET of 65% 1 day post-treatment and 69% 5 days post-treatment",
  { id = "PACK-RCT-POSITION",
    note = "Mitchell 2002 (critical limb ischaemia) and Persson 1998 (arteriosclerosis of the lower extremities).",
    quotes = { "Dose dependent analgesic effect from KET with greater effect than morphine at 0.3 and 0.45 mg/kg",
               "Also significant effects on general activity and quality of life" } })

condition("migraine", [[ "migraine" in pain.conditions ]], "supported",
  "Migraine: in one randomized trial an IV infusion of 0.15-1 mg/kg per 24 hours for 2 weeks made chronic migraine "
    .. "episodic in 76 of 81 patients, with less use of co-analgesics.",
  "Table 1",
  "Chronic migraine became episodic in 76/81 patients with a reduction of intake of co-analgesics")

condition("low_back", [[ "low_back" in pain.conditions ]], "supported",
  "Low-back pain: the review's only trial is a small 1992 randomized study of intraligamentous injection (0.25 mg/kg "
    .. "ketamine against 2% lidocaine) in whiplash, post-discectomy and chronic back pain: pain fell from 8 to 2 with "
    .. "better function. The review has no trial of IV ketamine in low-back pain.",
  "Table 2",
  "VAS reduced from 8 to 2 after KET with increased functionality (no effect of lidocaine)",
  { id = "PACK-RCT-POSITION",
    note = "The position rests on one randomized trial of a local (intraligamentous) injection, not an infusion; "
        .. "the text names the route so that a reader comparing it with statements about IV infusions sees the "
        .. "difference.",
    quotes = { "Intraligamentous. injection with 0.25 mg/kg ketamine vs 2% lidocaine" } })

condition("orofacial", [[ "orofacial" in pain.conditions ]], "weak_or_no_evidence",
  "Orofacial pain: randomized trials were mixed: intra-articular ketamine had no effect in temporomandibular joint "
    .. "arthralgia, masseter injections did not relieve myofascial temporomandibular pain, and in trigeminal "
    .. "neuropathic pain an IM injection helped some patients (more than 12 hours in 8 of 26).",
  "Table 2", "No effect on pain or somatosensory end-points",
  { id = "PACK-RCT-POSITION",
    note = "Two of the three orofacial trials were negative and the third helped a minority, so the pack gives "
        .. "'weak_or_no_evidence' rather than 'supported'.",
    quotes = { "No relief of spontaneous pain", "Study A. KET: 9/26 no effect; 9/26 effect 1 h; 8/26 effect > 12 h." } })
