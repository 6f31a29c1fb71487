build-tsan/engine/src/luabox.o: engine/src/luabox.c engine/src/luabox.h \
 /usr/include/lua5.4/lua.h /usr/include/lua5.4/luaconf.h \
 engine/src/internal.h engine/include/medrule.h engine/src/units.h \
 engine/src/strbuf.h engine/src/numfmt.h /usr/include/lua5.4/lauxlib.h \
 /usr/include/lua5.4/lua.h /usr/include/lua5.4/lualib.h \
 /usr/include/lua5.4/lua-lpeg.h
engine/src/luabox.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/luaconf.h:
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
/usr/include/lua5.4/lauxlib.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/lualib.h:
/usr/include/lua5.4/lua-lpeg.h:
