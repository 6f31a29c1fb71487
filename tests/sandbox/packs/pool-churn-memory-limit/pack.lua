-- memory churned through the loader's pool of small blocks (luabox_pool.c) while
-- what stays live grows: the pool counts its chunks whole, so the limit holds
pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
local t, garbage = {}, nil
for i = 1, 1e9 do
  t[i] = { i }
  garbage = { i, i, i }
  garbage = "g" .. i
end
