-- a declaration called through pcall (a C function between it and the pack)
-- in a helper: the error names the pack line that calls it, here line 7
pack { id = "broken", version = "1.0.0", title = "broken pack", source = { document = "d" },
       evidence = { scale = "demo scale", grades = { "A", "B" }, certainties = { "low", "high" } } }
fact { "patient.pregnant", type = "boolean" }
local function declare(t)
  local ok, err = pcall(rule, t)
  if not ok then error(err, 0) end
end
declare { id = "broken.r1", category = "dosing", when = "patient.pregnant" }
