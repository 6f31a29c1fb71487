-- gen.lua: deterministic generator for patients.ndjson (1,000 records,
-- one JSON object per line, 600..1000 bytes each).
-- Usage: lua5.4 gen.lua > patients.ndjson
-- Lua 5.4's PRNG (xoshiro256**) is fixed, so the output is reproducible.

math.randomseed(20240611)

local N, MIN_LEN, MAX_LEN = 1000, 600, 1000
local NULL = setmetatable({}, { __name = "null" })

-- Objects are ordered lists of {key, value} pairs so key order is stable.
local function obj(...) return { kind = "obj", ... } end
local function arr(...) return { kind = "arr", ... } end

local function esc(s)
  return (s:gsub('[%c"\\]', function(c)
    local m = { ['"'] = '\\"', ['\\'] = '\\\\', ['\n'] = '\\n', ['\t'] = '\\t' }
    return m[c] or string.format("\\u%04x", c:byte())
  end))
end

local function enc(v, out)
  local t = type(v)
  if v == NULL then out[#out + 1] = "null"
  elseif t == "boolean" then out[#out + 1] = tostring(v)
  elseif t == "number" then
    if math.type(v) == "integer" then out[#out + 1] = string.format("%d", v)
    else out[#out + 1] = string.format("%.10g", v) end
  elseif t == "string" then out[#out + 1] = '"' .. esc(v) .. '"'
  elseif v.kind == "arr" then
    out[#out + 1] = "["
    for i, x in ipairs(v) do
      if i > 1 then out[#out + 1] = "," end
      enc(x, out)
    end
    out[#out + 1] = "]"
  else
    out[#out + 1] = "{"
    local first = true
    for _, kv in ipairs(v) do
      if kv[2] ~= nil then -- nil value = key omitted
        if not first then out[#out + 1] = "," end
        first = false
        out[#out + 1] = '"' .. esc(kv[1]) .. '":'
        enc(kv[2], out)
      end
    end
    out[#out + 1] = "}"
  end
end

local R = math.random
local function chance(p) return R() < p end
local function pick(t) return t[R(#t)] end
-- Records come from sources of varying completeness: SPARSE is the extra
-- per-record probability that an optional fact is simply absent.
local SPARSE = 0
-- Usually a value, sometimes omitted (nil) or explicit null.
local function maybe(v, p_omit, p_null)
  local r = R()
  local omit = (p_omit or 0.03) + SPARSE
  if r < omit then return nil end
  if r < omit + (p_null or 0.02) then return NULL end
  return v
end
local function bool(p) return maybe(chance(p)) end
local function round(x, d) local m = 10 ^ d; return math.floor(x * m + 0.5) / m end

local function weight()
  local kg = R(38, 140)
  local r = R()
  if r < 0.55 then return string.format("%d kg", kg) end
  if r < 0.80 then return obj({ "value", kg }, { "unit", "kg" }) end
  if r < 0.90 then return string.format("%d lb", math.floor(kg * 2.20462 + 0.5)) end
  if r < 0.97 then return obj({ "value", round(kg + R(), 1) }, { "unit", "kg" },
    { "system", "http://unitsofmeasure.org" }, { "code", "kg" }) end
  return NULL
end

local function dosing()
  local r = R()
  if r < 0.6 then -- ketamine, mg/kg/h
    return string.format("%g mg/kg", pick({ 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.5 })),
           string.format("%g mg/kg/h", pick({ 0.1, 0.15, 0.2, 0.3, 0.5, 0.6, 1 }))
  elseif r < 0.85 then -- ug/kg/min
    return NULL, string.format("%d ug/kg/min", R(2, 15))
  else -- FHIR-style quantities
    return obj({ "value", pick({ 0.1, 0.2, 0.3 }) }, { "unit", "mg/kg" }),
           obj({ "value", pick({ 0.12, 0.25, 0.5 }) }, { "unit", "mg/kg/h" })
  end
end

local CONDITIONS = { "crps", "neuropathic", "phantom_limb", "fibromyalgia", "cancer_pain",
  "postherpetic_neuralgia", "chronic_low_back", "sickle_cell_crisis", "migraine" }
local NOTES = { "Pt reports prior episode of \"vivid dreams\" after ketamine.",
  "Translator required (Deutsch); family contact: Frau Müller.",
  "Allergy: morphine → pruritus.\nPrefers morning slots.",
  "Seen at Hôpital Saint-Louis 2019; records pending.",
  "NPO since 06:00.", "Line 2\tchecked by RN; IV access L forearm." }

local function conditions()
  local n = R(100)
  local k = n <= 5 and 0 or n <= 75 and 1 or n <= 93 and 2 or 3
  local a, used = arr(), {}
  while #a < k do
    local c = pick(CONDITIONS)
    if not used[c] then used[c] = true; a[#a + 1] = c end
  end
  return a
end

local function record(i)
  SPARSE = 0.15 + R() * 0.35
  local sex = pick({ "female", "male", "female", "male", "other", "unknown" })
  local bolus, rate = dosing()
  local supervisor = obj(
    { "role", pick({ "anesthesiologist", "anesthesiologist", "crna", "intensivist", "pain_physician" }) },
    { "acls", bool(0.92) }, { "moderate_sedation", bool(0.9) }, { "ketamine_experience", bool(0.85) })
  if chance(0.15) then supervisor[#supervisor + 1] = { "license", string.format("MD-%06d", R(0, 999999)) } end
  local staff = obj({ "supervisor", maybe(supervisor, 0.02, 0.01) },
    { "administrator", maybe(obj(
      { "role", pick({ "registered_nurse", "registered_nurse", "nurse_practitioner", "physician" }) },
      { "moderate_sedation", bool(0.88) }), 0.03, 0.01) })
  local patient = obj(
    { "id", string.format("p-%06d", i) },
    { "age", maybe(R(16, 92), 0.01, 0.01) },
    { "sex", maybe(sex, 0.01, 0.01) },
    { "weight", weight() },
    { "pregnant", sex == "female" and bool(0.04) or maybe(false, 0.4, 0.1) },
    { "significant_comorbidities", bool(0.3) })
  if chance(0.2) then
    patient[#patient + 1] = { "height", obj({ "value", R(150, 195) }, { "unit", "cm" }) }
  end
  local rec = obj(
    { "patient", patient },
    { "pain", obj({ "conditions", conditions() }, { "refractory", bool(0.7) },
      { "nrs", maybe(R(0, 10), 0.4, 0.05) }) },
    { "history", obj(
      { "unstable_angina", bool(0.03) },
      { "hypertension", maybe(pick({ "none", "none", "controlled", "controlled", "uncontrolled" })) },
      { "coronary_disease", maybe(pick({ "none", "none", "none", "stable", "unstable" })) },
      { "cardiovascular_risk", maybe(pick({ "low", "low", "moderate", "high" })) },
      { "elevated_icp", bool(0.02) }, { "elevated_iop", bool(0.03) }, { "glaucoma", bool(0.05) },
      { "acute_globe_injury", bool(0.01) }, { "hyperthyroidism", bool(0.04) },
      { "pheochromocytoma", bool(0.005) },
      { "liver_disease", maybe(pick({ "none", "none", "none", "mild", "moderate", "severe" })) },
      { "chronic_hepatitis", bool(0.05) }, { "alcohol_abuse", bool(0.08) },
      { "full_stomach", bool(0.05) }, { "intoxicated", bool(0.03) },
      { "substance_abuse", maybe(pick({ "none", "none", "none", "past", "active" })) },
      { "psychosis", maybe(pick({ "none", "none", "none", "none", "history", "active" })) },
      { "delirium", bool(0.04) }, { "serious_psychomimetic_reaction", bool(0.05) },
      { "benzodiazepine_contraindicated", bool(0.06) }) },
    { "consent", maybe(pick({ "given", "given", "given", "refused", "pending" }), 0.02, 0.02) },
    { "plan", obj(
      { "route", maybe(pick({ "iv", "iv", "iv", "iv", "im", "intranasal" })) },
      { "bolus", bolus }, { "infusion_rate", rate },
      { "infusion_duration", maybe(pick({ "4 h", "4 h", "6 h", "30 min", "45 min", "2 h" })) },
      { "setting", maybe(pick({ "outpatient", "outpatient", "inpatient", "icu" })) },
      { "series", bool(0.3) }, { "first_infusion", bool(0.6) },
      { "day", maybe(R(1, 5), 0.5, 0.05) }) },
    { "site", obj({ "monitored", bool(0.95) }, { "resuscitation_equipment", bool(0.95) },
      { "rescue_medications", bool(0.93) }, { "airway_personnel", bool(0.9) }) },
    { "staff", staff })
  if chance(0.12) then rec[#rec + 1] = { "notes", pick(NOTES) } end
  local out = {}
  enc(rec, out)
  return table.concat(out)
end

local lines, lo, hi, redrawn = {}, math.huge, 0, 0
for i = 1, N do
  local s = record(i)
  while #s < MIN_LEN or #s > MAX_LEN do -- deterministic redraw
    redrawn = redrawn + 1
    s = record(i)
  end
  lo, hi = math.min(lo, #s), math.max(hi, #s)
  lines[i] = s
end
io.write(table.concat(lines, "\n"), "\n")
io.stderr:write(string.format("gen.lua: %d records, %d..%d bytes (%d redrawn)\n", N, lo, hi, redrawn))
