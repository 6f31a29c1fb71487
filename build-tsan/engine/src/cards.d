build-tsan/engine/src/cards.o: engine/src/cards.c engine/src/render.h \
 engine/include/medrule.h engine/src/numfmt.h engine/src/strbuf.h
engine/src/render.h:
engine/include/medrule.h:
engine/src/numfmt.h:
engine/src/strbuf.h:
