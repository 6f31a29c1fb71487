build-tsan/engine/src/strbuf.o: engine/src/strbuf.c engine/src/strbuf.h
engine/src/strbuf.h:
