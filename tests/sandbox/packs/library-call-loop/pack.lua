pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local s = string.rep("x", 1 << 20)
for _ = 1, 4 do s = s .. s end -- 16 MiB: utf8.len takes milliseconds, without an instruction
local len = utf8.len
while true do len(s) end
