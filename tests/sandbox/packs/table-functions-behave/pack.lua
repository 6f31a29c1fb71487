pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
-- table.insert, remove, move, concat, unpack and sort are the prelude's (Lua
-- versions the time limit can stop, sort through a Lua comparison): they
-- must behave as Lua 5.4's.
local function same(a, b) return table.concat(a, ",") == table.concat(b, ",") end
local function fails(msg, f, ...)
  local ok, err = pcall(f, ...)
  assert(not ok and err:find(msg, 1, true), "expected '" .. msg .. "', got " .. tostring(err))
end
local t = { 1, 2, 3 }
table.insert(t, 4); assert(same(t, { 1, 2, 3, 4 }))
table.insert(t, 1, 0); assert(same(t, { 0, 1, 2, 3, 4 }))
table.insert(t, 6, 5); assert(same(t, { 0, 1, 2, 3, 4, 5 }))
fails("(position out of bounds)", table.insert, t, 8, 9)
fails("wrong number of arguments to 'insert'", table.insert, t, 1, 2, 3)
assert(table.remove(t) == 5 and table.remove(t, 1) == 0 and same(t, { 1, 2, 3, 4 }))
fails("(position out of bounds)", table.remove, t, 7)
assert(table.remove({}) == nil)
assert(same(table.move({ 1, 2, 3, 4, 5 }, 2, 4, 1), { 2, 3, 4, 4, 5 }))
assert(same(table.move({ 1, 2, 3, 4, 5 }, 1, 3, 2), { 1, 1, 2, 3, 5 }))
local d = table.move({ 1, 2, 3 }, 1, 3, 2, { 7 }); assert(same(d, { 7, 1, 2, 3 }))
fails("too many elements to move", table.move, {}, math.mininteger, 1, 1)
fails("destination wrap around", table.move, {}, 1, 3, math.maxinteger)
assert(table.concat({ 1, "a", 2.5 }, ", ") == "1, a, 2.5" and table.concat({ 1, 2, 3 }, "-", 2, 3) == "2-3")
assert(table.concat({}, "x") == "" and table.concat({ 1 }, "x", 3, 2) == "")
fails("invalid value (table) at index 2 in table for 'concat'", table.concat, { 1, {}, 3 })
local n, a, b, c = select("#", table.unpack({ 1, nil, 3 }, 1, 3)), table.unpack({ 1, nil, 3 }, 1, 3)
assert(n == 3 and a == 1 and b == nil and c == 3 and select("#", table.unpack({}, 3, 1)) == 0)
fails("too many results to unpack", table.unpack, {}, 1, 1e7)
local s = { 3, 1, 2 }; table.sort(s); assert(same(s, { 1, 2, 3 }))
table.sort(s, function(x, y) return x > y end); assert(same(s, { 3, 2, 1 }))
fails("attempt to compare", table.sort, { 3, "a", 2 })
fails("(function expected, got number)", table.sort, { 2, 1 }, 5)
table.sort({ 1 }, 5) -- as in Lua: nothing to sort, the comparison is not looked at
-- through metamethods, like Lua's
local log = {}
local proxy = setmetatable({}, { __len = function() return 2 end, __index = function(_, k) return k * 10 end,
                                 __newindex = function(_, k, v) log[#log + 1] = k .. "=" .. tostring(v) end })
table.insert(proxy, 1, "x")
assert(table.concat(log, " ") == "3=20 2=10 1=x")
rule { id = "sb.table", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
