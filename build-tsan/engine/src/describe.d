build-tsan/engine/src/describe.o: engine/src/describe.c \
 engine/include/medrule.h engine/src/numfmt.h engine/src/strbuf.h
engine/include/medrule.h:
engine/src/numfmt.h:
engine/src/strbuf.h:
