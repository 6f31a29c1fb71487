pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
local ok = pcall(function() local s, t = string.rep("x", 1000000), {} for i = 1, 200 do t[i] = s .. i end end)
