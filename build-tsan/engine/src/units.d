build-tsan/engine/src/units.o: engine/src/units.c engine/src/units.h
engine/src/units.h:
