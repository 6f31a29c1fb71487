pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
for _, name in ipairs { "io", "os", "package", "require", "dofile", "loadfile", "load", "loadstring",
                       "debug", "collectgarbage", "print", "lpeg", "coroutine", "rawset", "_G", "xpcall" } do
  assert(_ENV[name] == nil, name .. " is visible to pack code")
end
assert(string.dump == nil and math.random == nil and math.randomseed == nil)
assert(type(string.rep) == "function" and type(table.concat) == "function" and type(utf8.char) == "function")
