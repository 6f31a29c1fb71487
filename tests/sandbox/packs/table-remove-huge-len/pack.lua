pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end, __index = {}, __newindex = {} })
table.remove(t, 1)
