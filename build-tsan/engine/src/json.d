build-tsan/engine/src/json.o: engine/src/json.cpp engine/src/json.h
engine/src/json.h:
