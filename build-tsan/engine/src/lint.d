build-tsan/engine/src/lint.o: engine/src/lint.c engine/src/eval.h \
 engine/src/internal.h engine/include/medrule.h engine/src/units.h \
 engine/src/strbuf.h engine/src/numfmt.h engine/src/luabox.h \
 /usr/include/lua5.4/lua.h /usr/include/lua5.4/luaconf.h \
 engine/src/render.h
engine/src/eval.h:
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
engine/src/luabox.h:
/usr/include/lua5.4/lua.h:
/usr/include/lua5.4/luaconf.h:
engine/src/render.h:
