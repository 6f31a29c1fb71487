pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
rule { id = "sb.fn_insert", reads = { "a.b" }, category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" },
  when = function(f)
    local t = setmetatable({}, { __len = function() return math.maxinteger - 1 end, __index = {}, __newindex = {} })
    table.insert(t, 1, "x")
    return true
  end }
