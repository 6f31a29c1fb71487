-- declarations run their checks without the count hook (luabox.c): a pack
-- that does nothing but declare, forever, still meets the time limit
pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
while true do coverage {} end
