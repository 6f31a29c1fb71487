-- indications.lua — the review's evidence per condition (abstract and "Clinical Studies") and
-- its place for ketamine ("third line"). Each condition rule carries the level the review
-- attaches to its main evidence for that condition; where the review gives a different level
-- for another route, a route rule (info) says so when that route is planned.
--
-- Mapping (HOCKING-INDICATION-MAP, in pack.lua): level II evidence of relief -> action consider,
-- topic position "supported"; level IV only -> action caution, position "weak_or_no_evidence";
-- route rules -> info. Conditions the review does not assess get an ungraded info and no position.

local MAP = { id = "HOCKING-INDICATION-MAP",
  note = "The review grades evidence, not recommendations, and calls even its level II evidence borderline "
      .. "(very small trials). The pack maps a condition with level II evidence of relief to 'consider' "
      .. "(position 'supported': an RCT-level statement of relief) and a condition with only level IV evidence "
      .. "to 'caution' (position 'weak_or_no_evidence'). The level is the one the review attaches to the "
      .. "condition's main evidence; lower levels for other routes are separate route rules.",
  quotes = { "there is only a small amount of level II evidence, all of which is borderline because of very small numbers of patients",
             "the evidence for efficacy of ketamine for treatment of chronic pain is moderate to weak" } }

local AMB21 = { id = "AMB-21",
  note = "The abstract says 'level II and level II studies' for phantom limb pain and postherpetic neuralgia; the "
      .. "body gives one level II study for each, then level III and level IV reports. The pack takes the levels from "
      .. "the body: level II for the (IV) trial, level III for the subcutaneous study or series, level IV for oral use.",
  quotes = { "For phantom limb pain and postherpetic neuralgia, level II and level II studies provided objective evidence of reduced hyperpathia" } }

local AMB14 = { id = "AMB-14",
  note = "The sources disagree on the evidence per condition; this pack states the review's own level and position "
      .. "(the review searched the literature to August 2002, before the later trials), and the topic lets a reader "
      .. "see another pack's differing statement side by side. Nothing is resolved silently.",
  quotes = { "Literature referenced in this review was obtained from a computer search of EMBASE and MEDLINE from 1966 through August, 2002." } }

local ROUTE = { id = "HOCKING-ROUTE",
  note = "The review distinguishes routes only for some conditions. Where it does, the condition rule carries the "
      .. "level of the main (parenteral) evidence and a route rule (info, no effect) states the level for the "
      .. "planned route; where it does not, the condition rule holds for any route. Route rules never ask for the "
      .. "route: they speak only once the plan names it.",
  quotes = { "For central pain, there is level II and level IV evidence of efficacy for parenteral and oral ketamine." } }

-- a route that is known to be the given one (never unknown: route rules are information only)
local function route_is(codes) return "plan.route is known and plan.route in " .. codes end
local ORAL = "hocking2003.oral"

---------------------------------------------------------------- place in therapy

local THIRD_LINE = { id = "HOCKING-NO-STOP",
  note = "The review places ketamine after standard first- and second-line drugs but words no prohibition: a "
      .. "patient whose standard options have not failed gets a caution, not a stop.",
  quotes = { "When first and second-line drugs such as opioids, anticonvulsants, or antidepressants fail to provide satisfactory analgesia for the patient with chronic pain, third-line drugs such as ketamine may provide a suitable option." } }

rule {
  id = "hocking2003.indication.third_line",
  category = "indication", action = "consider",
  grade = false,
  topic = "indication.line_of_therapy", position = "third_line",
  when = [[ pain.refractory ]],
  text = "Standard first- and second-line analgesics have failed: ketamine is a reasonable third-line option, and a "
      .. "trial is probably warranted for severe, incapacitating chronic pain.",
  source = { section = "Abstract; Summary",
             quote = "in situations where standard analgesic options have failed ketamine is a reasonable \"third line\" option" },
  judgment = { id = "HOCKING-THIRD-LINE",
    note = "'Refractory to other first- and second-line pharmacological therapies' is read as pain.refractory. The "
        .. "review also asks that the pain be severe and incapacitating; no fact records that, so the text says it.",
    quotes = { "a trial of ketamine is probably warranted for the patient with severe chronic pain that is incapacitating and refractory to other first- and second-line pharmacological therapies" } },
}

rule {
  id = "hocking2003.indication.not_refractory",
  category = "indication", action = "caution",
  grade = false,
  topic = "indication.line_of_therapy", position = "third_line",
  when = [[ not pain.refractory ]],
  text = "Ketamine is a third-line drug, for when first- and second-line drugs (such as opioids, anticonvulsants or "
      .. "antidepressants) fail to give satisfactory analgesia; they have not failed for this patient.",
  source = { section = "Introduction",
             quote = "When first and second-line drugs such as opioids, anticonvulsants, or antidepressants fail to provide satisfactory analgesia for the patient with chronic pain, third-line drugs such as ketamine may provide a suitable option." },
  judgment = THIRD_LINE,
}

rule {
  id = "hocking2003.indication.temporary_measure",
  category = "indication", action = "info",
  grade = false,
  when = "(plan.series is known and plan.series) or " .. ORAL,
  text = "Apart from a few cases of complete resolution, ketamine generally does not give a long-term solution: "
      .. "regard a series or an oral regimen as a temporary measure while other treatment options are considered.",
  source = { section = "Summary",
             quote = "this generally does not provide a long-term solution and should therefore be regarded as a temporary measure while other treatment options are considered" },
}

---------------------------------------------------------------- central pain

rule {
  id = "hocking2003.indication.spinal_cord_injury",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.spinal_cord_injury", position = "supported",
  when = [[ "spinal_cord_injury" in pain.conditions ]],
  text = "Central pain after spinal cord injury: level II evidence (one randomized trial in 9 patients) that ketamine "
      .. "reduces continuous and evoked pain, at the expense of only modest side effects.",
  source = { section = "Clinical Studies: Central Pain",
             quote = "The effectiveness of both parenteral and oral ketamine was studied in nine patients with central dysesthesia pain after spinal cord injury (level II)" },
  judgments = { MAP, ROUTE },
}

rule {
  id = "hocking2003.indication.central_poststroke",
  category = "indication", action = "caution",
  grade = "IV",
  topic = "indication.central_poststroke", position = "weak_or_no_evidence",
  when = [[ "central_poststroke" in pain.conditions ]],
  text = "Central post-stroke pain: only level IV evidence (one case report: IV ketamine to effect after midazolam, "
      .. "then oral dosing, with sustained relief at 9 months).",
  source = { section = "Clinical Studies: Central Pain",
             quote = "A further case describes central poststroke pain after subarachnoid hemorrhage (level IV)" },
  judgments = { MAP, ROUTE },
}

---------------------------------------------------------------- CRPS

rule {
  id = "hocking2003.indication.crps",
  category = "indication", action = "caution",
  grade = "IV",
  topic = "indication.crps", position = "weak_or_no_evidence",
  when = [[ "crps" in pain.conditions ]],
  text = "CRPS: only level IV evidence of efficacy (two case reports, three patients), all with epidural ketamine, "
      .. "two of them with intensive rehabilitation that may explain part of the result; in the one patient also given "
      .. "IV ketamine it was ineffective.",
  source = { section = "Abstract; Clinical Studies: Complex Regional Pain Syndromes",
             quote = "For complex regional pain syndromes, there is only level IV evidence of efficacy of epidural ketamine." },
  judgments = { MAP, AMB14,
    { id = "HOCKING-CRPS-REHAB",
      note = "The review doubts its own CRPS evidence: two of the three patients also had intensive rehabilitation; "
          .. "and its table records that IV ketamine was ineffective in the third before epidural ketamine worked. The "
          .. "text says both; the level stays IV as stated, and holds for any route (no route has better evidence here).",
      quotes = { "the other two underwent \"intensive rehabilitation\" that could have, at least partly, explained the observed results",
                 "K 0.3 mg/kg IV ineffective and produced SE." } } },
}

