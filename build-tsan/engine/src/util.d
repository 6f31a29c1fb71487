build-tsan/engine/src/util.o: engine/src/util.c engine/src/internal.h \
 engine/include/medrule.h engine/src/units.h engine/src/strbuf.h \
 engine/src/numfmt.h
engine/src/internal.h:
engine/include/medrule.h:
engine/src/units.h:
engine/src/strbuf.h:
engine/src/numfmt.h:
