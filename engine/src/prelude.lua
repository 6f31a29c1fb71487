-- prelude.lua — runs once per pack load, before the pack's own files.
-- It builds the sandbox the pack files run in, gives them the declaration
-- functions (pack, fact, rule, policy, include), checks the shape of every
-- declaration where the error can name the pack file and line, and parses
-- each condition with LPeg into a syntax tree that the C compiler types and
-- flattens.  Called from C as prelude(lpeg, readfile, gate, copy_plain,
-- where, unhooked, parse, unknown_key); returns run().  gate(f) is f behind
-- a C function that checks the deadline on every call; copy_plain(t) is
-- plain()'s deep copy and where(n) the pack file and line n frames up, both
-- made in C; unhooked(f) is f run without the time limit's count hook
-- (luabox.c says when); parse(text) is the condition grammar below done in
-- C for the texts it is sure of, the same tree or nil (luabox_parse.c);
-- unknown_key(t, allowed) is check_fields' loop in C.
local lpeg, readfile, gate, copy_plain, where, unhooked, parse, unknown_key = ...
local registry = debug.getregistry()
local debug_getinfo, debug_getupvalue, string_format, type, pairs, ipairs, error, select, tostring, next, rawget =
  debug.getinfo, debug.getupvalue, string.format, type, pairs, ipairs, error, select, tostring, next, rawget
local load, setmetatable, getmetatable, rawget = load, setmetatable, getmetatable, rawget
-- The prelude's own pattern calls, on names and texts it checks, use the raw
-- functions: its patterns are linear; the cost checks are for the pack's.
local str_find, str_match, str_gsub, str_sub = string.find, string.match, string.gsub, string.sub

---------------------------------------------------------------- errors
-- Errors are tables {file=, line=, msg=} so C can format "file:line: msg".
-- where(level) (from C): the pack file and line running `level` frames up,
-- or the nearest pack line above it (a declaration may be called through
-- pcall); "pack.lua", 0 when there is none.
local function fail_at(file, line, fmt, ...)
  error({ file = file, line = line, msg = string_format(fmt, ...) }, 0)
end

---------------------------------------------------------------- sandbox
-- Time limits: the C side checks the clock every 1000 instructions and on
-- every call of a library function (each is behind gate(), below), so Lua
-- code can always be stopped.  What a library function does in C cannot be
-- interrupted: every one offered to packs either costs at most what the size
-- of its arguments allows (bounded by the memory limit), or is replaced
-- below by a Lua version (table.insert, remove, move, concat, unpack), or is
-- given a Lua function to call at each step (table.sort, string.gsub with a
-- table), or checks the cost before it starts (the pattern functions,
-- string.rep).
local function gate_all(t, except)
  for k, v in pairs(t) do
    if type(v) == "function" and not (except and except[k]) then t[k] = gate(v) end
  end
  return t
end
local MAX_STRING = 1 << 20
local PATTERN_BUDGET = 1e7  -- worst-case matcher steps (about 40 ms)
local PLAIN_BUDGET = 1e9    -- byte comparisons of a plain find (about 15 ms)
local raw_sub, raw_byte, raw_rep = string.sub, string.byte, string.rep
local math_type, math_ult, tointeger, maxinteger = math.type, math.ult, math.tointeger, math.maxinteger
local raw_concat, raw_unpack, raw_sort = table.concat, table.unpack, table.sort

local safe_string = {}
for k, v in pairs(string) do safe_string[k] = v end
safe_string.dump = nil
safe_string.rep = function(s, n, sep)
  n = tonumber(n) or 0
  local total = #tostring(s) * n + #(sep or "") * math.max(n - 1, 0)
  if total > MAX_STRING or n > MAX_STRING then -- the count too: rep("", 1e10) loops in C
    error("string.rep: result of " .. string_format("%.0f", total) .. " bytes (" .. string_format("%.0f", n)
          .. " repetitions) exceeds the 1 MiB limit", 2)
  end
  return raw_rep(s, n, sep)
end

-- A bound on the steps Lua's matcher can take for `pattern` on a subject of
-- n bytes: each start position (one when anchored), times n for every
-- repetition (* + - ?), balance (%b) or back-reference (%1), times the
-- pattern's length.  Returns the bound and the number of repetitions.
local B_PCT, B_LBR, B_RBR, B_CARET, B_0, B_9 = raw_byte("%[]^09", 1, 6)
local REP = { [raw_byte "*"] = true, [raw_byte "+"] = true, [raw_byte "-"] = true, [raw_byte "?"] = true }
local function pattern_cost(pattern, n, anchors)
  local reps, i, len = 0, 1, #pattern
  local starts = n + 1
  if anchors and raw_byte(pattern, 1) == B_CARET then starts, i = 1, 2 end
  while i <= len do
    local c = raw_byte(pattern, i)
    if c == B_PCT then
      local d = raw_byte(pattern, i + 1)
      if d == raw_byte "b" then reps, i = reps + 1, i + 4
      elseif d and d > B_0 and d <= B_9 then reps, i = reps + 1, i + 2
      else i = i + 2 end
    elseif c == B_LBR then
      i = i + 1
      if raw_byte(pattern, i) == B_CARET then i = i + 1 end
      if raw_byte(pattern, i) == B_RBR then i = i + 1 end
      while i <= len and raw_byte(pattern, i) ~= B_RBR do
        i = i + (raw_byte(pattern, i) == B_PCT and 2 or 1)
      end
      i = i + 1
    else
      if REP[c] then reps = reps + 1 end
      i = i + 1
    end
  end
  return starts * (n + 1.0) ^ reps * (len + 1), reps
end

-- Lua patterns backtrack in C, where the time limit cannot interrupt them:
-- a call whose worst case exceeds the budget is refused before it starts.
for _, name in ipairs { "find", "match", "gmatch", "gsub" } do
  local f = gate(string[name])
  safe_string[name] = function(s, pattern, a3, a4, ...)
    local ts, tp = type(s), type(pattern)
    if (ts == "string" or ts == "number") and (tp == "string" or tp == "number") then
      local n, m = #tostring(s), #tostring(pattern)
      if n > MAX_STRING then
        error(string_format("string.%s: the subject is %d bytes; the limit is 1 MiB", name, n), 2)
      end
      if name == "find" and a4 then -- a plain search: memchr and memcmp
        if (n + 1.0) * (m + 1) > PLAIN_BUDGET then
          error(string_format("string.find: a plain search for %d bytes in %d bytes could take too long", m, n), 2)
        end
      else
        local cost, reps = pattern_cost(tostring(pattern), n, name ~= "gmatch")
        if cost > PATTERN_BUDGET then
          error(string_format("string.%s: a pattern of %d bytes with %d repetition%s on %d bytes could take too long",
                              name, m, reps, reps == 1 and "" or "s", n), 2)
        end
      end
    end
    if name == "gsub" and type(a3) == "table" then
      -- a table is read in C once per match: through a function, each read
      -- is a call that the time limit sees
      local repl = a3
      a3 = function(k) return repl[k] end
    end
    return f(s, pattern, a3, a4, ...)
  end
end
gate_all(safe_string)
-- Every string shares one metatable: point it at the safe table and lock it,
-- so ("x"):rep(1e9) and getmetatable("").__index cannot get around the limits.
local smt = getmetatable("")
smt.__index = safe_string
smt.__metatable = "locked"

local function copy(t, drop)
  local r = {}
  for k, v in pairs(t) do if not (drop and drop[k]) then r[k] = v end end
  return r
end

-- The table functions that loop in C over a count the caller chooses
-- (table.move({}, 1, math.maxinteger, 1, {}); insert and remove below a
-- huge __len) are written in Lua: every step is an instruction the time
-- limit sees.  Same arguments, results and messages as Lua 5.4's.
local function argerror(i, fname, msg)
  error(string_format("bad argument #%d to '%s' (%s)", i, fname, msg), 0)
end
local function typename(v, given) return given and type(v) or "no value" end
local function checktable(t, i, fname)
  if type(t) ~= "table" then argerror(i, fname, "table expected, got " .. typename(t, t ~= nil)) end
end
local function checkint(x, i, fname, given)
  local n = x
  if type(n) == "string" then n = tonumber(n) end
  if type(n) ~= "number" then argerror(i, fname, "number expected, got " .. typename(x, given or x ~= nil)) end
  local r = tointeger(n)
  if not r then argerror(i, fname, "number has no integer representation") end
  return r
end
local function length(t)
  local n = #t
  local r = (type(n) == "number" or type(n) == "string") and tointeger(tonumber(n))
  if not r then error("object length is not an integer", 0) end
  return r
end

local safe_table = copy(table)
function safe_table.insert(t, ...)
  checktable(t, 1, "insert")
  local e = length(t) + 1
  local nargs = select("#", ...)
  if nargs == 1 then
    t[e] = ...
    return
  end
  if nargs ~= 2 then error("wrong number of arguments to 'insert'", 0) end
  local pos, v = ...
  pos = checkint(pos, 2, "insert", true)
  if not math_ult(pos - 1, e) then argerror(2, "insert", "position out of bounds") end
  local i = e
  while i > pos do
    t[i] = t[i - 1]
    i = i - 1
  end
  t[pos] = v
end
function safe_table.remove(t, pos)
  checktable(t, 1, "remove")
  local size = length(t)
  if pos == nil then
    pos = size
  else
    pos = checkint(pos, 2, "remove")
    if pos ~= size and math_ult(size, pos - 1) then argerror(2, "remove", "position out of bounds") end
  end
  local v = t[pos]
  while pos < size do
    t[pos] = t[pos + 1]
    pos = pos + 1
  end
  t[pos] = nil
  return v
end
function safe_table.move(...)
  local given = select("#", ...)
  local a1, f, e, t, a2 = ...
  f, e, t = checkint(f, 2, "move", given >= 2), checkint(e, 3, "move", given >= 3), checkint(t, 4, "move", given >= 4)
  checktable(a1, 1, "move")
  if a2 == nil then a2 = a1 else checktable(a2, 5, "move") end
  if e >= f then
    if not (f > 0 or e < maxinteger + f) then argerror(3, "move", "too many elements to move") end
    local n = e - f + 1
    if t > maxinteger - n + 1 then argerror(4, "move", "destination wrap around") end
    if t > e or t <= f or a2 ~= a1 then
      for i = 0, n - 1 do a2[t + i] = a1[f + i] end
    else
      for i = n - 1, 0, -1 do a2[t + i] = a1[f + i] end
    end
  end
  return a2
end
function safe_table.concat(t, sep, i, j)
  checktable(t, 1, "concat")
  local last = length(t)
  if sep == nil then sep = ""
  elseif type(sep) ~= "string" and type(sep) ~= "number" then
    argerror(2, "concat", "string expected, got " .. type(sep))
  end
  i = i == nil and 1 or checkint(i, 3, "concat")
  if j ~= nil then last = checkint(j, 4, "concat") end
  local parts, n = {}, 0
  while i <= last do
    local v = t[i]
    local tv = type(v)
    if tv ~= "string" and tv ~= "number" then
      error(string_format("invalid value (%s) at index %d in table for 'concat'", tv, i), 0)
    end
    n = n + 1
    parts[n] = v
    if i == last then break end -- i + 1 would wrap at math.maxinteger
    i = i + 1
  end
  return raw_concat(parts, sep)
end
function safe_table.unpack(t, i, j)
  i = i == nil and 1 or checkint(i, 2, "unpack")
  if j == nil then j = length(t) else j = checkint(j, 3, "unpack") end
  if i > j then return end
  local n = j - i -- wraps below zero when the range does not fit
  if n < 0 or n >= 999000 then error("too many results to unpack", 0) end
  local parts = {}
  for k = 0, n do parts[k + 1] = t[i + k] end
  return raw_unpack(parts, 1, n + 1)
end
local function less(a, b) return a < b end
function safe_table.sort(t, comp)
  checktable(t, 1, "sort")
  if comp == nil then comp = less -- a call per comparison, which the time limit sees
  elseif type(comp) ~= "function" then
    if length(t) > 1 then argerror(2, "sort", "function expected, got " .. type(comp)) end
    return
  end
  raw_sort(t, comp)
end

local env = {}
for _, k in ipairs { "assert", "error", "ipairs", "next", "pairs", "pcall", "select", "tonumber",
                     "tostring", "type", "rawequal", "rawlen", "rawget", "setmetatable",
                     "getmetatable" } do
  env[k] = _G[k]
end
-- error and assert stay as they are (the gate would shift the levels error
-- counts), and pcall: each costs the same whatever its arguments.
gate_all(env, { error = true, assert = true, pcall = true })
-- No finalizers: __gc would run during garbage collection, outside any
-- deadline (and after the pack has loaded).  No weak tables: what they hold
-- would depend on when garbage was collected, so results could too.
env.setmetatable = function(t, mt)
  if type(t) ~= "table" then
    error("bad argument #1 to 'setmetatable' (table expected, got " .. type(t) .. ")", 2)
  end
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not allowed in rule packs", 2)
  end
  if type(mt) == "table" and rawget(mt, "__mode") ~= nil then
    error("setmetatable: weak tables (__mode) are not allowed in rule packs: what they keep would depend "
          .. "on when memory is collected", 2)
  end
  return setmetatable(t, mt)
end
env.string = copy(safe_string) -- the pack's own copy: replacing its functions cannot reach the prelude's
env.table = gate_all(copy(safe_table))
env.math = gate_all(copy(math, { random = true, randomseed = true }))
env.utf8 = gate_all(copy(utf8))
env._VERSION = _VERSION

---------------------------------------------------------------- conditions
-- luabox_parse.c builds the same trees in C for the texts it is sure of;
-- tests/unit/test_condparse.c compares the two, reading this grammar from
-- the next line down to check_shape's comment: change them together.
local P, R, S, V, C, Cg, Ct, Cp, Cmt = lpeg.P, lpeg.R, lpeg.S, lpeg.V, lpeg.C, lpeg.Cg, lpeg.Ct, lpeg.Cp, lpeg.Cmt

-- Limits on a condition's shape.  The C compiler, the evaluator, lint and
-- the explanations all walk the tree recursively; a chain of + - or * /
-- nests one level per operator.  The conditions of the packs shipped are at
-- most 5 levels deep, with chains of at most 3 terms.
local MAX_DEPTH = 64   -- levels of the syntax tree
local MAX_CHAIN = 32   -- terms in one chain of + and -, or of * and /

-- The grammar is built twice: plainly, for speed, and with every token
-- recording how far the parse got, to point at a syntax error.  The second
-- runs only for a condition that failed the first.
local farthest = 1
local function marking(p)
  return Cmt(P(true), function(_, i) if i > farthest then farthest = i end return true end) * p
end
local function plain(p) return p end

local function build(mark)
local space = (S " \t\r\n" + P "--" * (1 - P "\n") ^ 0) ^ 0
local idchar = R("az", "AZ", "09") + "_"
local function kw(w) return mark(P(w) * -idchar) * space end
local function sym(s) return mark(P(s)) * space end
local keyword = (P "and" + "or" + "not" + "is" + "in" + "known" + "unknown" + "true" + "false") * -idchar
local ident = (R("az", "AZ") + "_") * idchar ^ 0
local digits = R "09" ^ 1
local numtext = digits * ("." * digits) ^ -1 * (S "eE" * S "+-" ^ -1 * digits) ^ -1 + "." * digits
local micro = P "\xc2\xb5" + P "\xce\xbc"
local ustart = R("az", "AZ") + S "[{%" + micro  -- not "/": "12 / 2" is a division
local uchar = R("az", "AZ", "09") + S "/.[]{}%_-" + micro

-- The chains below are function captures, not table captures: a level with
-- one operand (every level above a leaf, mostly) makes no table.
local function binary_chain(tag)
  -- start, node, op, node, its end, ..., end  ->  left-associative tree; a node ends where its
  -- last term's text does, a closing parenthesis included
  return function(s, a, ...)
    local n = select("#", ...)
    if n == 1 then
      a.e = a.e or ...
      return a
    end
    local t = { s, a, ... }
    local e = t[n + 2]
    t[n + 2] = nil
    if #t > 3 * MAX_CHAIN + 1 then -- the tree would be as deep as the chain is long
      return { tag = "too_long", s = t[3 * MAX_CHAIN + 1].s, e = e,
               msg = string_format("more than %d terms in one chain of %s: split it with parentheses or into "
                                   .. "derived facts", MAX_CHAIN, (t[3] == "+" or t[3] == "-") and "+ and -"
                                   or "* and /") }
    end
    local acc = a
    for i = 3, #t, 3 do
      acc = { tag = tag, op = t[i], a = acc, b = t[i + 1], s = s, e = t[i + 2] }
    end
    acc.e = acc.e or e
    return acc
  end
end

local function nary(tag)
  return function(s, a, ...)
    local n = select("#", ...)
    if n == 1 then return a end
    local kids = { a, ... }
    local e = kids[n + 1]
    kids[n + 1] = nil
    return { tag = tag, kids = kids, s = s, e = e }
  end
end

local function mk_num(s, text, unit, e)
  if type(unit) == "number" then unit, e = nil, unit end
  return { tag = "num", value = tonumber(text), text = text, unit = unit, s = s, e = e }
end

local function mk_cmp(s, a, op, b, e)
  if type(op) == "number" then return a end  -- no operator: just the operand
  if op == "is" then return { tag = b, a = a, s = s, e = e } end  -- known / unknown
  if op == "in" then return { tag = "in", a = a, b = b, s = s, e = e } end
  if op == "notin" then return { tag = "not", kids = { { tag = "in", a = a, b = b, s = s, e = e } }, s = s, e = e } end
  if op == "~=" then op = "!=" end
  return { tag = "cmp", op = op, a = a, b = b, s = s, e = e }
end

local str_lit = mark(P '"') * C((1 - S '"\n') ^ 0) * P '"' * space
              + mark(P "'") * C((1 - S "'\n") ^ 0) * P "'" * space

local grammar = P {
  "Expr",
  Expr = V "Or",
  Or = (Cg(Cp() * V "And" * (kw "or" * V "And") ^ 0) * Cp()) / nary "or",
  And = (Cg(Cp() * V "Not" * (kw "and" * V "Not") ^ 0) * Cp()) / nary "and",
  Not = (Cp() * kw "not" * V "Not" * Cp()) / function(s, k, e) return { tag = "not", kids = { k }, s = s, e = e } end
      + V "Cmp",
  Cmp = (Cp() * V "Sum" * (
          mark(C(P "<=" + ">=" + "==" + "!=" + "~=" + "<" + ">")) * space * V "Sum"
        + kw "is" * lpeg.Cc "is" * (kw "not" * kw "known" * lpeg.Cc "unknown"
                                    + kw "known" * lpeg.Cc "known" + kw "unknown" * lpeg.Cc "unknown")
        + kw "not" * kw "in" * lpeg.Cc "notin" * V "Sum"
        + kw "in" * lpeg.Cc "in" * V "Sum") ^ -1 * Cp()) / mk_cmp,
  Sum = (Cg(Cp() * V "Prod" * (mark(C(S "+-")) * space * V "Prod" * Cp()) ^ 0) * Cp()) / binary_chain "arith",
  Prod = (Cg(Cp() * V "Unary" * (mark(C(S "*/")) * space * V "Unary" * Cp()) ^ 0) * Cp()) / binary_chain "arith",
  Unary = (Cp() * sym "-" * V "Unary" * Cp()) / function(s, a, e) return { tag = "neg", a = a, s = s, e = e } end
        + V "Primary",
  Primary =
      (Cp() * mark(C(numtext)) * (S " \t" ^ 0 * -keyword * C(ustart * uchar ^ 0)) ^ -1 * Cp() * space) / mk_num
    + (Cp() * str_lit * Cp()) / function(s, v, e) return { tag = "str", value = v, s = s, e = e } end
    + (Cp() * sym "[" * Ct((str_lit * (sym "," * str_lit) ^ 0) ^ -1) * sym "]" * Cp())
        / function(s, items, e) return { tag = "list", items = items, s = s, e = e } end
    + (Cp() * kw "true" * Cp()) / function(s, e) return { tag = "bool", value = true, s = s, e = e } end
    + (Cp() * kw "false" * Cp()) / function(s, e) return { tag = "bool", value = false, s = s, e = e } end
    + (Cp() * -keyword * mark(C(ident * ("." * ident) ^ 0)) * Cp() * space)
        / function(s, name, e) return { tag = "fact", name = name, s = s, e = e } end
    + sym "(" * V "Expr" * sym ")",
}
return space * grammar * -1
end
-- Both are built when first needed: parse() in C takes the conditions packs
-- write, LPeg only what it gives up on (errors, texts near a limit); the
-- marking one is built at the first syntax error.
local condition, condition_marked = nil, nil

-- The first node deeper than MAX_DEPTH, or a chain that was too long:
-- position and message, or nil.
local function check_shape(node, depth)
  if node.tag == "too_long" then return node.s, node.msg end
  if depth > MAX_DEPTH then
    return node.s, string_format("the condition nests more than %d levels deep: split it into derived facts",
                                 MAX_DEPTH)
  end
  local kid = rawget(node, "a")
  if type(kid) == "table" and kid.tag then
    local pos, msg = check_shape(kid, depth + 1)
    if pos then return pos, msg end
  end
  kid = rawget(node, "b")
  if type(kid) == "table" and kid.tag then
    local pos, msg = check_shape(kid, depth + 1)
    if pos then return pos, msg end
  end
  local kids = node.kids
  if kids then
    for i = 1, #kids do
      local pos, msg = check_shape(kids[i], depth + 1)
      if pos then return pos, msg end
    end
  end
end

-- Parses a condition; returns the tree, or nil, 1-based position, message.
local function parse_condition(text)
  local tree = parse(text)
  if tree then return tree end -- never too deep nor a chain too long (luabox_parse.c)
  condition = condition or build(plain)
  local ok
  ok, tree = pcall(lpeg.match, condition, text)
  if not ok then
    local msg = tostring(tree)
    if str_find(msg, "not enough memory", 1, true) then error(tree, 0) end -- never reuse a half-built pattern
    if str_find(msg, "stack overflow", 1, true) or str_find(msg, "nesting too deep", 1, true) then
      return nil, 1, "the condition is nested too deeply (too many parentheses, 'not' or '-')"
    end
    return nil, 1, "cannot parse: " .. msg
  end
  if tree then
    -- Every node between the root and a leaf owns at least one character of
    -- its own (an operator, 'not', '-', 'is', 'in'), and a leaf one more: a
    -- tree deeper than MAX_DEPTH, or a chain too long (2 * MAX_CHAIN + 1
    -- characters at least), needs a longer text than this.
    if #text > MAX_DEPTH then
      local pos, msg = check_shape(tree, 1)
      if pos then return nil, pos, msg end
    end
    return tree
  end
  farthest = 1
  condition_marked = condition_marked or build(marking)
  pcall(lpeg.match, condition_marked, text)
  local pos = farthest
  local rest = str_gsub(str_sub(text, pos, pos + 15), "%s+$", "")
  if pos > #text or rest == "" then
    return nil, #text + 1, "the condition ends too early: an operand or ')' is missing"
  end
  return nil, pos, "unexpected '" .. rest .. "': expected a fact, number, code, list, operator or ')'"
end

---------------------------------------------------------------- declarations
-- Each declaration is copied when it is made, raw (next, never a metamethod)
-- and without metatables: pack code that keeps the table and changes it
-- later, or hands in a table with metamethods, cannot change what was
-- checked, and C reads only plain tables.
-- The copy is made in C (copy_plain, luabox.c), raw like next: at most 12
-- levels of tables and 100000 entries in one table.  The second result is
-- shallow(copy), made there too; and there a table without a metatable is
-- emptied, as seal() below needs it.
local function plain(v, file, line)
  if type(v) ~= "table" then return v end
  local r, shallow_or_why = copy_plain(v) -- the shallow copy, or why there is no copy
  if not r then fail_at(file, line, "%s", shallow_or_why) end
  return r, shallow_or_why
end

-- Read-only views of tables.  A view is an empty proxy that reads its table
-- raw (never running a metamethod the pack set), hands out views of the
-- tables it holds and leaf(v) of anything else, and refuses every write with
-- why(key).  Proxies are cached, so a table has one view.
local function readonly_mt(v, view, why, proxy, name)
  return {
    __index = function(_, k) return view(rawget(v, k)) end,
    __newindex = function(_, k) error(why(k), 2) end,
    __len = function() return rawlen(v) end,
    __pairs = function()
      local at = nil
      return function()
        local k, x = next(v, at)
        at = k
        if k == nil then return nil end
        return view(k), view(x)
      end, proxy, nil
    end,
    __metatable = name,
  }
end

local function make_view(why, leaf)
  local cache = setmetatable({}, { __mode = "k" })
  local view
  view = function(v)
    if type(v) ~= "table" then return leaf(v) end
    local p = cache[v]
    if not p then
      p = {}
      setmetatable(p, readonly_mt(v, view, why, p, "read-only"))
      cache[v] = p
    end
    return p
  end
  return view
end

local function same(v) return v end

-- After the copy, the caller's table is emptied and put behind a read-only
-- view of a second copy: reading it (and any table in it) still works,
-- writing fails clearly, and the pack reaches nothing the loader checks and
-- reads except through a view.  The second copy is shallow: the loader
-- replaces fields of the top level only (the parsed `when`, its own `file`
-- and `line`), never a table inside, so the inner tables can be shared with
-- the checked copy; the pack only ever gets read-only views of them.
-- (plain() returns it as its second result.)

-- What a sealed declaration needs, kept beside it rather than in closures
-- made for each one: sealed[original] = { shown, what, file, line, view };
-- the view is made at the first read (most declarations are never read).
-- One metatable serves every sealed declaration.
local sealed = setmetatable({}, { __mode = "k" }) -- gone with the declaration
local function sealed_why(st, k)
  return string_format("%s (declared at %s:%d) cannot be changed after it is declared (setting '%s')",
                       st[2], st[3], st[4], tostring(k))
end
local function sealed_view(st)
  local view = st[5]
  if not view then
    view = make_view(function(k) return sealed_why(st, k) end, same)
    st[5] = view
  end
  return view
end
local sealed_mt = {
  __index = function(p, k)
    local st = sealed[p]
    return sealed_view(st)(rawget(st[1], k))
  end,
  __newindex = function(p, k) error(sealed_why(sealed[p], k), 2) end,
  __len = function(p) return rawlen(sealed[p][1]) end,
  __pairs = function(p)
    local st = sealed[p]
    local v, view, at = st[1], sealed_view(st), nil
    return function()
      local k, x = next(v, at)
      at = k
      if k == nil then return nil end
      return view(k), view(x)
    end, p, nil
  end,
  __metatable = "declared",
}

local function seal(original, shown, what, file, line)
  if type(original) ~= "table" or getmetatable(original) ~= nil then return end
  -- copy_plain has emptied it (a table without a metatable)
  sealed[original] = { shown, what, file, line }
  setmetatable(original, sealed_mt)
end

local reg = { pack = nil, facts = {}, rules = {}, policy = nil, fact_names = {}, rule_ids = {} }

local FACT_TYPES = { boolean = true, number = true, quantity = true, code = true, codes = true, string = true }
local RULE_FIELDS = { id = 1, category = 1, action = 1, grade = 1, certainty = 1, when = 1, applies = 1,
                      text = 1, source = 1, judgment = 1, judgments = 1, effect = 1, reads = 1, topic = 1,
                      position = 1 }
local FACT_FIELDS = { [1] = 1, type = 1, unit = 1, per = 1, values = 1, range = 1, default = 1,
                      derive = 1, computed = 1, description = 1 }
local ACTIONS = { recommend = 1, consider = 1, caution = 1, avoid = 1, do_not = 1, not_supported = 1, info = 1 }
local EFFECTS = { stop = 1, caution = 1, none = 1 }

local function check_fields(t, allowed, what, file, line)
  local k = unknown_key(t, allowed) -- the first in next's order (t is a copy: no metatable)
  if k ~= nil then fail_at(file, line, "%s: unknown field '%s'", what, tostring(k)) end
end

local function need_string(t, k, what, file, line)
  local v = t[k]
  if type(v) ~= "string" or v == "" then
    fail_at(file, line, "%s: field '%s' must be a non-empty string", what, k)
  end
  return v
end

local function string_list(v, what, field, file, line)
  if type(v) ~= "table" then fail_at(file, line, "%s: '%s' must be a list of strings", what, field) end
  local i, s = 1, v[1] -- ipairs' walk: v is a copy, without a metatable
  while s ~= nil do
    if type(s) ~= "string" then fail_at(file, line, "%s: '%s'[%d] must be a string", what, field, i) end
    i = i + 1
    s = v[i]
  end
  return v
end

-- Packs repeat conditions (an `applies` shared by many rules): a text is
-- parsed once per load.  The tree depends on the text alone and C only reads
-- it (and its record { text =, tree = }), so every declaration with that
-- text gets the same record.
local parsed = {}
local function condition_of(v, what, field, file, line)
  if type(v) == "string" then
    local rec = parsed[v]
    if rec then return rec end
    if str_find(v, "\0", 1, true) then fail_at(file, line, "%s: '%s' contains a NUL byte", what, field) end
    local tree, pos, msg = parse_condition(v)
    if not tree then
      return { text = v, error = msg, pos = pos }
    end
    rec = { text = v, tree = tree }
    parsed[v] = rec
    return rec
  end
  fail_at(file, line, "%s: '%s' must be a condition string", what, field)
end

function env.pack(t)
  local file, line = where(2)
  local original = t
  local shown
  t, shown = plain(t, file, line)
  if type(original) == "table" then seal(original, shown, "pack", file, line) end
  if type(t) ~= "table" then fail_at(file, line, "pack: expected a table: pack { id = ..., ... }") end
  if reg.pack then fail_at(file, line, "pack: declared twice (first at line %d)", reg.pack.line) end
  check_fields(t, { id = 1, version = 1, title = 1, source = 1, evidence = 1, categories = 1, topics = 1 }, "pack",
               file, line)
  need_string(t, "id", "pack", file, line)
  local v = need_string(t, "version", "pack", file, line)
  if not str_match(v, "^%d+%.%d+%.%d+$") then
    fail_at(file, line, "pack: version '%s' is not a semantic version like 1.0.0", v)
  end
  need_string(t, "title", "pack", file, line)
  if type(t.source) ~= "table" then fail_at(file, line, "pack: 'source' must be a table with a 'document'") end
  need_string(t.source, "document", "pack.source", file, line)
  check_fields(t.source, { document = 1, citation = 1, file = 1, url = 1 }, "pack.source", file, line)
  for _, k in ipairs { "citation", "file", "url" } do
    if t.source[k] ~= nil then need_string(t.source, k, "pack.source", file, line) end
  end
  local src_file = t.source.file
  if src_file ~= nil and (not str_match(src_file, "^[%w_][%w_%.%-]*$") or str_find(src_file, "..", 1, true)) then
    fail_at(file, line, "pack.source: 'file' must be the name of a file in the sources directory, like "
            .. "'guideline.txt' (no directories, no '..')")
  end
  if t.source.url ~= nil and not str_match(t.source.url, "^https://[%w%-%.]+/[%w%-%._~:/%?#%[%]@!%$&'%(%)%*%+,;=%%]*$") then
    fail_at(file, line, "pack.source: 'url' must be an https:// address")
  end
  if type(t.evidence) ~= "table" then
    fail_at(file, line, "pack: 'evidence' must be a table with 'scale', 'word', 'grades' and, when the source states "
            .. "certainty, 'certainties'")
  end
  local ev = t.evidence
  check_fields(ev, { scale = 1, word = 1, grades = 1, certainties = 1 }, "pack.evidence", file, line)
  need_string(ev, "scale", "pack.evidence", file, line)
  if ev.word ~= nil then need_string(ev, "word", "pack.evidence", file, line) end
  -- grades: { "A", "B" } or { { "I", "what level I means" }, ... }, strongest first
  if type(ev.grades) ~= "table" then fail_at(file, line, "pack.evidence: 'grades' must list the scale's values") end
  local names, meanings, seen = {}, {}, {}
  for i, g in ipairs(ev.grades) do
    local name, meaning = g, nil
    if type(g) == "table" then name, meaning = g[1], g[2] end
    if type(name) ~= "string" or name == "" or (meaning ~= nil and type(meaning) ~= "string") then
      fail_at(file, line, "pack.evidence: grades[%d] must be a value or { value, \"what it means\" }", i)
    end
    if seen[name] then fail_at(file, line, "pack.evidence: grade '%s' listed twice", name) end
    seen[name] = true
    names[i], meanings[i] = name, meaning or false
  end
  ev.grades, ev.meanings = names, meanings
  if ev.certainties ~= nil then string_list(ev.certainties, "pack.evidence", "certainties", file, line) end
  if t.categories ~= nil then string_list(t.categories, "pack", "categories", file, line) end
  -- topics: { { "dosing.infusion_rate", "the question its rules answer" }, ... }: what a
  -- disagreement between packs on that topic is about
  local topic_ids, topic_questions, seen_topics = {}, {}, {}
  if t.topics ~= nil then
    if type(t.topics) ~= "table" then fail_at(file, line, "pack: 'topics' must list { topic, question } pairs") end
    for i, tq in ipairs(t.topics) do
      if type(tq) ~= "table" or type(tq[1]) ~= "string" or type(tq[2]) ~= "string" or tq[2] == ""
         or not str_match(tq[1], "^[a-z_][a-z0-9_]*%.[a-z0-9_.]*[a-z0-9_]$") then
        fail_at(file, line, "pack: topics[%d] must be { \"dotted.topic_id\", \"the question it answers\" }", i)
      end
      if seen_topics[tq[1]] then fail_at(file, line, "pack: topic '%s' listed twice", tq[1]) end
      seen_topics[tq[1]] = true
      topic_ids[i], topic_questions[i] = tq[1], tq[2]
    end
  end
  t.topic_ids, t.topic_questions = topic_ids, topic_questions
  t.file, t.line = file, line
  reg.pack = t
end

function env.fact(t)
  local file, line = where(2)
  local original = t
  local shown
  t, shown = plain(t, file, line)
  local what -- "fact NAME": t is a table only when original is one
  if type(original) == "table" then
    what = "fact " .. tostring(rawget(t, 1))
    seal(original, shown, what, file, line)
  end
  if type(t) ~= "table" or type(t[1]) ~= "string" then
    fail_at(file, line, 'fact: expected fact { "group.name", type = ..., ... }')
  end
  local name = t[1]
  check_fields(t, FACT_FIELDS, what, file, line)
  if not str_match(name, "^[a-z_][a-z0-9_]*$") and not str_match(name, "^[a-z_][a-z0-9_]*%.[a-z0-9_.]*[a-z0-9_]$")
     or str_find(name, "%.%.") or str_find(name, "%.[0-9]") then
    fail_at(file, line, "%s: a fact name is dotted lower-case segments like 'patient.weight'", what)
  end
  if reg.fact_names[name] then
    fail_at(file, line, "%s: declared twice (first at line %d)", what, reg.fact_names[name].line)
  end
  if not FACT_TYPES[t.type] then
    fail_at(file, line, "%s: 'type' must be one of boolean, number, quantity, code, codes, string", what)
  end
  if t.type == "quantity" then need_string(t, "unit", what, file, line)
  elseif t.unit ~= nil then fail_at(file, line, "%s: only a quantity has a 'unit'", what) end
  if t.per ~= nil and t.type ~= "quantity" then fail_at(file, line, "%s: only a quantity has 'per'", what) end
  if t.per ~= nil then need_string(t, "per", what, file, line) end
  if t.type == "code" or t.type == "codes" then
    string_list(t.values, what, "values", file, line)
    if #t.values == 0 or #t.values > 64 then
      fail_at(file, line, "%s: 'values' must list between 1 and 64 codes", what)
    end
    local seen = {}
    for _, c in ipairs(t.values) do
      if seen[c] then fail_at(file, line, "%s: code '%s' listed twice", what, c) end
      seen[c] = true
    end
  elseif t.values ~= nil then
    fail_at(file, line, "%s: only code and codes facts have 'values'", what)
  end
  if t.range ~= nil then
    if (t.type ~= "number" and t.type ~= "quantity") or type(t.range) ~= "table"
       or type(t.range[1]) ~= "number" or type(t.range[2]) ~= "number" or t.range[1] > t.range[2] then
      fail_at(file, line, "%s: 'range' is { min, max } (numbers, min <= max) on a number or quantity", what)
    end
  end
  if t.default ~= nil and type(t.default) ~= "string" and type(t.default) ~= "boolean"
     and type(t.default) ~= "number" then
    fail_at(file, line, "%s: 'default' is written as an input value: \"0 mg/kg\", false, \"none\", 3", what)
  end
  if t.derive ~= nil then t.derive = condition_of(t.derive, what, "derive", file, line) end
  if t.computed and not t.derive then fail_at(file, line, "%s: 'computed' needs 'derive'", what) end
  if t.description ~= nil and type(t.description) ~= "string" then
    fail_at(file, line, "%s: 'description' must be a string", what)
  end
  t.name, t.file, t.line = name, file, line
  reg.fact_names[name] = t
  reg.facts[#reg.facts + 1] = t
end

local JUDGMENT_FIELDS = { id = 1, note = 1, quotes = 1 }
local function judgment_of(j, what, file, line)
  if type(j) ~= "table" then fail_at(file, line, "%s: a judgment is { id = \"AMB-..\", note = ..., quotes = {...} }", what) end
  what = what .. " judgment"
  check_fields(j, JUDGMENT_FIELDS, what, file, line)
  need_string(j, "id", what, file, line)
  need_string(j, "note", what, file, line)
  if j.quotes ~= nil then string_list(j.quotes, what, "quotes", file, line) end
  return j
end

-- A condition function keeps nothing from one patient to the next: it may
-- use its argument, its own locals and functions, and the pack's globals
-- (a fresh, read-only view of them on every call), but no local variable of
-- the pack (an upvalue), not even a local function: the local could change
-- after this check, and a function could carry state in its own upvalues.
local function check_pure(f, what, file, line)
  local info = debug_getinfo(f, "S")
  if info.what == "C" then
    fail_at(file, line, "%s: the condition must be a Lua function written in the pack, not a library function", what)
  end
  local i = 1
  while true do
    local name = debug_getupvalue(f, i)
    if not name then return end
    if name ~= "_ENV" then
      fail_at(file, line, "%s: the condition function uses the local variable '%s', declared outside it; a "
              .. "condition function may use only its argument, its own locals and the pack's globals, so that "
              .. "it keeps nothing from one patient to the next (define helper functions inside it)", what, name)
    end
    i = i + 1
  end
end

local SOURCE_FIELDS, GRADE_FIELDS = { document = 1, section = 1, quote = 1 }, { "grade", "certainty" }
function env.rule(t)
  local file, line = where(2)
  local original = t
  local shown
  t, shown = plain(t, file, line)
  local what -- "rule ID": t is a table only when original is one
  if type(original) == "table" then
    what = "rule " .. tostring(rawget(t, "id"))
    seal(original, shown, what, file, line)
  end
  if type(t) ~= "table" then fail_at(file, line, "rule: expected a table: rule { id = ..., ... }") end
  local id = need_string(t, "id", "rule", file, line)
  if reg.rule_ids[id] then fail_at(file, line, "%s: id used twice (first at line %d)", what, reg.rule_ids[id].line) end
  check_fields(t, RULE_FIELDS, what, file, line)
  need_string(t, "category", what, file, line)
  local action = need_string(t, "action", what, file, line)
  if not ACTIONS[action] then
    fail_at(file, line, "%s: action '%s' is not one of recommend, consider, caution, avoid, do_not, not_supported, info", what, action)
  end
  -- "ungraded" is always a decision: grade = false.  A certainty is asked for
  -- only when the pack's scale has certainty values.
  local has_certainty = reg.pack and reg.pack.evidence.certainties ~= nil
  for _, k in ipairs(GRADE_FIELDS) do
    local v = t[k]
    if v == nil and (k == "grade" or has_certainty) then
      fail_at(file, line, "%s: '%s' is missing; write %s = false for a statement the source does not grade", what, k, k)
    end
    if v ~= nil and v ~= false and (type(v) ~= "string" or v == "") then
      fail_at(file, line, "%s: '%s' must be a string from the pack's evidence scale, or false", what, k)
    end
    if k == "certainty" and not has_certainty and v then
      fail_at(file, line, "%s: the pack's scale has no certainty values; leave 'certainty' out", what)
    end
  end
  if (t.topic == nil) ~= (t.position == nil) then
    fail_at(file, line, "%s: 'topic' and 'position' go together (what question it answers, and its answer)", what)
  end
  if t.topic ~= nil then
    need_string(t, "topic", what, file, line)
    need_string(t, "position", what, file, line)
    -- up to 400 bytes the sandbox's string.match would not refuse the pattern's cost
    local topic = t.topic
    if not (#topic <= 400 and str_match or topic.match)(topic, "^[a-z_][a-z0-9_]*%.[a-z0-9_.]*[a-z0-9_]$") then
      fail_at(file, line, "%s: a topic is a dotted lower-case id like 'dosing.infusion_rate'", what)
    end
  end
  need_string(t, "text", what, file, line)
  if type(t.source) ~= "table" then
    fail_at(file, line, "%s: 'source' is missing: { section = ..., quote = ... }", what)
  end
  local source = what .. " source"
  check_fields(t.source, SOURCE_FIELDS, source, file, line)
  need_string(t.source, "section", source, file, line)
  need_string(t.source, "quote", source, file, line)
  if t.effect ~= nil and not EFFECTS[t.effect] then
    fail_at(file, line, "%s: effect '%s' is not one of stop, caution, none", what, tostring(t.effect))
  end
  local js = {}
  if t.judgment ~= nil then js[1] = judgment_of(t.judgment, what, file, line) end
  if t.judgments ~= nil then
    if type(t.judgments) ~= "table" then fail_at(file, line, "%s: 'judgments' must be a list", what) end
    for _, j in ipairs(t.judgments) do js[#js + 1] = judgment_of(j, what, file, line) end
  end
  t.judgments, t.judgment = js, nil
  if type(t.when) == "function" then
    check_pure(t.when, what, file, line)
    if type(t.reads) ~= "table" or #t.reads == 0 then
      fail_at(file, line, "%s: a Lua-function condition must list the facts it reads in 'reads'", what)
    end
    string_list(t.reads, what, "reads", file, line)
    t.fn = t.when
    t.when = nil
  elseif t.when == nil then
    fail_at(file, line, "%s: 'when' (the condition) is missing", what)
  else
    if t.reads ~= nil then fail_at(file, line, "%s: 'reads' goes with a Lua-function condition only", what) end
    t.when = condition_of(t.when, what, "when", file, line)
  end
  if t.applies ~= nil then t.applies = condition_of(t.applies, what, "applies", file, line) end
  t.file, t.line = file, line
  reg.rule_ids[id] = t
  reg.rules[#reg.rules + 1] = t
end

function env.policy(t)
  local file, line = where(2)
  local original = t
  local shown
  t, shown = plain(t, file, line)
  if type(original) == "table" then seal(original, shown, "policy", file, line) end
  if reg.policy then fail_at(file, line, "policy: declared twice (first at line %d)", reg.policy.line) end
  if type(t) ~= "table" then fail_at(file, line, "policy: expected policy { stop = {...}, caution = {...} }") end
  check_fields(t, { stop = 1, caution = 1 }, "policy", file, line)
  for _, k in ipairs { "stop", "caution" } do
    local list = t[k] or {}
    if type(list) ~= "table" then fail_at(file, line, "policy: '%s' must be a list of matches", k) end
    for i, m in ipairs(list) do
      if type(m) ~= "table" then fail_at(file, line, "policy.%s[%d]: expected { category = ..., actions = {...} }", k, i) end
      check_fields(m, { category = 1, actions = 1 }, "policy." .. k, file, line)
      if m.category ~= nil then need_string(m, "category", "policy." .. k, file, line) end
      if m.actions ~= nil then
        string_list(m.actions, "policy." .. k, "actions", file, line)
        for _, a in ipairs(m.actions) do
          if not ACTIONS[a] then fail_at(file, line, "policy.%s[%d]: unknown action '%s'", k, i, a) end
        end
      end
    end
    t[k] = list
  end
  t.file, t.line = file, line
  reg.policy = t
end

-- coverage { { item = "Table 5: Unstable angina", rules = { "id", ... } }, ... }
-- maps each statement of the source to the rules that encode it.
function env.coverage(t)
  local file, line = where(2)
  local original = t
  local shown
  t, shown = plain(t, file, line)
  if type(original) == "table" then seal(original, shown, "coverage", file, line) end
  if type(t) ~= "table" then fail_at(file, line, "coverage: expected a list of { item = ..., rules = {...} }") end
  reg.coverage = reg.coverage or {}
  for i, c in ipairs(t) do
    if type(c) ~= "table" or type(c.item) ~= "string" or type(c.rules) ~= "table" then
      fail_at(file, line, "coverage[%d]: expected { item = \"...\", rules = { \"rule id\", ... } }", i)
    end
    string_list(c.rules, "coverage", "rules", file, line)
    reg.coverage[#reg.coverage + 1] = { item = c.item, rules = c.rules, note = c.note, file = file, line = line }
  end
end

local included = {}
function env.include(name)
  local file, line = where(2)
  if type(name) ~= "string" or not str_match(name, "^[a-z0-9_%-]+%.lua$") then
    fail_at(file, line, "include: '%s' is not a sibling file name like 'dosing.lua'", tostring(name))
  end
  if included[name] then fail_at(file, line, "include: '%s' is included twice", name) end
  included[name] = true
  local text, err = readfile(name)
  if not text then fail_at(file, line, "include: %s", err) end
  local chunk, msg = load(text, "@" .. name, "t", env)
  if not chunk then
    if str_find(msg, "binary chunk", 1, true) then fail_at(file, line, "include: %s: %s", name, msg) end
    error(msg, 0)
  end
  local outer = registry["medrule.file"]
  registry["medrule.file"] = name
  chunk()
  registry["medrule.file"] = outer
end

---------------------------------------------------------------- vocabularies
-- use "ketamine": the shared fact vocabulary rules/vocabulary/ketamine.lua
-- (the directory "vocabulary" beside the pack's own).  Packs that use the
-- same vocabulary declare their facts once, identically, so a fact means
-- the same in every pack.  A vocabulary file declares facts and topics only:
-- it runs in its own environment whose other declarations refuse, and its
-- globals stay its own.
local vocab_topics, vocab_topic_ids, used = {}, {}, {}
local REFUSED_IN_VOCABULARY = { pack = true, rule = true, policy = true, coverage = true, include = true, use = true }

function env.topic(t)
  local file, line = where(2)
  local extra = false
  if type(t) == "table" then
    for k in pairs(t) do if k ~= 1 and k ~= 2 then extra = true end end
  end
  if type(t) ~= "table" or extra or type(t[1]) ~= "string" or type(t[2]) ~= "string" or t[2] == ""
     or not str_match(t[1], "^[a-z_][a-z0-9_]*%.[a-z0-9_.]*[a-z0-9_]$") then
    fail_at(file, line, 'topic: expected topic { "dotted.topic_id", "the question its rules answer" }')
  end
  if vocab_topics[t[1]] then
    fail_at(file, line, "topic '%s' declared twice (first at %s:%d)", t[1], vocab_topics[t[1]].file,
            vocab_topics[t[1]].line)
  end
  vocab_topics[t[1]] = { question = t[2], file = file, line = line }
  vocab_topic_ids[#vocab_topic_ids + 1] = t[1]
end

function env.use(name)
  local file, line = where(2)
  if type(name) ~= "string" or not str_match(name, "^[a-z0-9_%-]+$") then
    fail_at(file, line, "use: '%s' is not a vocabulary name like 'ketamine' (a file vocabulary/ketamine.lua "
            .. "beside the pack's directory)", tostring(name))
  end
  if used[name] then fail_at(file, line, "use: vocabulary '%s' is used twice", name) end
  if registry["medrule.vocabulary"] then
    fail_at(file, line, "use: a vocabulary cannot use another vocabulary")
  end
  used[name] = true
  local vfile = "vocabulary/" .. name .. ".lua"
  local text, err = readfile(vfile)
  if not text then fail_at(file, line, "use: %s", err) end
  local venv = setmetatable({}, { __index = function(_, k)
    if k == "fact" or k == "topic" then return env[k] end
    if REFUSED_IN_VOCABULARY[k] then
      return function()
        local f, l = where(2)
        fail_at(f, l, "%s() cannot be called in a vocabulary: a vocabulary declares facts and topics only", k)
      end
    end
    return env[k]
  end })
  local chunk, msg = load(text, "@" .. vfile, "t", venv)
  if not chunk then
    if str_find(msg, "binary chunk", 1, true) then fail_at(file, line, "use: %s: %s", vfile, msg) end
    error(msg, 0)
  end
  local outer = registry["medrule.file"]
  registry["medrule.file"] = vfile
  registry["medrule.vocabulary"] = name
  chunk()
  registry["medrule.vocabulary"] = nil
  registry["medrule.file"] = outer
  reg.vocabularies = reg.vocabularies or {}
  reg.vocabularies[#reg.vocabularies + 1] = name
end

---------------------------------------------------------------- evaluation
-- What a condition function sees while rules are evaluated: on every call a
-- fresh global table (writes stay in it and end with the call) that reads
-- the pack's globals through read-only views, all the way down.  The only
-- pack code that runs is the condition function itself (and what it defines
-- while it runs): a function of the pack read through the view is replaced
-- by one that refuses to run, since its upvalues could carry state from one
-- patient to the next; so is a declaration function, and a library function
-- that keeps state (an iterator made while the pack loaded).
-- The declarations that work only on their own copy of what they are given
-- run without the count hook; topic, include and use read or run the pack's
-- own tables and code, and keep it.
for _, k in ipairs { "pack", "fact", "rule", "policy", "coverage" } do env[k] = unhooked(env[k]) end
local DECLARATIONS = {}
for _, k in ipairs { "pack", "fact", "rule", "policy", "coverage", "include", "use", "topic" } do
  DECLARATIONS[env[k]] = k
end
-- The library as the sandbox offers it, before any pack code runs: these
-- functions keep no state.  Any other function made by the prelude (an
-- iterator of a read-only view, say) may.
local LIBRARY = {}
for _, v in pairs(env) do
  if type(v) == "function" and not DECLARATIONS[v] then LIBRARY[v] = true end
  if type(v) == "table" then
    for _, f in pairs(v) do if type(f) == "function" then LIBRARY[f] = true end end
  end
end

local refused = setmetatable({}, { __mode = "k" })
local function refusing(f, msg)
  local r = refused[f]
  if not r then
    r = function() error(msg, 2) end
    refused[f] = r
  end
  return r
end

local function callable(v)
  if type(v) ~= "function" then return v end
  if LIBRARY[v] then return v end
  if DECLARATIONS[v] then return refusing(v, DECLARATIONS[v] .. "() cannot be called while rules are evaluated") end
  local info = debug_getinfo(v, "Su")
  if info.what == "C" and info.nups == 0 then return v end -- a bare library function: no state
  if info.what == "C" or info.source == "=prelude" then
    return refusing(v, "a condition function cannot call an iterator (or other function) that the library made "
                    .. "while the pack loaded: it keeps state; make it inside the condition function")
  end
  return refusing(v, string_format("a condition function cannot call the pack's function defined at %s:%d: "
                                   .. "it could keep state from one patient to the next; define the helper "
                                   .. "inside the condition function", info.short_src, info.linedefined))
end

local evaluation_view = make_view(function(k)
  return "cannot set '" .. tostring(k) .. "': the pack is read-only while rules are evaluated"
end, callable)

local call_env_mt = {
  __index = function(_, k) return evaluation_view(rawget(env, k)) end,
  __metatable = "read-only",
}

---------------------------------------------------------------- run
return function()
  included["pack.lua"] = true
  local text, err = readfile("pack.lua")
  if not text then error({ file = "pack.lua", line = 0, msg = err }, 0) end
  local chunk, msg = load(text, "@pack.lua", "t", env)
  if not chunk then error(msg, 0) end
  registry["medrule.file"] = "pack.lua"
  chunk()
  if not reg.pack then error({ file = "pack.lua", line = 0, msg = "no pack { ... } declaration" }, 0) end
  -- topic { } declarations (a vocabulary's, usually) join the pack's own topics list
  local ids, questions = reg.pack.topic_ids, reg.pack.topic_questions
  for _, id in ipairs(vocab_topic_ids) do
    for _, mine in ipairs(ids) do
      if mine == id then
        local t = vocab_topics[id]
        fail_at(reg.pack.file, reg.pack.line, "pack: topic '%s' is listed here and declared at %s:%d", id, t.file, t.line)
      end
    end
    ids[#ids + 1], questions[#questions + 1] = id, vocab_topics[id].question
  end
  reg.call_env_mt = call_env_mt
  return reg
end
