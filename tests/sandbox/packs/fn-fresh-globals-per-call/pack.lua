pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
fact { "a.b", type = "boolean" }
fact { "n.x", type = "number" }
LIMITS = { calls = 1 }
rule { id = "sb.fn_fresh", reads = { "a.b" }, category = "dosing", action = "caution", grade = "A", certainty = "low", text = "t", source = { section = "s", quote = "q" },
  when = function(f)
    -- globals written here are gone at the next call; the pack's are read-only
    calls = (calls or 0) + 1
    local function twice(x) return 2 * x end -- helpers live inside the function
    return calls == LIMITS.calls and twice(calls) == 2 and not pcall(function() LIMITS.calls = 2 end)
  end }
