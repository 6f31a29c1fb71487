pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local chain = {}
for _ = 1, 1990 do chain = setmetatable({}, { __index = chain }) end
local t = setmetatable({}, { __index = chain })
table.unpack(t, 1, 900000)
