pack { id = "sandbox", version = "1.0.0", title = "sandbox test", source = { document = "d" },
       evidence = { scale = "s", grades = { "A" }, certainties = { "low" } } }
string.match = function() return "1.0.0" end
fact { "NOT A VALID NAME", type = "boolean" }
