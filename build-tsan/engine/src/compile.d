build-tsan/engine/src/compile.o: engine/src/compile.c \
 engine/src/compile.h /usr/include/lua5.4/lua.h \
 /usr/include/lua5.4/luaconf.h engine/src/internal.h \
 engine/include/medrule.h engine/src/units.h engine/src/strbuf.h \
 engine/src/numfmt.h engine/src/luabox.h /usr/include/lua5.4/lauxlib.h \
 /usr/include/lua5.4/lua.h
engine/src/compile.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/luaconf.h:
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
engine/src/luabox.h:
/usr/include/lua5.4/lauxlib.h:
/usr/include/lua5.4/lua.h:
