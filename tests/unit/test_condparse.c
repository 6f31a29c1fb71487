/* test_condparse.c — the condition parser in C (engine/src/luabox_parse.c)
** against the LPeg grammar it stands in for, taken from the prelude's own
** text (engine/src/prelude.lua, from "local P, R, S, V" to the comment
** above check_shape): wherever the C parser returns a tree, the grammar
** parses the text to an equal tree (every field, position and value, as
** Lua sees them), and it never returns one deeper than the prelude allows.
** The texts: the forms the rule language documents, every condition of the
** packs under rules/, and thousands of random and mutated conditions from a
** fixed seed.  The forms and the packs' conditions must take the C path
** (else loading gets no faster); texts near a limit must not. */
#include <lauxlib.h>
#include <lua-lpeg.h>
#include <lualib.h>

#include "harness.h"
#include "luabox.h"

/* The Lua side of the test: grammar(text) is LPeg's tree, cparse(text) the
** C parser's; check(list) compares them on every text and returns the
** number parsed by C, by LPeg alone and by neither, or raises the first
** difference. */
static const char DRIVER[] =
    "local grammar, cparse = ...\n"
    "local function ser(v)\n"
    "  if type(v) ~= 'table' then return type(v) .. ':' .. (math.type(v) or '') .. tostring(v) end\n"
    "  local keys = {}\n"
    "  for k in next, v do keys[#keys + 1] = k end\n"
    "  table.sort(keys, function(a, b) return type(a) .. tostring(a) < type(b) .. tostring(b) end)\n"
    "  local parts = {}\n"
    "  for _, k in ipairs(keys) do parts[#parts + 1] = type(k) .. tostring(k) .. '=' .. ser(v[k]) end\n"
    "  return '{' .. table.concat(parts, ',') .. '}'\n"
    "end\n"
    "local function depth(n)\n"
    "  local d = 0\n"
    "  for _, k in ipairs { 'a', 'b' } do\n"
    "    local kid = rawget(n, k)\n"
    "    if type(kid) == 'table' and kid.tag then d = math.max(d, depth(kid)) end\n"
    "  end\n"
    "  for _, kid in ipairs(n.kids or {}) do d = math.max(d, depth(kid)) end\n"
    "  return d + 1\n"
    "end\n"
    "local function check(texts)\n"
    "  local fast, slow, bad = 0, 0, 0\n"
    "  for _, t in ipairs(texts) do\n"
    "    local c = cparse(t)\n"
    "    local ok, g = pcall(grammar, t)\n"
    "    if c then\n"
    "      fast = fast + 1\n"
    "      if not ok or not g then error('C parses what LPeg does not: ' .. t, 0) end\n"
    "      local a, b = ser(c), ser(g)\n"
    "      if a ~= b then error('different trees for ' .. t .. '\\n  C:    ' .. a .. '\\n  LPeg: ' .. b, 0) end\n"
    "      if depth(c) > 64 then error('C tree deeper than 64 levels: ' .. t, 0) end\n"
    "    elseif ok and g then slow = slow + 1\n"
    "    else bad = bad + 1 end\n"
    "  end\n"
    "  return fast, slow, bad\n"
    "end\n"
    /* random conditions from the grammar, some mutated */
    "local function generate(seed, count)\n"
    "  math.randomseed(seed)\n"
    "  local R = math.random\n"
    "  local function pick(t) return t[R(#t)] end\n"
    "  local WS = { '', '', '', ' ', ' ', '  ', '\\t', '\\n', ' -- c\\n', '--x\\n ', '\\r\\n', ' ' }\n"
    "  local FACTS = { 'a', 'plan.route', 'x_1', '_y', 'a.b.c', 'known_x', 'in2', 'notx', 'isy', 'truex', 'andy', 'A.B' }\n"
    "  local UNITS = { 'mg', 'mg/kg', 'mg/kg/h', '%', '[in_i]', '{beats}/min', '\\194\\181g', '\\206\\188g/kg', 'h', 'e',\n"
    "                  'kg.m', 'mg-x', 'm_2' }\n"
    "  local NUMS = { '0', '1', '12', '3.5', '.5', '1e5', '1E+3', '2e-2', '1e', '007', '99999999999999999999', '1e400' }\n"
    "  local depth, expr = 0, nil\n"
    "  local function primary()\n"
    "    local r = R(9)\n"
    "    if r <= 2 then\n"
    "      local n = pick(NUMS)\n"
    "      if R(2) == 1 then n = n .. pick { '', ' ', '\\t' } .. pick(UNITS) end\n"
    "      return n\n"
    "    elseif r == 3 then\n"
    "      if R(10) == 1 then return pick { '\"', \"'\" } .. pick { 'iv', '', 'it\\'s', 'x--y' } .. pick { '\"', \"'\" } end\n"
    "      return pick { '\"iv\"', \"'iv'\", '\"\"', '\"a b\"', \"'say \\\"x\\\"'\" }\n"
    "    elseif r == 4 then\n"
    "      local items = {}\n"
    "      for i = 1, R(0, 3) do items[i] = '\"' .. pick { 'iv', 'sc', '' } .. '\"' end\n"
    "      return '[' .. pick(WS) .. table.concat(items, pick(WS) .. ',' .. pick(WS)) .. pick(WS) .. ']'\n"
    "    elseif r == 5 then return pick { 'true', 'false' }\n"
    "    elseif r == 6 and depth < 14 then\n"
    "      depth = depth + 1\n"
    "      local e = '(' .. pick(WS) .. expr() .. pick(WS) .. ')'\n"
    "      depth = depth - 1\n"
    "      return e\n"
    "    end\n"
    "    return pick(FACTS)\n"
    "  end\n"
    "  local function unary()\n"
    "    if R(8) == 1 and depth < 16 then depth = depth + 1; local e = '-' .. pick(WS) .. unary(); depth = depth - 1; return e end\n"
    "    return primary()\n"
    "  end\n"
    "  local function chain(sub, ops)\n"
    "    local e = sub()\n"
    "    for _ = 1, (R(4) == 1 and R(0, (depth == 0 and R(10) == 1) and 35 or 2) or 0) do\n"
    "      e = e .. pick(WS) .. pick(ops) .. pick(WS) .. sub()\n"
    "    end\n"
    "    return e\n"
    "  end\n"
    "  local function prod() return chain(unary, { '*', '/' }) end\n"
    "  local function sum() return chain(prod, { '+', '-' }) end\n"
    "  local function cmp()\n"
    "    local e, r = sum(), R(8)\n"
    "    if r == 1 then return e .. pick(WS) .. pick { '<=', '>=', '==', '!=', '~=', '<', '>' } .. pick(WS) .. sum()\n"
    "    elseif r == 2 then return e .. ' is ' .. pick { 'known', 'unknown', 'not known', 'not  known' }\n"
    "    elseif r == 3 then return e .. ' in ' .. pick(WS) .. sum()\n"
    "    elseif r == 4 then return e .. ' not in ' .. pick(WS) .. sum() end\n"
    "    return e\n"
    "  end\n"
    "  local function notx()\n"
    "    if R(6) == 1 and depth < 16 then depth = depth + 1; local e = 'not ' .. pick(WS) .. notx(); depth = depth - 1; return e end\n"
    "    return cmp()\n"
    "  end\n"
    "  local function nary(sub, word)\n"
    "    local e = sub()\n"
    "    for _ = 1, (R(3) == 1 and R(0, (depth == 0 and R(20) == 1) and 70 or 2) or 0) do\n"
    "      e = e .. pick(WS) .. ' ' .. word .. ' ' .. pick(WS) .. sub()\n"
    "    end\n"
    "    return e\n"
    "  end\n"
    "  local function andx() return nary(notx, 'and') end\n"
    "  expr = function() return nary(andx, 'or') end\n"
    "  local NOISE = { '(', ')', '-', '--', '+', '*', '/', '<', '=', '>', '!', '~', '\"', \"'\", '[', ']', ',', '.', ' ',\n"
    "                  '\\n', 'and', 'or', 'not', 'is', 'in', 'known', 'true', '0', '5', 'e', 'E', 'x', '_', '\\194', '%' }\n"
    "  local out = {}\n"
    "  while #out < count do\n"
    "    depth = 0\n"
    "    local t = expr()\n"
    "    if R(4) == 1 then\n"
    "      for _ = 1, R(1, 3) do\n"
    "        local i, r = R(0, #t), R(3)\n"
    "        if r == 1 then t = t:sub(1, i) .. pick(NOISE) .. t:sub(i + 1)\n"
    "        elseif r == 2 then t = t:sub(1, i) .. t:sub(i + 2)\n"
    "        else t = t:sub(1, i) .. pick(NOISE) .. t:sub(i + 2) end\n"
    "      end\n"
    "    end\n"
    "    if #t < 3000 then out[#out + 1] = t end\n"
    "  end\n"
    "  return out\n"
    "end\n"
    /* every condition text of a pack: what pack, fact and rule receive,
    ** with the pack files run in a permissive environment */
    "local function pack_conditions(dir)\n"
    "  local texts = {}\n"
    "  local env = setmetatable({}, { __index = _G })\n"
    "  local function note(t)\n"
    "    if type(t) ~= 'table' then return end\n"
    "    for _, k in ipairs { 'when', 'applies', 'derive' } do\n"
    "      if type(t[k]) == 'string' then texts[#texts + 1] = t[k] end\n"
    "    end\n"
    "  end\n"
    "  local function run(path)\n"
    "    local f = io.open(path)\n"
    "    if not f then return end\n"
    "    local chunk = assert(load(f:read('a'), '@' .. path, 't', env))\n"
    "    f:close()\n"
    "    chunk()\n"
    "  end\n"
    "  env.rule, env.fact = note, note\n"
    "  env.pack, env.policy, env.coverage, env.topic = function() end, function() end, function() end, function() end\n"
    "  env.include = function(name) run(dir .. '/' .. name) end\n"
    "  env.use = function(name) run(dir .. '/../vocabulary/' .. name .. '.lua') end\n"
    "  run(dir .. '/pack.lua')\n"
    "  return texts\n"
    "end\n"
    "return check, generate, pack_conditions\n";

/* The grammar as the prelude builds it, from the prelude's text. */
static void push_grammar(lua_State *L) {
  FILE *f = fopen("engine/src/prelude.lua", "rb");
  assert_non_null(f);
  static char src[1 << 17];
  size_t n = fread(src, 1, sizeof src - 1, f);
  fclose(f);
  src[n] = 0;
  char *a = strstr(src, "local P, R, S, V, C, Cg, Ct, Cp, Cmt = lpeg.P");
  char *b = strstr(src, "-- The first node deeper than MAX_DEPTH");
  assert_non_null(a);
  assert_non_null(b);
  lua_pushliteral(L, "local lpeg, string_format = ...\n");
  lua_pushlstring(L, a, (size_t)(b - a));
  lua_pushliteral(L, "\nlocal g = build(plain)\nreturn function(text) return lpeg.match(g, text) end\n");
  lua_concat(L, 3);
  if (luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=grammar", "t") != LUA_OK) {
    print_error("%s\n", lua_tostring(L, -1));
    fail();
  }
  lua_remove(L, -2);
  luaL_requiref(L, "lpeg", luaopen_lpeg, 0);
  lua_getglobal(L, "string");
  lua_getfield(L, -1, "format");
  lua_remove(L, -2);
  lua_call(L, 2, 1);
}

typedef struct {
  lua_State *L;
  int check, generate, conditions;
} driver;

static driver open_driver(void) {
  driver d;
  d.L = luaL_newstate();
  assert_non_null(d.L);
  luaL_openlibs(d.L);
  assert_int_equal(luaL_loadbufferx(d.L, DRIVER, sizeof DRIVER - 1, "=driver", "t"), LUA_OK);
  push_grammar(d.L);
  lua_pushcfunction(d.L, mr_luabox_parse);
  lua_call(d.L, 2, 3);
  d.check = lua_gettop(d.L) - 2, d.generate = d.check + 1, d.conditions = d.check + 2;
  return d;
}

/* Runs check on the list at the top of the stack (popped): counts. */
static void run_check(driver *d, int *fast, int *slow, int *bad) {
  lua_pushvalue(d->L, d->check);
  lua_insert(d->L, -2);
  if (lua_pcall(d->L, 1, 3, 0) != LUA_OK) {
    print_error("%s\n", lua_tostring(d->L, -1));
    fail();
  }
  *fast = (int)lua_tointeger(d->L, -3), *slow = (int)lua_tointeger(d->L, -2), *bad = (int)lua_tointeger(d->L, -1);
  lua_pop(d->L, 3);
}

static void push_list(lua_State *L, const char *const *v, size_t n) {
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, v[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* Every form of the rule language, written as packs write them: C parses
** each, to LPeg's tree. */
static void test_forms_same_tree(void **state) {
  (void)state;
  static const char *const forms[] = {
      "plan.route == \"iv\"",
      " plan.route in [\"iv\", 'subcutaneous' ] ",
      "plan.route not in []",
      "plan.infusion_rate > 0 mg/kg/h and plan.infusion_rate <= 2 mg/kg/h",
      "a or b and not c or d",
      "not not (a)",
      "x is known and y is unknown and z is not known",
      "-a * (b + c) / 2 - 3.5e2 + .5 >= 1E+3",
      "5and b",
      "12 / 2 == 6",
      "patient.weight < 40 kg -- light\n or patient.age >= 65 a",
      "dose ~= 0.35 mg/kg",
      "v == 7 \xc2\xb5g/kg/min or w == 2 \xce\xbcmol/L",
      "n > 99999999999999999999 or m < 1e400",
      "flag == true or other == false",
      "truex and notx and in2 and isy",
      "(((a + b) * c) > d)",
      "a\t==\t\"x y\"",
      "u == 5 [in_i] or t == 3 {beats}/min or p == 5 %",
      "1 e",
      "a - -b",
      "a--b\n",
  };
  driver d = open_driver();
  int fast, slow, bad;
  push_list(d.L, forms, sizeof forms / sizeof *forms);
  run_check(&d, &fast, &slow, &bad);
  assert_int_equal(fast, (int)(sizeof forms / sizeof *forms));
  lua_close(d.L);
}

/* Texts that do not parse, and texts near a limit (nesting, chain length,
** number of terms, size), are left to LPeg: its messages, positions and
** limits stay as they were. */
static void test_errors_and_limits_left_to_lpeg(void **state) {
  (void)state;
  static const char *const texts[] = {
      "", "a and", "(a", "a)", "a = b", "1.", "a..b", "a.", "[,]", "[\"a\",]", "'a\"", "\"a\nb\"", "a < ", "not",
      "a is", "a is not", "a not b", "a.b.", "true.x", "x in", "- ", "a -- b\n +", "((((((((((((((a))))))))))))))",
      "not not not not not not not not not not not not not a", "- - - - - - - - - - - - - a",
  };
  driver d = open_driver();
  int fast, slow, bad;
  push_list(d.L, texts, sizeof texts / sizeof *texts);
  run_check(&d, &fast, &slow, &bad);
  assert_int_equal(fast, 0);
  assert_int_equal(slow, 3); /* the three nested ones */
  /* 31 operators in one chain, 65 terms of one or, more than 2048 bytes */
  /* and a tree 72 levels deep through three chains (the prelude's limit: 64) */
  assert_int_equal(luaL_dostring(d.L, "return { 'a' .. string.rep(' + a', 31), 'a' .. string.rep(' or a', 64),"
                                     " 'a == ' .. string.rep('1', 2050),"
                                     " '(((a' .. string.rep(' + a', 25) .. ')' .. string.rep(' * b', 25) .. ') - c'"
                                     "   .. string.rep(' - c', 20) .. ')' }"),
                   LUA_OK);
  run_check(&d, &fast, &slow, &bad);
  assert_int_equal(fast, 0);
  assert_int_equal(slow, 4);
  lua_close(d.L);
}

/* Random and mutated conditions: wherever C returns a tree, it is LPeg's. */
static void test_random_same_tree(void **state) {
  (void)state;
  driver d = open_driver();
  int total_fast = 0, total_slow = 0;
  for (int seed = 1; seed <= 4; seed++) {
    lua_pushvalue(d.L, d.generate);
    lua_pushinteger(d.L, seed);
    lua_pushinteger(d.L, 3000);
    lua_call(d.L, 2, 1);
    int fast, slow, bad;
    run_check(&d, &fast, &slow, &bad);
    total_fast += fast, total_slow += slow;
  }
  /* most valid texts take the C path; LPeg alone only near a limit */
  assert_true(total_fast > 6000);
  assert_true(total_slow < total_fast / 50);
  lua_close(d.L);
}

/* Every condition of the packs shipped takes the C path, to LPeg's tree. */
static void test_pack_conditions_same_tree(void **state) {
  (void)state;
  driver d = open_driver();
  DIR *dir = opendir("rules");
  assert_non_null(dir);
  struct dirent *e;
  int packs = 0, total = 0;
  while ((e = readdir(dir))) {
    char path[PATH_MAX];
    snprintf(path, sizeof path, "rules/%s/pack.lua", e->d_name);
    if (e->d_name[0] == '.' || access(path, R_OK) != 0) continue;
    snprintf(path, sizeof path, "rules/%s", e->d_name);
    lua_pushvalue(d.L, d.conditions);
    lua_pushstring(d.L, path);
    if (lua_pcall(d.L, 1, 1, 0) != LUA_OK) {
      print_error("%s: %s\n", path, lua_tostring(d.L, -1));
      fail();
    }
    int n = (int)lua_rawlen(d.L, -1), fast, slow, bad;
    run_check(&d, &fast, &slow, &bad);
    if (fast != n) print_error("%s: %d of %d conditions parsed in C\n", path, fast, n);
    assert_int_equal(fast, n);
    packs++, total += n;
  }
  closedir(dir);
  assert_true(packs >= 2);
  assert_true(total > 100);
  lua_close(d.L);
}

int main(void) {
  tap_output();
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_forms_same_tree),
      cmocka_unit_test(test_errors_and_limits_left_to_lpeg),
      cmocka_unit_test(test_random_same_tree),
      cmocka_unit_test(test_pack_conditions_same_tree),
  };
  return cmocka_run_group_tests_name("condparse", tests, NULL, NULL);
}
