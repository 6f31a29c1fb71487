build-tsan/engine/src/numfmt.o: engine/src/numfmt.c engine/src/numfmt.h \
 engine/src/strbuf.h
engine/src/numfmt.h:
engine/src/strbuf.h:
