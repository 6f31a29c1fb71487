-- indications.lua — the chronic pain conditions of the article's "Summary of Evidence on Ketamine
-- Analgesia" box (levels II and III) and of its narrative sections (ungraded), one rule per condition code of
-- pain.conditions. Every rule informs (action info, effect none) except postherpetic neuralgia, for which the
-- article reports a systematic review finding intravenous ketamine ineffective (not_supported, caution).
-- The article recommends no treatment for any condition: it ends by saying that prescribing "in a rational,
-- evidence-based manner will require large, high-quality studies". Each rule carries the topic
-- indication.<condition> with the article's position (PCU-LEVEL-POSITION in pack.lua).

local BOX = "Summary of Evidence on Ketamine Analgesia"
local LEVEL_II_LIST = "Ketamine reduces lower-limb ischemic rest pain, peripheral neuropathic pain, and spinal cord injury pain."

local LEVEL_POSITION = { id = "PCU-LEVEL-POSITION",
  note = "The level is the article's, unchanged. For comparing packs, a level II statement (at least one properly "
      .. "designed RCT) that ketamine reduces or improves the condition is the position 'supported'; a level III "
      .. "statement (nonrandomized controlled trials) worded 'may', and a narrative statement without a level "
      .. "('may respond', 'limited data', a case report), are 'weak_or_no_evidence'; a reported finding that ketamine "
      .. "was ineffective is 'against'.",
  quotes = { "Level II (Evidence obtained from at least one properly designed RCT)",
             "Level III (Evidence obtained from nonrandomized controlled trials)",
             "solid data are sparse concerning its use for chronic noncancer and cancer pain" } }

local function amb14(cond, asra)
  return { id = "AMB-14",
    note = "The sources disagree on " .. cond .. ": the 2018 ASRA/AAPM/ASA guideline " .. asra .. ". This pack keeps the "
        .. "article's own level; when both packs are evaluated, the disagreement is listed, not resolved.",
    quotes = { "Depending upon the setting and the study design, some papers describe significant benefit and almost as many report limited or no efficacy." } }
end
local ASRA_D = "grades it D (weak or no evidence for immediate improvement)"

---------------------------------------------------------------- level II (box)
rule {
  id = "pcu.indication.fibromyalgia",
  category = "indication", action = "info",
  grade = "II",
  topic = "indication.fibromyalgia", position = "supported",
  when = [[ "fibromyalgia" in pain.conditions ]],
  text = "Fibromyalgia: ketamine improves fibromyalgia symptoms, including tender point count and aerobic endurance. "
      .. "The article adds that an infusion reduced somatic and referred pain and hyperalgesia.",
  source = { section = BOX .. " (Level II); Efficacy in Other Chronic Pain States",
             quote = "Ketamine improves fibromyalgia symptoms, including tender point count and aerobic endurance." },
  judgments = { LEVEL_POSITION, amb14("fibromyalgia", ASRA_D) },
}

rule {
  id = "pcu.indication.ischemic",
  category = "indication", action = "info",
  grade = "II",
  topic = "indication.ischemic", position = "supported",
  when = [[ "ischemic" in pain.conditions ]],
  text = "Ischemic pain: ketamine reduces lower-limb ischemic rest pain. The article adds that, compared with "
      .. "morphine, it showed a dose-dependent reduction of ischemic pain at rest.",
  source = { section = BOX .. " (Level II)", quote = LEVEL_II_LIST },
  judgments = { LEVEL_POSITION, amb14("ischemic pain", ASRA_D) },
}

rule {
  id = "pcu.indication.spinal_cord_injury",
  category = "indication", action = "info",
  grade = "II",
  topic = "indication.spinal_cord_injury", position = "supported",
  when = [[ "spinal_cord_injury" in pain.conditions ]],
  text = "Spinal cord injury pain: ketamine reduces spinal cord injury pain.",
  source = { section = BOX .. " (Level II); Neuropathic Pain", quote = LEVEL_II_LIST },
  judgments = { LEVEL_POSITION, amb14("spinal cord injury pain",
    "grades it C (weak evidence for short-term improvement)") },
}

rule {
  id = "pcu.indication.mixed_neuropathic",
  category = "indication", action = "info",
  grade = "II",
  topic = "indication.mixed_neuropathic", position = "supported",
  when = [[ "mixed_neuropathic" in pain.conditions ]],
  text = "Neuropathic pain: ketamine reduces peripheral neuropathic pain. The article adds that in experimental "
      .. "settings the response was highly variable, with significant side effects (sedation, dizziness).",
  source = { section = BOX .. " (Level II); Neuropathic Pain", quote = LEVEL_II_LIST },
  judgments = { LEVEL_POSITION,
    { id = "PCU-PERIPHERAL-NEUROPATHIC",
      note = "The article rates 'peripheral neuropathic pain' (level II); the vocabulary has no such code. Its "
          .. "nearest code is mixed_neuropathic (neuropathic pain of mixed causes), to which the pack applies the "
          .. "level II statement, saying 'peripheral' in the text. Postherpetic neuralgia, a peripheral neuropathic "
          .. "pain, gets the article's own statement on it instead (pcu.indication.postherpetic_neuralgia).",
      quotes = { LEVEL_II_LIST,
                 "Intravenous low-dose ketamine reduced painful peripheral neuropathy in experimental settings, but the response was highly variable and there were significant side effects, particularly sedation and dizziness." } },
    amb14("neuropathic pain", ASRA_D .. " for mixed neuropathic pain") },
}

rule {
  id = "pcu.indication.migraine",
  category = "indication", action = "info",
  grade = "II",
  topic = "indication.migraine", position = "supported",
  when = [[ "migraine" in pain.conditions ]],
  text = "Migraine: ketamine reduces migraine severity in both acute and prophylactic therapy. The article adds that "
      .. "subcutaneous ketamine injections were effective as acute and prophylactic therapy.",
  source = { section = BOX .. " (Level II); Efficacy in Other Chronic Pain States",
             quote = "Ketamine reduces migraine severity in both acute and prophylactic therapy." },
  judgments = { LEVEL_POSITION, amb14("migraine", ASRA_D) },
}

---------------------------------------------------------------- level III (box)
rule {
  id = "pcu.indication.cancer",
  category = "indication", action = "info",
  grade = "III",
  topic = "indication.cancer", position = "weak_or_no_evidence",
  when = [[ "cancer" in pain.conditions ]],
  text = "Cancer pain: ketamine may be effective for refractory cancer pain in terminal stage disease. The article adds "
      .. "that it is on the WHO essential drugs list for refractory cancer pain, that a Cochrane review found its benefits "
      .. "and harms added to strong opioids not yet established, and that it improved opioid analgesia with considerable "
      .. "side effects.",
  source = { section = BOX .. " (Level III); Role of Ketamine in Cancer Pain",
             quote = "Ketamine may be effective for refractory cancer pain in terminal stage disease." },
  judgments = { LEVEL_POSITION, amb14("cancer pain", ASRA_D) },
}

rule {
  id = "pcu.indication.phantom_limb",
  category = "indication", action = "info",
  grade = "III",
  topic = "indication.phantom_limb", position = "weak_or_no_evidence",
  when = [[ "phantom_limb" in pain.conditions ]],
  text = "Phantom limb pain: ketamine may reduce severe chronic phantom limb pain. The article adds that short-term "
      .. "intravenous or subcutaneous infusions and long-term oral ketamine reduced stump and phantom limb pain.",
  source = { section = BOX .. " (Level III); Neuropathic Pain",
             quote = "Ketamine may reduce severe chronic phantom limb pain." },
  judgment = LEVEL_POSITION,
}

---------------------------------------------------------------- narrative statements (no level)
rule {
  id = "pcu.indication.postherpetic_neuralgia",
  category = "indication", action = "not_supported",
  grade = false,
  topic = "indication.postherpetic_neuralgia", position = "against",
  when = [[ "postherpetic_neuralgia" in pain.conditions ]],
  text = "Postherpetic neuralgia: a systematic review reported intravenous ketamine ineffective, although limited "
      .. "experimental and clinical studies suggest benefit.",
  source = { section = "Neuropathic Pain",
             quote = "A systematic review of treatments for postherpetic neuralgia reported that intravenous ketamine was ineffective" },
  judgments = { LEVEL_POSITION,
    { id = "PCU-PHN",
      note = "The box gives no level for postherpetic neuralgia. The narrative reports a systematic review finding "
          .. "intravenous ketamine ineffective, then limited studies suggesting benefit. The pack reads the review's "
          .. "finding as the article's position ('against', not_supported, a caution when this pack is evaluated "
          .. "alone) and says both in the text; it does not apply the level II 'peripheral neuropathic pain' "
          .. "statement to this condition, which the article addresses by name.",
      quotes = { "reported that intravenous ketamine was ineffective", "although there is evidence of benefit in limited experimental" } },
    amb14("postherpetic neuralgia", ASRA_D .. "; the Hocking and Cousins review rates it level II") },
}

rule {
  id = "pcu.indication.crps",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.crps", position = "weak_or_no_evidence",
  when = [[ "crps" in pain.conditions ]],
  text = "Complex regional pain syndrome may respond to intravenous ketamine infusion, topical ketamine ointment or "
      .. "epidural infusion; the article gives no level for it.",
  source = { section = "Neuropathic Pain",
             quote = "Complex regional pain syndrome may respond to intravenous ketamine infusion, topical ketamine ointment, or epidural infusion." },
  judgments = { LEVEL_POSITION, amb14("CRPS",
    "grades it B (moderate evidence for relief up to 12 weeks), while this article names it without a level") },
}

rule {
  id = "pcu.indication.orofacial",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.orofacial", position = "weak_or_no_evidence",
  when = [[ "orofacial" in pain.conditions ]],
  text = "Orofacial pain: limited data suggest that oral or intramuscular ketamine may reduce orofacial pain, including "
      .. "trigeminal neuralgia (no level given).",
  source = { section = "Neuropathic Pain",
             quote = "Limited data suggest that oral or intramuscular ketamine may reduce orofacial pain, including trigeminal neuralgia." },
  judgment = LEVEL_POSITION,
}

rule {
  id = "pcu.indication.central_poststroke",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.central_poststroke", position = "weak_or_no_evidence",
  when = [[ "central_poststroke" in pain.conditions ]],
  text = "Central pain: iontophoretic S(+) ketamine improved quality of life, health status and in some cases pain "
      .. "scores in patients with intractable central pain (no level given).",
  source = { section = "Neuropathic Pain",
             quote = "iontophoretic administration of S(+) ketamine improved quality of life, health status, and in some cases pain scores, in patients with intractable central pain" },
  judgments = { LEVEL_POSITION,
    { id = "PCU-CENTRAL-PAIN",
      note = "The article speaks of 'intractable central pain', not of post-stroke pain; the vocabulary's only central "
          .. "pain code is central_poststroke, to which the pack applies the statement.",
      quotes = { "in patients with intractable central pain" } } },
}

rule {
  id = "pcu.indication.low_back",
  category = "indication", action = "info",
  grade = false,
  topic = "indication.low_back", position = "weak_or_no_evidence",
  when = [[ "low_back" in pain.conditions ]],
  text = "Back pain: the article reports a single patient with chronic back and leg pain (disk prolapse, failed back "
      .. "surgery) whose spinal opioid analgesia intrathecal S(+) ketamine improved; no level given.",
  source = { section = "Efficacy in Other Chronic Pain States",
             quote = "Intrathecal S(+) ketamine improved spinal opioid analgesia and reduced opioid requirements in a patient with chronic back and leg pain" },
  judgment = LEVEL_POSITION,
}

rule {
  id = "pcu.indication.not_addressed",
  category = "indication", action = "info",
  grade = false,
  when = [[ ["headache_other", "other"] in pain.conditions ]],
  text = "The article gives no evidence for ketamine in this condition (e.g. headache other than migraine); it finds "
      .. "solid data on chronic noncancer and cancer pain sparse.",
  source = { section = "Conclusions",
             quote = "solid data are sparse concerning its use for chronic noncancer and cancer pain" },
  judgment = { id = "PCU-NOT-ADDRESSED",
    note = "Visceral pain (level IV), multiple sclerosis and Guillain-Barre neuropathic pain (case reports) and whiplash "
        .. "neck pain are in the article but have no code of their own; a patient coded 'other' may have one of them "
        .. "or none, so the pack does not apply those statements to 'other'.",
    quotes = { "Ketamine may be effective in visceral pain based on human experimental models and limited case reports." } },
}

---------------------------------------------------------------- route-specific findings for a condition
rule {
  id = "pcu.indication.migraine_aura_intranasal",
  category = "indication", action = "info",
  grade = "IV",
  applies = [[ "migraine" in pain.conditions ]],
  when = [[ pcu.intranasal_ketamine ]],
  text = "Migraine with intranasal ketamine: intranasal ketamine may relieve migraine aura.",
  source = { section = BOX .. " (Level IV)", quote = "Intranasal ketamine may relieve migraine aura." },
}

rule {
  id = "pcu.indication.cancer_burst",
  category = "indication", action = "info",
  grade = false,
  applies = [[ "cancer" in pain.conditions ]],
  when = [[ plan.route is known and plan.route == "iv" ]],
  text = "Intravenous \"burst\" therapy for opioid-refractory cancer pain (100-500 mg/24 h for 3-5 days): an open-label "
      .. "audit reported improvement for up to 8 weeks in 62%; a second audit, 51% responders with dose-dependent "
      .. "adverse cognitive effects in 30%.",
  source = { section = "Role of Ketamine in Cancer Pain",
             quote = "reported improvement in cancer pain for up to 8 weeks in 62% of patients refractory to morphine" },
}

rule {
  id = "pcu.indication.cancer_intrathecal",
  category = "indication", action = "info",
  grade = false,
  applies = [[ "cancer" in pain.conditions ]],
  when = [[ plan.route is known and plan.route == "intrathecal" ]],
  text = "Intrathecal ketamine in cancer pain: added to spinal morphine it improved pain scores and reduced opioid "
      .. "requirements in terminal cancer pain (no level given).",
  source = { section = "Role of Ketamine in Cancer Pain",
             quote = "The addition of intrathecal ketamine to spinal morphine improved pain scores and reduced opioid requirements in patients with terminal cancer pain." },
}

---------------------------------------------------------------- the article's overall finding (level II)
rule {
  id = "pcu.indication.antihyperalgesic",
  category = "indication", action = "info",
  grade = "II",
  when = [[ pcu.ketamine_planned ]],
  text = "Ketamine is most effective as an antihyperalgesic, antiallodynic or tolerance-protective treatment. The "
      .. "article adds that it is less useful as an analgesic per se and that clinical data on chronic pain are limited.",
  source = { section = BOX .. " (Level II); Conclusions",
             quote = "Ketamine is most effective as an “antihyperalgesic,” “antiallodynic,” or “tolerance-protective” treatment." },
}
