-- gen-patients.lua N — N deterministic, contract-valid ketamine fact records
-- (NDJSON, about 1 KB each) spread over the pack's main paths, for `make bench`.
-- Lua 5.4's generator is seeded explicitly, so the output is reproducible.
-- Written 1000 records at a time: a million records stream through a pipe
-- without being held in memory.
local N = tonumber(arg[1]) or 10000
math.randomseed(2018, 521)
local r = math.random
local function pick(t) return t[r(#t)] end
local function b(p) return r() < (p or 0.1) end
local function maybe(v, p) if r() < (p or 0.03) then return "null" end return v end
local function q(s) return '"' .. s .. '"' end

local conditions = { "crps", "spinal_cord_injury", "mixed_neuropathic", "phantom_limb", "postherpetic_neuralgia",
  "fibromyalgia", "cancer", "ischemic", "migraine", "headache_other", "low_back", "central_poststroke",
  "orofacial", "other" }
local out = {}
for i = 1, N do
  local w = 45 + r(75)
  local rate = pick { "0.3 mg/kg/h", "0.5 mg/kg/h", "1 mg/kg/h", "1.5 mg/kg/h", "7 ug/kg/min",
                      string.format("%d mg/h", w // 2), "2.5 mg/kg/h" }
  local setting = pick { "outpatient", "outpatient", "outpatient", "inpatient", "icu" }
  local responded = b(0.3)
  local parts = {
    string.format('"patient":{"id":"b-%06d","age":%s,"sex":%s,"weight":%s,"pregnant":%s,"significant_comorbidities":%s}',
      i, maybe(tostring(18 + r(70))), q(pick { "female", "male", "other" }), maybe(q(w .. " kg")),
      maybe(tostring(b(0.03))), tostring(b(0.2))),
    string.format('"pain":{"conditions":[%s],"refractory":%s}', q(pick(conditions)), maybe(tostring(b(0.8)))),
    string.format('"history":{"unstable_angina":%s,"hypertension":%s,"coronary_disease":%s,"cardiovascular_risk":%s,'
      .. '"elevated_icp":%s,"elevated_iop":%s,"glaucoma":%s,"acute_globe_injury":%s,"hyperthyroidism":%s,'
      .. '"pheochromocytoma":%s,"liver_disease":%s,"chronic_hepatitis":%s,"alcohol_abuse":%s,"full_stomach":%s,'
      .. '"intoxicated":%s,"substance_abuse":%s,"psychosis":%s,"delirium":%s,"serious_psychomimetic_reaction":%s,'
      .. '"benzodiazepine_contraindicated":%s}',
      tostring(b(0.03)), q(pick { "none", "none", "controlled", "poorly_controlled" }),
      q(pick { "none", "none", "stable", "high_risk" }), maybe(q(pick { "low", "low", "high" })),
      tostring(b(0.02)), tostring(b(0.02)), tostring(b(0.03)), tostring(b(0.01)), tostring(b(0.03)),
      tostring(b(0.01)), maybe(q(pick { "none", "none", "none", "mild", "moderate", "severe" })),
      tostring(b(0.05)), tostring(b(0.05)), tostring(b(0.02)), tostring(b(0.01)),
      q(pick { "none", "none", "none", "history", "active" }), maybe(q(pick { "none", "none", "none", "history", "active" })),
      tostring(b(0.01)), tostring(b(0.03)), tostring(b(0.03))),
    string.format('"consent":%s', q(pick { "given", "given", "given", "given", "refused" })),
    string.format('"plan":{"route":"iv","bolus":%s,"infusion_rate":%s,"infusion_duration":%s,"setting":%s,'
      .. '"series":%s,"first_infusion":%s,"treatments_past_year":%d,"aspiration_precautions":%s,"premedication":[%s]}',
      q(pick { "0 mg/kg", "0.1 mg/kg", "0.35 mg/kg", "20 mg" }), q(rate), q(pick { "2 h", "4 h", "4.5 h", "96 h" }),
      q(setting), tostring(b(0.3)), tostring(b(0.5)), r(0, 14), tostring(setting == "icu"),
      q(pick { "midazolam", "clonidine", "none" })),
    string.format('"site":{"monitored":%s,"resuscitation_equipment":%s,"rescue_medications":%s,"airway_personnel":%s}',
      tostring(not b(0.1)), tostring(not b(0.05)), tostring(not b(0.05)), tostring(not b(0.1))),
    string.format('"staff":{"supervisor":{"role":%s,"acls":%s,"moderate_sedation":%s,"ketamine_experience":%s},'
      .. '"administrator":{"role":%s,"moderate_sedation":%s}}',
      q(pick { "anesthesiologist", "critical_care", "pain_physician", "other_physician" }), tostring(not b(0.1)),
      tostring(not b(0.1)), tostring(not b(0.1)), q(pick { "registered_nurse", "physician_assistant", "physician" }),
      tostring(not b(0.1))),
    string.format('"tests":{"ecg":%s,"lft":%s}', q(pick { "not_done", "normal", "abnormal" }),
      q(pick { "not_done", "normal", "elevated" })),
  }
  if responded then
    parts[#parts + 1] = string.format('"response":{"pain_before":%d,"pain_after":%d,"satisfied":%s,'
      .. '"relief_duration":"%d wk","course":%s}', 6 + r(4), r(0, 6), tostring(b(0.7)), r(1, 10),
      q(pick { "single_outpatient", "inpatient", "series" }))
    parts[#parts + 1] = string.format('"followon":{"agent":%s,"abuse_risk":%s,"drives":%s}',
      q(pick { "oral_ketamine", "oral_dextromethorphan", "intranasal_ketamine", "none" }), q(pick { "low", "high" }),
      tostring(b(0.5)))
  end
  out[#out + 1] = "{" .. table.concat(parts, ",") .. "}\n"
  if #out == 1000 then
    io.write(table.concat(out))
    out = {}
  end
end
io.write(table.concat(out))
