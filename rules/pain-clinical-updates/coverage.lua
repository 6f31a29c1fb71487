-- coverage.lua — every statement of the "Summary of Evidence on Ketamine Analgesia" box, and every finding
-- or advice of the narrative sections, mapped to the rules that encode it; a statement left out has no
-- rules and a note saying why. The loader checks every id; `medrule doc` prints the table.
local r = function(...)
  local t = {}
  for i, name in ipairs { ... } do t[i] = "pcu." .. name end
  return t
end
local ACUTE = "left out: acute, perioperative or procedural use, which the fact vocabulary (chronic pain, a planned "
           .. "treatment) cannot express"

coverage {
  ---------------------------------------------------------------- the evidence box, level 1
  { item = "Level 1: low-dose perioperative ketamine is opioid sparing, reduces nausea and vomiting, minimal side effects",
    rules = {}, note = ACUTE },
  { item = "Level 1: ketamine added to opioid PCA provides no additional analgesic benefit", rules = {},
    note = ACUTE .. " (AMB-30)" },
  { item = "Level 1: most effective as a continuous low-dose infusion for acute pain management", rules = {}, note = ACUTE },
  { item = "Level 1: \"preventive\" but not \"preemptive\" analgesic effects", rules = {}, note = ACUTE },
  { item = "Level 1: safe and effective sedative/analgesic for painful procedures, particularly in children", rules = {},
    note = ACUTE },

  ---------------------------------------------------------------- the evidence box, level II
  { item = "Level II: most effective as an antihyperalgesic, antiallodynic or tolerance-protective treatment",
    rules = r("indication.antihyperalgesic") },
  { item = "Level II: effective as a rescue analgesic for acute pain unresponsive to opioids", rules = {}, note = ACUTE },
  { item = "Level II: reduces acute wound hyperalgesia and allodynia", rules = {}, note = ACUTE },
  { item = "Level II: may reduce chronic postsurgical pain after laparotomy, thoracotomy and mastectomy", rules = {},
    note = ACUTE .. "; the vocabulary has no planned-surgery facts" },
  { item = "Level II: reduces lower-limb ischemic rest pain, peripheral neuropathic pain and spinal cord injury pain",
    rules = r("indication.ischemic", "indication.mixed_neuropathic", "indication.spinal_cord_injury"),
    note = "peripheral neuropathic pain applied to mixed_neuropathic (PCU-PERIPHERAL-NEUROPATHIC)" },
  { item = "Level II: improves fibromyalgia symptoms, including tender point count and aerobic endurance",
    rules = r("indication.fibromyalgia") },
  { item = "Level II: intranasal ketamine reduces breakthrough pain of cancer-related and noncancer origin",
    rules = r("follow_on.intranasal_breakthrough") },
  { item = "Level II: reduces migraine severity in acute and prophylactic therapy", rules = r("indication.migraine") },
  { item = "Level II: no improvement alone or with local anesthetic for peripheral nerve blocks, intra-articular injection "
      .. "or wound infiltration", rules = {},
    note = "left out: the vocabulary's routes have no nerve-block, intra-articular or wound-infiltration code" },

  ---------------------------------------------------------------- the evidence box, levels III and IV
  { item = "Level III: may be effective for refractory cancer pain in terminal stage disease", rules = r("indication.cancer") },
  { item = "Level III: may reduce severe chronic phantom limb pain", rules = r("indication.phantom_limb") },
  { item = "Level IV: improves analgesia in opioid-tolerant patients", rules = {},
    note = "left out: the vocabulary has no opioid-tolerance fact (the daily opioid dose facts describe a response, not "
        .. "tolerance)" },
  { item = "Level IV: intranasal ketamine may relieve migraine aura", rules = r("indication.migraine_aura_intranasal") },
  { item = "Level IV: may be effective in visceral pain (experimental models, limited case reports)", rules = {},
    note = "left out: no visceral pain code; not applied to 'other' (PCU-NOT-ADDRESSED)" },
  { item = "Level IV: at least 50% fail to respond to oral ketamine and have side effects (chronic neuropathic pain)",
    rules = r("follow_on.oral_ketamine_failure") },
  { item = "Level IV: long-term use may be associated with impairment of memory, attention and judgment",
    rules = r("contraindication.long_term_cognition") },

  ---------------------------------------------------------------- pharmacology (opening section)
  { item = "S(+) isomer: fourfold NMDA affinity, twice the analgesic potency, fewer psychomimetic effects than R(-)",
    rules = {}, note = "left out: the vocabulary has no enantiomer fact, and the statement is pharmacology, not advice" },
  { item = "Anesthetic use in trauma and resource-poor settings; neurodegeneration in developing rodents; mechanism of "
      .. "opioid tolerance and central sensitization", rules = {},
    note = "left out: background without a finding about a chronic pain treatment" },
  { item = "Meta-analyses: ketamine added to opioids for acute postoperative pain fails to improve analgesia to a "
      .. "clinically significant degree", rules = {}, note = ACUTE },
  { item = "Dosing need not be altered in moderate renal or hepatic dysfunction",
    rules = r("contraindication.hepatic_moderate", "contraindication.renal_moderate"),
    note = "history.renal_disease added to the shared vocabulary" },
  { item = "Norketamine is active (1/3-1/10 potency) and contributes to oral ketamine's effect", rules = {},
    note = "left out: pharmacology with no decision attached" },
  { item = "Most commonly a continuous low-dose IV or subcutaneous infusion of 0.05-0.2 mg/kg/h",
    rules = r("dosing.infusion_rate", "dosing.infusion_outside_common_range") },
  { item = "Subcutaneous or intramuscular bioavailability about 90%", rules = {},
    note = "left out: no decision depends on it" },
  { item = "25-mg lozenges: oral 23% (peak 30 min), sublingual 32% (peak 120 min), about 55% with norketamine, "
      .. "half-life 6 h", rules = r("dosing.oral_bioavailability") },
  { item = "Topical ketamine evaluated after the discovery of peripheral NMDA receptors", rules = r("dosing.topical_route") },

  ---------------------------------------------------------------- acute pain and preventive analgesia (narrative)
  { item = "Perioperative bolus 0.1 mg/kg or infusion 0.1-0.2 mg/kg/h: pain < 1 cm on 10-cm VAS, opioid use about 30% "
      .. "less; specific operations; transdermal patch; third molar extraction", rules = {}, note = ACUTE },
  { item = "Preventive effects; phantom limb pain after amputation reduced in a cohort study but not in an RCT", rules = {},
    note = ACUTE .. " (prevention at amputation)" },
  { item = "Rescue and preventive analgesia; procedural sedation; ketamine-midazolam PCA for burn dressings on a ward",
    rules = {}, note = ACUTE },

  ---------------------------------------------------------------- neuraxial and regional administration
  { item = "Commercially available preparations contain a potentially neurotoxic preservative and should not be used "
      .. "centrally", rules = r("contraindication.neuraxial_preservative"),
    note = "the article's one worded prohibition: a stop (PCU-NEURAXIAL-PREP)" },
  { item = "Preservative-free solutions appear safe for neuraxial administration, with caution pending neurotoxicity data",
    rules = r("contraindication.neuraxial_preservative_free") },
  { item = "Epidural ketamine in children; a single RCT of intrathecal ketamine ineffective for postoperative analgesia, "
      .. "with more nausea, vomiting and dysphoria", rules = {}, note = ACUTE },
  { item = "Peripheral NMDA receptors: most trials negative with peripheral blocks, infiltration; one positive trial "
      .. "after circumcision", rules = {}, note = ACUTE },

  ---------------------------------------------------------------- chronic noncancer pain
  { item = "Chronic pain: clinical data to support the indication are limited", rules = r("indication.antihyperalgesic") },
  { item = "Neuropathic pain: IV low-dose ketamine reduced painful peripheral neuropathy in experimental settings "
      .. "(highly variable, significant side effects); reduced allodynia in post-traumatic neuropathic pain",
    rules = r("indication.mixed_neuropathic") },
  { item = "Postherpetic neuralgia: a systematic review found IV ketamine ineffective; limited studies suggest benefit",
    rules = r("indication.postherpetic_neuralgia"), note = "PCU-PHN" },
  { item = "IV ketamine reduced spinal cord injury pain", rules = r("indication.spinal_cord_injury") },
  { item = "Iontophoretic S(+) ketamine in intractable central pain", rules = r("indication.central_poststroke"),
    note = "PCU-CENTRAL-PAIN" },
  { item = "Oral ketamine (up to 100 mg/day): 57% discontinued within 1 week; 14% reported analgesia at 4 weeks",
    rules = r("follow_on.oral_ketamine_discontinuation") },
  { item = "Oral ketamine, retrospective review: 38% non- or equivocal responders, 42% stopped for side effects, 14% "
      .. "continued over 1 year (100-240 mg/day), one misusing", rules = r("follow_on.oral_ketamine_long_term") },
  { item = "Neuropathic pain in multiple sclerosis and Guillain-Barre syndrome (case reports)", rules = {},
    note = "left out: no code for either; not applied to 'other' (PCU-NOT-ADDRESSED)" },
  { item = "Oral or intramuscular ketamine may reduce orofacial pain, including trigeminal neuralgia",
    rules = r("indication.orofacial") },
  { item = "Topical ketamine-amitriptyline cream: open finding not confirmed by a subsequent RCT",
    rules = r("dosing.topical_route") },
  { item = "CRPS may respond to IV infusion, topical ointment or epidural infusion", rules = r("indication.crps") },
  { item = "Short-term IV or subcutaneous infusion and long-term oral ketamine reduced stump and phantom limb pain",
    rules = r("indication.phantom_limb") },
  { item = "Dose-dependent reduction of lower-limb ischemic pain at rest, compared with morphine",
    rules = r("indication.ischemic") },
  { item = "Memantine for 4 weeks decreased phantom limb pain after traumatic amputation", rules = {},
    note = "left out: memantine, not ketamine, and prevention after amputation" },

  ---------------------------------------------------------------- other chronic pain states
  { item = "Fibromyalgia: infusion reduced somatic and referred pain, hyperalgesia, tender points; increased endurance",
    rules = r("indication.fibromyalgia") },
  { item = "Whiplash: 30-minute infusion reduced neck pain in about 50%, no different from morphine or lidocaine",
    rules = {}, note = "left out: no neck pain code (low_back is back pain)" },
  { item = "Intrathecal S(+) ketamine in one patient with chronic back and leg pain", rules = r("indication.low_back") },
  { item = "Intranasal ketamine safe and effective for short-term breakthrough pain of various etiologies",
    rules = r("follow_on.intranasal_breakthrough") },
  { item = "Subcutaneous ketamine effective as acute and prophylactic therapy for migraine; aura may respond to "
      .. "intranasal ketamine", rules = r("indication.migraine", "indication.migraine_aura_intranasal") },
  { item = "Visceral pain: experimental models; oral S(+) ketamine no effect on gastric distension; subcutaneous "
      .. "infusion in chronic pancreatic pain", rules = {}, note = "left out: no visceral or pancreatic pain code" },
  { item = "Sublingual lozenges in chronic abdominal pain and intractable angina (case reports)",
    rules = r("follow_on.sublingual_breakthrough"), note = "named in the sublingual rule's text" },

  ---------------------------------------------------------------- cancer pain
  { item = "WHO essential drugs list for refractory cancer pain; Cochrane review: benefits and harms not yet established; "
      .. "improved opioid analgesia with considerable side effects", rules = r("indication.cancer") },
  { item = "IV burst therapy 100-500 mg/24 h for 3-5 days: 62% improved up to 8 weeks; second audit 51%, cognitive "
      .. "effects in 30%", rules = r("indication.cancer_burst") },
  { item = "Severe total body hyperalgesia and allodynia after sudden cessation of a 3-week infusion",
    rules = r("contraindication.sudden_cessation") },
  { item = "Sublingual ketamine 25 mg effective for breakthrough cancer pain unresponsive to IV morphine",
    rules = r("follow_on.sublingual_breakthrough") },
  { item = "Oral ketamine with transdermal nitroglycerin; 78% improvement in refractory neuropathic cancer pain with oral "
      .. "ketamine, significant side effects", rules = {},
    note = "left out: ungraded single reports with no decision attached; the oral rules (PCU-ORAL-SCOPE) carry the "
        .. "article's graded oral statement" },
  { item = "Intrathecal ketamine added to spinal morphine in terminal cancer pain; multimodal intrathecal S(+) ketamine "
      .. "for up to 3 months", rules = r("indication.cancer_intrathecal") },

  ---------------------------------------------------------------- adverse effects
  { item = "Low-dose systemic ketamine for acute postoperative pain: adverse effects low, no different from opioid alone; "
      .. "central effects < 10%, respond to dose reduction or a benzodiazepine", rules = r("rescue.central_effects"),
    note = "PCU-ACUTE-CONTEXT" },
  { item = "Potentiation of fentanyl analgesia at doses insufficient to sedate (experimental)", rules = {},
    note = "left out: experimental finding with no decision attached" },
  { item = "Effects of long-term (> 1 week) therapeutic ketamine unknown; memory and attention effects in volunteers "
      .. "and abusers", rules = r("contraindication.long_term_cognition", "contraindication.memory_counselling") },
  { item = "Discuss the potential for memory impairment with all subjects contemplating long-term ketamine",
    rules = r("contraindication.memory_counselling") },
  { item = "Psychotropic effects: floating, out-of-body, distorted perception, hallucinations, schizophreniform psychosis",
    rules = {}, note = "left out: a description of effects, without advice or a patient finding to act on" },
  { item = "S(+) ketamine for acute pain after trauma increased post-traumatic stress disorder symptoms at 1 year",
    rules = {}, note = "left out: the vocabulary has no enantiomer, trauma or post-traumatic stress facts, and the setting is acute" },
  { item = "Tolerance without withdrawal in chronic abusers; scheduled as a restricted substance in Australia and the UK",
    rules = {}, note = "left out: regulatory and abuse background, no advice for the prescriber" },

  ---------------------------------------------------------------- conclusions
  { item = "Evidence at subanesthetic doses limited and in part contradictory; solid data sparse for chronic noncancer "
      .. "and cancer pain", rules = r("indication.not_addressed", "indication.antihyperalgesic") },
  { item = "Utility more as an antihyperalgesic, antiallodynic or tolerance-protective agent in pathological pain states",
    rules = r("indication.antihyperalgesic") },
  { item = "Rational, evidence-based prescribing will require large, high-quality studies", rules = {},
    note = "no rule: the reason the pack's findings inform rather than recommend (pack policy in pack.lua)" },
}