rule {
  id = "hocking2003.indication.crps_epidural",
  category = "indication", action = "info",
  grade = "IV",
  when = [[ "crps" in pain.conditions and ]] .. route_is([[ ["epidural"] ]]),
  text = "Epidural ketamine for CRPS has been reported effective at 20-30 mg/day.",
  source = { section = "Discussion",
             quote = "Epidural administration has been reported as effective in complex regional pain syndrome with a dose of 20–30 mg/day (level IV)." },
  judgment = ROUTE,
}

---------------------------------------------------------------- fibromyalgia, ischemic pain

rule {
  id = "hocking2003.indication.fibromyalgia",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.fibromyalgia", position = "supported",
  when = [[ "fibromyalgia" in pain.conditions ]],
  text = "Fibromyalgia: level II evidence (two randomized trials, IV ketamine 0.3 mg/kg over 30 minutes) of pain "
      .. "relief, reduced tenderness at trigger points and increased endurance.",
  source = { section = "Abstract; Clinical Studies: Fibromyalgia",
             quote = "For fibromyalgia, there is level II evidence of pain relief, reduced tenderness at trigger points, and increased endurance." },
  judgments = { MAP, AMB14 },
}

rule {
  id = "hocking2003.indication.ischemic",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.ischemic", position = "supported",
  when = [[ "ischemic" in pain.conditions ]],
  text = "Ischemic pain: a level II study (8 patients with rest pain, IV ketamine against morphine) reported a potent "
      .. "dose-dependent analgesic effect, but with a narrow therapeutic window and no placebo control.",
  source = { section = "Abstract; Clinical Studies: Ischemic Pain",
             quote = "For ischemic pain, a level II study reported a potent dose-dependent analgesic effect, but with a narrow therapeutic window." },
  judgments = { MAP, AMB14,
    { id = "HOCKING-ISCHEMIC",
      note = "The one study compared ketamine with morphine without a placebo; the review asks for caution in reading "
          .. "it. The pack keeps level II (as stated) and says so in the text.",
      quotes = { "this should be interpreted with caution because control experiments with a placebo were not performed" } } },
}

---------------------------------------------------------------- nonspecific neuropathic pain

rule {
  id = "hocking2003.indication.mixed_neuropathic",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.mixed_neuropathic", position = "supported",
  when = [[ "mixed_neuropathic" in pain.conditions ]],
  text = "Nonspecific neuropathic pain: three small placebo-controlled trials of IV ketamine (level II) showed a "
      .. "significant reduction in hyperalgesia and allodynia, with less effect on continuous background pain; "
      .. "results diverge and long-term effects are questionable.",
  source = { section = "Clinical Studies: Nonspecific Pain of Neuropathic Origin",
             quote = "Three double-blinded, placebo-controlled studies (level II) (16-18) showed a significant reduction in hyperalgesia and allodynia although the effect on continuous background pain was less marked." },
  judgments = { MAP,
    { id = "HOCKING-NEUROPATHIC",
      note = "The abstract calls the results divergent ('level II and level IV studies'). The level II trials "
          .. "(parenteral) report relief, so the position is 'supported'; the less favourable oral reports are "
          .. "separate route rules (mixed_neuropathic_oral_trial, level II; mixed_neuropathic_oral_series, level IV).",
      quotes = { "For nonspecific neuropathic pain, level II and level IV studies reported divergent results with questionable long-term effects on pain." } } },
}

rule {
  id = "hocking2003.indication.mixed_neuropathic_oral_trial",
  category = "indication", action = "info",
  grade = "II",
  when = [[ "mixed_neuropathic" in pain.conditions and ]] .. ORAL,
  text = "Oral ketamine for neuropathic pain: in a level II study (responders found by oral titration, then n-of-1 "
      .. "trials), only 9 of 21 patients benefited enough to enter the trial and 2 continued oral ketamine after it.",
  source = { section = "Clinical Studies: Nonspecific Pain of Neuropathic Origin",
             quote = "A further study (level II) (21) determined ketamine responders by titration of oral ketamine." },
  judgment = ROUTE,
}

rule {
  id = "hocking2003.indication.mixed_neuropathic_oral_series",
  category = "indication", action = "info",
  grade = "IV",
  when = [[ "mixed_neuropathic" in pain.conditions and ]] .. ORAL,
  text = "Oral ketamine for neuropathic pain: in a level IV case series of 21 patients only 4 continued for over a "
      .. "year, and even they stopped because of side effects and minimal benefit.",
  source = { section = "Clinical Studies: Nonspecific Pain of Neuropathic Origin",
             quote = "A case series, however, presented less favorable data (level IV)" },
  judgment = ROUTE,
}

---------------------------------------------------------------- phantom limb pain

rule {
  id = "hocking2003.indication.phantom_limb",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.phantom_limb", position = "supported",
  when = [[ "phantom_limb" in pain.conditions ]],
  text = "Phantom limb and stump pain: a level II trial of IV ketamine (11 patients) reported less stump and phantom "
      .. "pain and reduced hyperpathia; side effects were seen in 9 of the 11.",
  source = { section = "Clinical Studies: Phantom/Stump Pain",
             quote = "A study of IV ketamine in 11 patients (level II) (28) reported a decrease in stump and phantom pain" },
  judgments = { MAP, AMB21 },
}

rule {
  id = "hocking2003.indication.phantom_limb_subcutaneous",
  category = "indication", action = "info",
  grade = "III",
  when = [[ "phantom_limb" in pain.conditions and ]] .. route_is([[ ["subcutaneous"] ]]),
  text = "Subcutaneous ketamine for phantom limb pain: a level III case series (IV dose, then a subcutaneous infusion "
      .. "at home) supports it, but it was unblinded, which may have enhanced the placebo response.",
  source = { section = "Clinical Studies: Phantom/Stump Pain",
             quote = "These results are supported by a case series (level III)" },
  judgments = { AMB21, ROUTE },
}

rule {
  id = "hocking2003.indication.phantom_limb_oral",
  category = "indication", action = "info",
  grade = "IV",
  when = [[ "phantom_limb" in pain.conditions and ]] .. ORAL,
  text = "Oral ketamine for phantom pain: supported only at level IV (other researchers' reports, and a case report "
      .. "of complete relief of stump pain).",
  source = { section = "Clinical Studies: Phantom/Stump Pain",
             quote = "The use of oral ketamine to control phantom pain is supported by other researchers (level IV)" },
  judgments = { AMB21, ROUTE },
}

---------------------------------------------------------------- postherpetic neuralgia

rule {
  id = "hocking2003.indication.postherpetic_neuralgia",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.postherpetic_neuralgia", position = "supported",
  when = [[ "postherpetic_neuralgia" in pain.conditions ]],
  text = "Postherpetic neuralgia: a level II trial (8 patients, IV ketamine against morphine and placebo) found "
      .. "significant pain relief and less allodynia and hyperpathia, but side effects in every patient.",
  source = { section = "Clinical Studies: Postherpetic Neuralgia",
             quote = "One study (level II) (32) compared ketamine, morphine, and placebo in eight patients with postherpetic neuralgia" },
  judgments = { MAP, AMB21 },
}

rule {
  id = "hocking2003.indication.postherpetic_neuralgia_subcutaneous",
  category = "indication", action = "info",
  grade = "III",
  when = [[ "postherpetic_neuralgia" in pain.conditions and ]] .. route_is([[ ["subcutaneous"] ]]),
  text = "Subcutaneous ketamine for postherpetic neuralgia: a level III open study (5 responders, 0.05-0.15 mg/kg/h "
      .. "for a week at each rate) found relief, most marked at the largest dose; injection-site induration was common.",
  source = { section = "Clinical Studies: Postherpetic Neuralgia",
             quote = "The same authors go on to describe 5 patients from this article in an open prospective study of SC ketamine administration (level III)" },
  judgments = { AMB21, ROUTE },
}

rule {
  id = "hocking2003.indication.postherpetic_neuralgia_oral",
  category = "indication", action = "info",
  grade = "IV",
  when = [[ "postherpetic_neuralgia" in pain.conditions and ]] .. ORAL,
  text = "Oral ketamine for postherpetic neuralgia: level IV only (case reports, one with complete resolution at up "
      .. "to 1000 mg/day orally, which may also reflect the natural history of the disease).",
  source = { section = "Clinical Studies: Postherpetic Neuralgia",
             quote = "One case report (level IV) (34) described complete resolution of ophthalmic postherpetic neuralgia after ketamine administration at doses up to 1000 mg/day PO." },
  judgments = { AMB21, ROUTE },
}

---------------------------------------------------------------- orofacial pain

rule {
  id = "hocking2003.indication.orofacial",
  category = "indication", action = "consider",
  grade = "II",
  topic = "indication.orofacial", position = "supported",
  when = [[ "orofacial" in pain.conditions ]],
  text = "Orofacial pain: level II evidence from a crossover trial in secondary trigeminal neuralgia (IM ketamine "
      .. "gave 8 of 30 patients prolonged relief) and an n-of-1 trial of oral ketamine in glossopharyngeal neuralgia.",
  source = { section = "Clinical Studies: Orofacial Pain",
             quote = "Ketamine has been compared to pethidine or placebo in 30 patients with secondary trigeminal neuralgia (level II)" },
  judgments = { MAP, ROUTE },
}

---------------------------------------------------------------- acute on chronic neuropathic pain

rule {
  id = "hocking2003.indication.acute_on_chronic",
  category = "indication", action = "consider",
  grade = "IV",
  when = [[ pain.acute_on_chronic ]],
  applies = [[ pain.acute_on_chronic is known ]],
  text = "Severe acute-on-chronic neuropathic pain is the most frequent use of ketamine as a third-line analgesic, "
      .. "often by IV or subcutaneous infusion; case reports show less hyperalgesia and falling opioid needs.",
  source = { section = "Abstract; Clinical Studies: Acute on Chronic Neuropathic Pain",
             quote = "often by IV or subcutaneous infusion (level IV)" },
  judgment = { id = "HOCKING-ACUTE-ON-CHRONIC",
    note = "Level IV evidence only, yet 'consider' and not a caution like the other level IV indications: the review's "
        .. "own suggested approach (item 6) endorses a continuous infusion for these episodes. The rule speaks only "
        .. "once the episode is recorded (it changes no disposition); the dosing rules ask for it when it matters.",
    quotes = { "with (level IV) evidence of decreased hyperalgesia and progressive reduction in morphine or other opioid requirements" } },
}

---------------------------------------------------------------- symptoms, and conditions the review does not assess

rule {
  id = "hocking2003.indication.hyperalgesia_predominant",
  category = "indication", action = "consider",
  grade = "II",
  applies = [[ pain.hyperalgesia_predominant is known ]],
  when = [[ pain.hyperalgesia_predominant ]],
  text = "Allodynia, hyperalgesia or hyperpathia predominates: ketamine seems most effective against these symptoms "
      .. "rather than as a traditional analgesic, so this patient may be more likely to benefit.",
  source = { section = "Discussion",
             quote = "ketamine may be used most effectively to reduce the symptoms of allodynia, hyperalgesia, and hyperpathia rather than acting as a traditional analgesic (level II)" },
  judgment = { id = "HOCKING-LEVEL-SCOPE",
    note = "The level II attaches to the sentence on which symptoms respond; the next sentence (these patients 'may be "
        .. "more likely to benefit') is the review's inference from it, stated in the text, not a separate graded claim.",
    quotes = { "Thus, patients in whom this is a predominant feature may be more likely to benefit." } },
}

rule {
  id = "hocking2003.indication.not_assessed",
  category = "indication", action = "info",
  grade = false,
  when = [[ ["cancer", "migraine", "headache_other", "low_back", "other"] in pain.conditions ]],
  text = "The review does not assess ketamine for this condition (cancer pain, migraine or other headache, low-back "
      .. "or other pain); it suggests that the symptoms may matter more than the exact diagnosis.",
  source = { section = "Methods",
             quote = "However, it is possible that considering symptomatology rather than the exact diagnosis may be more relevant in the chronic pain population." },
  judgment = { id = "HOCKING-NOT-ASSESSED",
    note = "Silence is not evidence against: these conditions get no topic position (not 'weak_or_no_evidence'), so "
        .. "they never appear as a disagreement with a pack that grades them.",
    quotes = { "Thus, patients with pain conditions including nociceptive and/or neuropathic mechanisms may benefit." } },
}
