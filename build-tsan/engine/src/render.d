build-tsan/engine/src/render.o: engine/src/render.c engine/src/render.h \
 engine/include/medrule.h engine/src/numfmt.h engine/src/strbuf.h
engine/src/render.h:
engine/include/medrule.h:
engine/src/numfmt.h:
engine/src/strbuf.h:
