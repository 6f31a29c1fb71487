build-tsan/engine/src/pack.o: engine/src/pack.c \
 /usr/include/lua5.4/lauxlib.h /usr/include/lua5.4/luaconf.h \
 /usr/include/lua5.4/lua.h engine/src/compile.h /usr/include/lua5.4/lua.h \
 engine/src/internal.h engine/include/medrule.h engine/src/units.h \
 engine/src/strbuf.h engine/src/numfmt.h engine/src/luabox.h
/usr/include/lua5.4/lauxlib.h:
/usr/include/lua5.4/luaconf.h:
/usr/include/lua5.4/lua.h:
engine/src/compile.h:
/usr/include/lua5.4/lua.h:
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
engine/src/luabox.h:
