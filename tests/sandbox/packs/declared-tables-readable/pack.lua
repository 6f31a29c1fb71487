pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local f = { "c.code", type = "code", values = { "x", "y" }, description = "d" }
fact(f)
local r = { id = "sb.readable", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" } }
rule(r)
-- what was declared reads back, at every depth, with # and pairs
assert(f[1] == "c.code" and #f.values == 2 and f.values[2] == "y" and f.description == "d")
assert(r.when == "a.b" and r.source.section == "s" and r.source.quote == "q")
local keys = {}
for k in pairs(r.source) do keys[#keys + 1] = k end
table.sort(keys)
assert(table.concat(keys, ",") == "quote,section")
assert(r.file == nil and r.tree == nil, "the loader's own fields are not visible")
assert(getmetatable(r) == "declared" and getmetatable(r.source) == "read-only")
