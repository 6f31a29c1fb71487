pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
local t = {}
for i = 1, 200 do t[i] = string.rep("x", 1000000) .. i end
