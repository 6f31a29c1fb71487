build-tsan/tests/test_threads: tests/unit/test_threads.c \
 tests/unit/harness.h engine/include/medrule.h
tests/unit/harness.h:
engine/include/medrule.h:
