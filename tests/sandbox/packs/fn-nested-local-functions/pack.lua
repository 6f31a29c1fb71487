pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
local calls = 0
local function f1() calls = calls + 1 return calls % 2 == 0 end
local function f2() return f1() end
local function f3() return f2() end
local function f4() return f3() end
local function f5() return f4() end
local function f6() return f5() end
local function f7() return f6() end
local function f8() return f7() end
local function f9() return f8() end
local function f10() return f9() end
rule { id = "sb.fn_nested", reads = { "a.b" }, category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" },
  when = function(f) return f10() end }
