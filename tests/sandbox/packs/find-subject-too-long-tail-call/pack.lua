pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local s = string.rep("x", 1 << 20) .. "y"
local replaced = ("a"):gsub("a", function() return s:find("x") end)
