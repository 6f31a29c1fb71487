LuaT not really bytecode
