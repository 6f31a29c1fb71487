build-tsan/engine/src/facts_json.o: engine/src/facts_json.c \
 engine/src/json.h engine/include/medrule.h engine/src/strbuf.h
engine/src/json.h:
engine/include/medrule.h:
engine/src/strbuf.h:
