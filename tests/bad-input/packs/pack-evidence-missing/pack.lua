pack { id = "x", version = "1.0.0", title = "t", source = { document = "d" } }
