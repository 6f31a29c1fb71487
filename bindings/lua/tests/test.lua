-- Tests of the Lua binding, as TAP lines (the plan is printed by run.sh,
-- which prepares MEDRULE_TEST_DIR: see there).  Run through run.sh.
local medrule = require "medrule"
local cjson = require "cjson"

local DIR = assert(os.getenv("MEDRULE_TEST_DIR"), "run through bindings/lua/tests/run.sh")
local n, failed = 0, 0

local function diag(text)
  for line in (tostring(text) .. "\n"):gmatch("(.-)\n") do print("# " .. line) end
end

local function ok(cond, name, why)
  n = n + 1
  print((cond and "ok " or "not ok ") .. n .. " - " .. name)
  if not cond then
    failed = failed + 1
    if why then diag(why) end
  end
  return cond
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function lines(path)
  local t = {}
  for line in io.lines(path) do t[#t + 1] = line end
  return t
end

-- The first difference between two values (tables compared deeply, key by
-- key, so an array's length is compared too), or nil when they are equal.
local function diff(a, b, path)
  path = path or "$"
  if type(a) ~= type(b) then
    return ("%s: %s (%s) vs %s (%s)"):format(path, tostring(a), type(a), tostring(b), type(b))
  end
  if type(a) ~= "table" then
    if a == b then return nil end
    return ("%s: %s vs %s"):format(path, tostring(a), tostring(b))
  end
  for k, v in pairs(a) do
    local d = diff(v, rawget(b, k), path .. "." .. tostring(k))
    if d then return d end
  end
  for k, v in pairs(b) do
    if rawget(a, k) == nil then return ("%s.%s: absent vs %s"):format(path, tostring(k), tostring(v)) end
  end
  return nil
end

local function same(got, want, name)
  local d = diff(got, want)
  return ok(d == nil, name, d)
end

-- Raises? Returns the message.
local function raises(f, ...)
  local okay, err = pcall(f, ...)
  return not okay and tostring(err) or nil
end

-------------------------------------------------------------- the module

ok(type(medrule.open) == "function" and medrule.contract == 1, "require 'medrule' gives open() and contract 1")
ok(type(medrule.null) == "userdata" and medrule.null == cjson.null,
   "medrule.null is a light userdata, the same value as cjson.null (JSON null)")

local demo = assert(medrule.open("rules/demo"))
local ketamine = assert(medrule.open("rules/asra-ketamine-2018"))
local packs = {["rules/demo"] = demo, ["rules/asra-ketamine-2018"] = ketamine}

-------------------------------------------------------------- every golden patient

-- Each golden file: its cases (the facts as Lua tables, JSON null as
-- cjson.null), the same facts as JSON text, and what `medrule check` said.
local total, agree_table, agree_json, agree_bytes = 0, 0, 0, 0
for row in io.lines(DIR .. "/golden.tsv") do
  local packdir, file, base = row:match("^(.-)\t(.-)\t(.*)$")
  packs[packdir] = packs[packdir] or assert(medrule.open(packdir))
  local pack = packs[packdir]
  local cases = cjson.decode(read(file))
  local texts, outs = lines(base .. ".in"), lines(base .. ".out")
  local bad = {table = nil, json = nil, bytes = nil}
  for i, case in ipairs(cases) do
    local opts = {source = "<stdin>:" .. i}
    local want = cjson.decode(outs[i])
    local function compare(kind, got, err)
      local d
      if want.error then
        if got ~= nil then d = "a result where medrule check says: " .. want.error
        elseif err ~= want.error then d = ("message\n%s\nwhere medrule check says\n%s"):format(err, want.error) end
      elseif got == nil then
        d = "nil, " .. tostring(err)
      else
        d = diff(got, want)
      end
      if d and not bad[kind] then bad[kind] = ("case %d (%s): %s"):format(i, case.name, d) end
      return d == nil
    end
    total = total + 1
    if compare("table", pack:check(case.facts, opts)) then agree_table = agree_table + 1 end
    if compare("json", pack:check(texts[i], opts)) then agree_json = agree_json + 1 end
    local bytes, err = pack:check_json(texts[i], opts)
    if want.error then
      if bytes == nil and err == want.error then agree_bytes = agree_bytes + 1
      elseif not bad.bytes then bad.bytes = ("case %d: %s"):format(i, tostring(bytes or err)) end
    elseif bytes == outs[i] .. "\n" then
      agree_bytes = agree_bytes + 1
    elseif not bad.bytes then
      bad.bytes = ("case %d:\n%s\nwhere medrule check says\n%s"):format(i, tostring(bytes or err), outs[i])
    end
  end
  ok(not bad.table, ("%s: %d patients, pack:check(Lua table) equals medrule check"):format(file, #cases), bad.table)
  ok(not bad.json, ("%s: pack:check(JSON text) equals medrule check"):format(file), bad.json)
  ok(not bad.bytes, ("%s: pack:check_json(JSON text) is medrule check's output, byte for byte"):format(file),
     bad.bytes)
end
diag(("golden patients: %d; equal to medrule check: Lua table %d, JSON text %d, rendered bytes %d")
     :format(total, agree_table, agree_json, agree_bytes))
ok(total > 200 and packs["rules/demo"] and packs["rules/asra-ketamine-2018"] and agree_table == total and agree_json == total and agree_bytes == total,
   ("all %d golden patients agree on all three paths"):format(total))

-------------------------------------------------------------- the bad-input corpus (JSON text)

-- tests/bad-input/facts: each file through pack:check_json with its name as
-- the source gives what `medrule check FILE` gives: the message on standard
-- error ("medrule: " before it) or, for a file that loads, the output.
do
  local checked, first = 0, nil
  local listing = io.popen("ls tests/bad-input/facts/*.json")
  for file in listing:lines() do
    local base = file:gsub("%.json$", "")
    local args = io.open(base .. ".args") and read(base .. ".args") or "--pack rules/demo"
    local dir = args:match("%-%-pack (%S+)")
    packs[dir] = packs[dir] or medrule.open(dir)
    local pack = packs[dir]
    local errfile = io.open(base .. ".err")
    if errfile then errfile:close() end
    if pack and errfile then
      local out, err = pack:check_json(read(file), {source = file})
      local want_err, want_out = read(base .. ".err"), io.open(base .. ".out") and read(base .. ".out") or ""
      local got_err = err and ("medrule: " .. err .. "\n") or ""
      local same_out = (out or "") == want_out or (out == nil and want_out:find('"error":', 1, true))
      if (got_err == want_err or (want_err == "" and err == nil)) and same_out then
        checked = checked + 1
      elseif not first then
        first = ("%s:\n%s%s\nwhere medrule check says\n%s%s"):format(file, got_err, out or "", want_err, want_out)
      end
    end
  end
  listing:close()
  ok(checked > 100 and not first, ("tests/bad-input/facts: %d files give medrule check's message"):format(checked),
     first)
end

-------------------------------------------------------------- errors

do
  local r, err, status = demo:check('{"patient": {"weight": }')
  ok(r == nil and err == "<facts>:1:24: expected a value, found '}'" and status == "input",
     "bad JSON: nil, the message with line:column, status 'input'", tostring(err))
  r, err = demo:check('{\n  "patient": {\n    "weight": "70 kg",,\n  }\n}', {source = "p.json"})
  ok(r == nil and err:match("^p%.json:3:23: "), "bad JSON over several lines: the source name, line 3, column 23",
     tostring(err))

  local typo = "$.patient.wieght: unknown fact 'patient.wieght' (did you mean 'patient.weight'?; " ..
               "--allow-extra ignores unknown names)"
  r, err = demo:check('{"patient": {"wieght": "70 kg"}}')
  ok(r == nil and err == typo, "JSON with a typo: the path and a suggestion", tostring(err))
  r, err, status = demo:check({patient = {wieght = "70 kg"}})
  ok(r == nil and err == typo and status == "input", "a Lua table with the same typo: the same message",
     tostring(err))
  r, err = demo:check({["patient.wieght"] = "70 kg"})
  ok(r == nil and err == typo, "a dotted key with the typo: the same message", tostring(err))

  local many = {patient = {pregnant = 1, weight = "900 kg", wieght = 3}, history = {liver_disease = "sever"},
                pain = {conditions = {"crps", 7}}, bogus = true}
  local text = '{"bogus": true, "history": {"liver_disease": "sever"}, "pain": {"conditions": ["crps", 7]}, ' ..
               '"patient": {"pregnant": 1, "weight": "900 kg", "wieght": 3}}'
  local terr, jerr
  r, terr = demo:check(many)
  local _, jerr2 = demo:check(text)
  jerr = jerr2
  local got = {}
  for line in (terr or ""):gmatch("[^\n]+") do got[#got + 1] = line end
  ok(r == nil and #got == 6 and got[1]:match("^%$%.bogus: unknown fact 'bogus'") and
     got[2]:match("^history%.liver_disease: 'sever' is not one of its codes %(did you mean 'severe'%?") and
     got[3] == "pain.conditions: item 2 is a number; expected one of its codes" and
     got[4] == "patient.pregnant: expected true or false, got a number" and
     got[5]:match("^patient%.weight: 900 kg is outside the plausible range") and
     got[6]:match("^%$%.patient%.wieght: unknown fact 'patient%.wieght' %(did you mean 'patient%.weight'"),
     "several errors in a Lua table: all of them, one per line, in key order", terr)
  local jlines = {}
  for line in (jerr or ""):gmatch("[^\n]+") do jlines[#jlines + 1] = line end
  jlines[3] = jlines[3] and jlines[3]:gsub("item 1 is", "item 2 is") -- JSON counts items from 0, Lua from 1
  ok(table.concat(jlines, "\n") == terr, "the same facts as JSON text: the same messages", jerr)

  r, err = demo:check({{patient = {}}})
  ok(r == nil and err == "$: a table of facts is keyed by fact names, not a list", "a list is not a table of facts",
     err)
  r, err = demo:check({patient = {pregnant = false, [1] = "x"}})
  ok(r == nil and err == "$.patient: a table of facts has fact names for keys, not number keys",
     "a number key in a group is an error", err)
  r, err = demo:check({patient = {id = "a\0b"}})
  ok(r == nil and err == "patient.id: the text contains a NUL byte (byte 1)", "text with a NUL byte is refused", err)
  r, err = demo:check({patient = "x"})
  ok(r == nil and err == "$.patient: 'patient' is a group of facts and must be an object, got a string",
     "a group given a string", err)
  r, err = demo:check({patient = {weight = {value = 70, unit = "kg", units = "x"}}})
  ok(r == nil and err == "patient.weight: a quantity object has 'value', 'unit', 'system' and 'code', not 'units'",
     "a quantity table with an unknown key", err)
  r, err = demo:check({patient = {weight = print}})
  ok(r == nil and err == "patient.weight: expected a quantity such as \"82 kg\", got a function",
     "a function is no fact value", err)

  r, err = demo:check({patient = {wieght = "70 kg", pregnant = true}}, {allow_extra = true, source = "x"})
  ok(r and r.disposition == "do_not_proceed" and r.patient.source == "x" and #r.warnings == 1 and
     r.warnings[1] == "x: $.patient.wieght: ignored: not a fact of pack demo (did you mean 'patient.weight'?)",
     "allow_extra: an unknown name is a warning in the result, the source names it",
     r and r.warnings[1] or err)
  local j = demo:check('{"patient": {"wieght": "70 kg", "pregnant": true}}', {allow_extra = true, source = "x"})
  same(j, r, "allow_extra: JSON text gives the same result")
  r, err = demo:check({patient = {weight = "0 kg"}}, {source = "bed 7"})
  ok(r == nil and err:match("^bed 7: patient%.weight: 0 kg is outside the plausible range"),
     "the source starts every message", err)

  err = raises(demo.check, demo, {}, {allow_extras = true})
  ok(err and err:find("unknown option 'allow_extras' (options: allow_extra, source)", 1, true),
     "a misspelt option raises an error", err)
  err = raises(demo.check, demo, {}, {source = 7})
  ok(err and err:find("option source must be a string", 1, true), "an option of the wrong type raises an error", err)
  err = raises(demo.check, demo, 42)
  ok(err and err:find("table, JSON text or fact set expected", 1, true), "a number is not input: raises", err)
  err = raises(medrule.open, "rules/demo", {memory_limt = 1})
  ok(err and err:find("unknown option 'memory_limt'", 1, true), "medrule.open: a misspelt option raises", err)

  -- packs that fail to load: nil, the engine's message (what `medrule` prints), a status
  local p, perr, pstatus = medrule.open("no/such/pack")
  ok(p == nil and perr:find("no/such/pack/pack.lua", 1, true) and pstatus ~= nil,
     "a missing pack: nil, a message naming its pack.lua, a status", tostring(perr))
  local checked, first = 0, nil
  local listing = io.popen("ls -d tests/bad-input/packs/*/")
  for dir in listing:lines() do
    dir = dir:gsub("/$", "")
    local errfile = io.open(dir .. ".err")
    if errfile then
      local want = errfile:read("a")
      errfile:close()
      local pk, msg, status = medrule.open(dir)
      if pk == nil and "medrule: " .. msg .. "\n" == want and status == "pack" then checked = checked + 1
      elseif not first then first = ("%s: %s\nwhere medrule says\n%s"):format(dir, tostring(msg), want) end
    end
  end
  listing:close()
  ok(checked > 40 and not first,
     ("tests/bad-input/packs: %d packs that fail to load give nil, medrule's message, 'pack'"):format(checked), first)

  p, perr, pstatus = medrule.open({"rules/demo", "rules/asra-ketamine-2018"})
  ok(p == nil and perr:find("declared differently", 1, true) and pstatus == "pack",
     "medrule.open{dir1, dir2} with a fact the packs declare differently: nil and the engine's message",
     tostring(perr))
  p, perr = medrule.open({"rules/asra-ketamine-2018", "rules/hocking-2003"})
  local res = p and p:check({pain = {conditions = {"crps"}}})
  ok(res and p.count == 2 and #res.packs == 2 and res.packs[2].id == "hocking-2003" and #res.disagreements > 0,
     "medrule.open{dir1, dir2}: both packs, with their disagreements", tostring(perr))
  p, perr = medrule.open({})
  ok(p == nil and perr == "no pack directory given", "medrule.open{}: nil, no pack directory given", tostring(perr))
  p = medrule.open({"rules/demo"})
  ok(p and p.digest == demo.digest and p.count == 1, "medrule.open{dir}: the one pack")
end

-------------------------------------------------------------- null, tables, units

do
  local r = demo:check({patient = {pregnant = false}, history = {liver_disease = "none"}})
  ok(rawget(r.patient, "id") == medrule.null and r.patient.source == medrule.null,
     "result: a patient without id and a check without source give medrule.null, not a missing key")
  local low
  local r2 = demo:check({patient = {weight = "60 kg", pregnant = false}, history = {liver_disease = "none"},
                         plan = {infusion_rate = "0.2 mg/kg/h", infusion_duration = "2 h"}})
  for _, rec in ipairs(r2.recommendations) do if rec.id == "demo.dosing.total_low" then low = rec end end
  ok(low and rawget(low, "grade") == medrule.null and rawget(low, "certainty") == medrule.null,
     "an ungraded recommendation keeps \"grade\": null as medrule.null")
  ok(low and low.because[1].fact == "plan.total_dose" and low.because[1].value == 24 and
     math.type(low.because[1].value) == "integer" and low.because[1].unit == "mg",
     "a because value: in the canonical unit, an integer when it is one", low and cjson.encode(low.because))

  local a = demo:check({history = {liver_disease = medrule.null}, patient = {pregnant = false}})
  local b = demo:check('{"history": {"liver_disease": null}, "patient": {"pregnant": false}}')
  local c = demo:check({patient = {pregnant = false}})
  same(a, b, "medrule.null is JSON null: the fact is given as unknown")
  same(a, c, "and unknown is what an absent fact is (no default)")
  ok(a.disposition == "insufficient_data" and a.missing_facts[1] == "history.liver_disease",
     "so a stop rule on it stays undecided and it is asked for")

  local base = {pregnant = false}
  local function with(w) return demo:check({patient = {pregnant = false, weight = w}, plan = {infusion_rate = "35 mg/h"}}) end
  local kg, num, fhir = with("70 kg"), with(70), with({value = 70, unit = "kg"})
  same(num, kg, "a number for a quantity is in its canonical unit (70 is 70 kg)")
  same(fhir, kg, "a FHIR-shaped quantity table {value, unit}")
  local dotted = demo:check({["patient.pregnant"] = false, ["patient.weight"] = "70 kg",
                             plan = {infusion_rate = "35 mg/h"}})
  same(dotted, kg, "dotted keys and nested groups are the same facts")
  local _, err = demo:check({patient = {weight = "70 kg"}, ["patient.weight"] = "70 kg"})
  ok(err == "patient.weight: given twice (duplicate key)", "a fact given nested and dotted is given twice", err)
  local e1 = demo:check({pain = {conditions = {}}, patient = base})
  local e2 = demo:check('{"pain": {"conditions": []}, "patient": {"pregnant": false}}')
  same(e1, e2, "an empty table for a list of codes is the empty list")
end

-------------------------------------------------------------- fact sets

do
  local f = demo:new_facts()
  ok(f:set("patient.weight", "154 [lb_av]") == true and math.abs(f:get("patient.weight") - 154 * 0.45359237) < 1e-9,
     "facts:set converts units; facts:get gives the canonical value")
  local v, given = f:get("patient.pregnant")
  ok(v == medrule.null and given == false, "an untouched fact: medrule.null, not given")
  ok(f:set("patient.pregnant", medrule.null) and select(2, f:get("patient.pregnant")) == true,
     "set to medrule.null: unknown, but given")
  local okay, err, status = f:set("patient.wieght", 70)
  ok(okay == nil and err == "patient.wieght: not a fact of pack demo (did you mean 'patient.weight'?)" and
     status == "notfound", "facts:set of an unknown name: nil, a suggestion, 'notfound'", err)
  okay, err = f:set("patient.pregnant", "yes")
  ok(okay == nil and err == "patient.pregnant: expected true or false, got a string", "facts:set checks the type", err)
  ok(f:set("patient", {pregnant = true, id = "p-1"}) and f:get("patient.id") == "p-1",
     "facts:set of a group takes a table")
  local r = demo:check(f)
  local t = demo:check({patient = {weight = "154 [lb_av]", pregnant = true, id = "p-1"}})
  same(r, t, "pack:check(facts) equals pack:check(table) for the same facts")
  ok(#f:errors() == 2 and f:errors()[2] == err, "facts:errors lists the setters' errors")
  err = raises(f.get, f, "patient.wieght")
  ok(err and err:find("did you mean 'patient.weight'", 1, true), "facts:get of an unknown name raises", err)

  local g, gerr = demo:new_facts({patient = {pregnant = "no"}})
  ok(g == nil and gerr == "patient.pregnant: expected true or false, got a string",
     "pack:new_facts(input) that fails: nil, message", gerr)
  g = demo:new_facts()
  local loaded, lerr = g:load('{"patient": {"pregnant": 3}}')
  local r2, rerr = demo:check(g)
  ok(loaded == nil and r2 == nil and rerr == lerr, "a fact set whose load failed is not evaluated", rerr)
  ok(g:load({patient = {pregnant = true}}) == g and demo:check(g).disposition == "do_not_proceed",
     "a later load that succeeds is")
  g:clear()
  ok(demo:check(g).disposition == "insufficient_data", "facts:clear forgets everything")
  err = raises(ketamine.check, ketamine, g)
  ok(err and err:find("made for another pack", 1, true), "a fact set of another pack raises", err)
  ok(g.pack == demo, "facts.pack is its pack")
end

-------------------------------------------------------------- lifetime and garbage collection

do
  -- a pack that only a fact set references
  local f = medrule.open("rules/demo"):new_facts({patient = {pregnant = true}})
  collectgarbage()
  collectgarbage()
  local r = f.pack:check(f)
  ok(r and r.disposition == "do_not_proceed" and f:get("patient.pregnant") == true,
     "a pack referenced only by a fact set survives collection and still works")
  f = nil
  collectgarbage()
  collectgarbage()
  ok(true, "the pack and the fact set collected together: no crash")

  -- closed pack, fact set still alive
  local p = assert(medrule.open("rules/demo"))
  local g = p:new_facts({patient = {weight = "70 kg"}})
  p:close()
  local err = raises(p.check, p, {})
  ok(err and err:find("the pack is closed", 1, true), "a closed pack raises when used", err)
  ok(g:get("patient.weight") == 70 and g:set("patient.weight", "80 kg"),
     "its fact set still works: the engine's pack is closed only after it")
  g = nil
  p = nil
  collectgarbage()
  collectgarbage()

  local kept
  do
    local q <close> = assert(medrule.open("rules/demo"))
    kept = q
    ok(q:check({}).disposition == "insufficient_data", "a <close> pack works in its scope")
  end
  ok(raises(kept.check, kept, {}), "and is closed after it")
  ok(tostring(kept):find("closed", 1, true), "tostring says so")

  -- many packs and fact sets dropped in every order
  local objs = {}
  for i = 1, 30 do
    local pk = assert(medrule.open("rules/demo"))
    objs[#objs + 1] = (i % 3 == 0) and pk or pk:new_facts({patient = {pregnant = i % 2 == 0}})
    if i % 5 == 0 then pk:close() end
  end
  for i = 1, #objs, 2 do objs[i] = nil end
  collectgarbage()
  for i = 2, #objs, 2 do objs[i] = nil end
  collectgarbage()
  ok(true, "30 packs and fact sets, some closed, collected in mixed order: no crash")

  -- a finalizer that checks while a check is running (the collector runs
  -- finalizers during allocations): nested checks use their own session
  local t = {patient = {pregnant = true}}
  local nested, outer_ok = 0, true
  collectgarbage("incremental", 10, 400)
  for _ = 1, 300 do
    setmetatable({}, {__gc = function()
      local r = demo:check(t)
      if r and r.disposition == "do_not_proceed" then nested = nested + 1 end
    end})
    local r = demo:check(t)
    outer_ok = outer_ok and r.disposition == "do_not_proceed"
  end
  collectgarbage()
  collectgarbage("incremental", 200, 100)
  ok(outer_ok and nested > 0, ("checks from finalizers during checks (%d of them) give the right answers"):format(nested))

  -- finalizers that close a pack while its rules are read, and a fact set
  -- while it loads or is checked: the object stays valid until the function
  -- using it returns, and is closed from then on
  collectgarbage("generational")
  local stopped = 0
  for _ = 1, 100 do
    local p = assert(medrule.open("rules/demo"))
    local done = pcall(function()
      for _ in p:rules() do
        for _ = 1, 3 do setmetatable({}, {__gc = function() p:close() end}) end
      end
    end)
    if not done then stopped = stopped + 1 end
  end
  local stopped_facts = 0
  for _ = 1, 200 do
    local g = demo:new_facts()
    local t = {patient = {weight = "70 kg", age = 50, id = "x"}, history = {liver_disease = "none"},
               pain = {conditions = {"crps", "fibromyalgia"}}, plan = {infusion_rate = "1 mg/kg/h"}}
    for _ = 1, 3 do setmetatable({}, {__gc = function() g:close() end}) end
    local done = pcall(g.load, g, t) and pcall(demo.check, demo, g) and pcall(g.errors, g)
    if not done then stopped_facts = stopped_facts + 1 end
  end
  collectgarbage("incremental", 200, 100)
  collectgarbage()
  ok(stopped > 0 and stopped_facts > 0,
     ("packs and fact sets closed by finalizers while in use (%d and %d times): no crash, closed afterwards")
     :format(stopped, stopped_facts))
end

-------------------------------------------------------------- pack metadata

for name, pack in pairs(packs) do
  local doc = cjson.decode(read(DIR .. "/doc-" .. name:match("[^/]+$") .. ".json"))
  ok(pack.id == doc.id and pack.version == doc.version and pack.title == doc.title and pack.digest == doc.digest and
     pack.dir == doc.dir and pack.scale == doc.evidence.scale and pack.grade_word == doc.evidence.word,
     name .. ": pack.id, .version, .title, .digest, .dir, .scale, .grade_word are medrule doc's")
  -- JSON null is an absent field here
  local function strip(v)
    if v == cjson.null then return nil end
    if type(v) ~= "table" then return v end
    local t = {}
    for k, x in pairs(v) do t[k] = strip(x) end
    return t
  end
  -- the fields this binding gives (README.md): a new one in medrule doc must be added here and there
  local RULE_FIELDS = {id = 1, category = 1, action = 1, effect = 1, grade = 1, certainty = 1, text = 1, source = 1,
                       judgments = 1, topic = 1, position = 1, when = 1, applies = 1, lua_function = 1, reads = 1,
                       file = 1, line = 1}
  local FACT_FIELDS = {name = 1, type = 1, unit = 1, per = 1, values = 1, range = 1, default = 1, derive = 1,
                       computed = 1, description = 1, file = 1, line = 1}
  local unknown = {}
  for _, item in ipairs(doc.rules) do for k in pairs(item) do if not RULE_FIELDS[k] then unknown[#unknown + 1] = "rule." .. k end end end
  for _, item in ipairs(doc.facts) do for k in pairs(item) do if not FACT_FIELDS[k] then unknown[#unknown + 1] = "fact." .. k end end end
  ok(#unknown == 0, name .. ": every field medrule doc gives a rule or fact is one the binding gives",
     table.concat(unknown, ", "))
  local rules, bad = {}, nil
  for i, rule in pack:rules() do
    rules[i] = rule
    local want = strip(doc.rules[i])
    local got = {}
    for k, x in pairs(rule) do if k ~= "scale" and k ~= "pack" then got[k] = x end end
    bad = bad or diff(got, want, rule.id)
  end
  ok(#rules == #doc.rules and not bad, ("%s: pack:rules() gives the %d rules medrule doc describes"):format(name, #rules),
     bad)
  local facts = {}
  bad = nil
  for i, fact in pack:facts() do
    facts[i] = fact
    local want = strip(doc.facts[i])
    local got = {}
    for k, x in pairs(fact) do got[k] = x end
    if got.default then got.default = cjson.decode(got.default) end -- the JSON text of the value
    bad = bad or diff(got, want, fact.name)
  end
  ok(#facts == #doc.facts and not bad, ("%s: pack:facts() gives the %d facts medrule doc describes"):format(name, #facts),
     bad)
  ok(pack:rule(rules[1].id).id == rules[1].id and pack:rule("no.such.rule") == nil and
     pack:fact(facts[1].name).name == facts[1].name and pack:fact("no.such") == nil, name .. ": pack:rule, pack:fact")
  same(cjson.decode(pack:describe_json()), doc, name .. ": pack:describe_json() is medrule doc --format json")
end

-------------------------------------------------------------- the README's example

do
  local readme = read("bindings/lua/README.md")
  local code = readme:match("```lua\n(.-)```")
  local printed = {}
  local env = setmetatable({print = function(...) printed[#printed + 1] = table.concat({...}, "\t") end},
                           {__index = _G})
  local chunk = code and load(code:gsub("/usr/local/share/medrule/packs/", "rules/"), "README", "t", env)
  local okay, err = pcall(chunk or error)
  local want = code and code:match("%-%->%s*(%S+)")
  ok(okay and want and printed[1] == want and #printed > 2,
     "bindings/lua/README.md: the example runs and prints what it says", err or printed[1])
end

local f = io.open(DIR .. "/count", "w")
f:write(n)
f:close()
os.exit(failed == 0 and 0 or 1)
