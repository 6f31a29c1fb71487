-- the loader's state keeps freed small blocks in a pool for reuse
-- (luabox_pool.c): far more than the 64 MiB limit churned through it in all,
-- with little of it live at any time, loads
pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
rule { id = "sb.churn", when = "a.b", category = "dosing", action = "caution", grade = "A", certainty = "low",
       text = "t", source = { section = "s", quote = "q" } }
local keep, n = nil, 0
for i = 1, 600000 do keep = { i, i, i, i, i } end         -- 56 + 80 bytes each
for i = 1, 600000 do keep = { x = i, y = i } end          -- other size classes
for i = 1, 300000 do keep = "churned " .. i; n = n + #keep end
assert(n > 0)
