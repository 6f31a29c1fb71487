build-tsan/engine/src/pack_info.o: engine/src/pack_info.c \
 engine/src/internal.h engine/include/medrule.h engine/src/units.h \
 engine/src/strbuf.h engine/src/numfmt.h
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
