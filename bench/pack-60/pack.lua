-- bench/pack-60: the benchmark pack of about 60 rules the issue asks for: a subset of
-- the ASRA 2018 pack (its contraindication, dosing, personnel/setting and rescue
-- rules, 61 in all), read from the real rule files through symbolic links.
pack {
  id = "asra-ketamine-2018-bench60", version = "1.0.0",
  title = "Intravenous ketamine for chronic pain (ASRA/AAPM/ASA 2018)",
  source = {
    document = "Cohen 2018 Reg Anesth Pain Med 43:521",
    citation = "Cohen SP, Bhatia A, Buvanendran A, Schwenk ES, Wasan AD, Hurley RW, Viscusi ER, Narouze S, "
            .. "Davis FN, Ritchie EC, Lubenow TR, Hooten WM. Consensus Guidelines on the Use of Intravenous "
            .. "Ketamine Infusions for Chronic Pain From the American Society of Regional Anesthesia and Pain "
            .. "Medicine, the American Academy of Pain Medicine, and the American Society of Anesthesiologists. "
            .. "Reg Anesth Pain Med. 2018;43:521-546.",
    file = "004_3fb712562b30f97a.txt",
  },
  -- 004 names its certainty levels "high, medium, or low" but its graded statements use
  -- "moderate", "low" and the range "low to moderate" (Table 6 hyphenates it once as
  -- "low-to-moderate"; this pack spells the range one way only).
  evidence = { scale = "USPSTF (July 2012)",
               grades = { "A", "B", "C", "D", "I" },
               certainties = { "high", "moderate", "low", "low to moderate" } },
}

use "ketamine"
include "facts.lua"
include "contraindications.lua"
include "dosing.lua"
include "personnel_setting.lua"
include "rescue.lua"

policy {
  stop    = { { actions = { "do_not", "avoid" } } },
  caution = { { actions = { "caution" } },
              { category = "indication", actions = { "not_supported" } } },
}
