# medrule — build, test, demo, sanitizers, fuzzing, benchmarks.
#
#   make          build libmedrule (static and shared) and the medrule program
#   make test     build and run every test (installs missing Debian packages)
#   make demo     evaluate an example patient against the default pack
#   make check    every test again under AddressSanitizer and UBSan
#   make fuzz     run each libFuzzer target for a bounded time
#   make bench    print evaluation, end-to-end and pack-load timings
#   make doc      regenerate the pack document from the pack

BUILD    ?= build
CC       ?= cc
OPT      ?= -O2
SAN      ?=
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
CPPFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -Iengine/include -Iengine/src -I/usr/include/lua5.4
LIBS     := -llua5.4 -llua5.4-lpeg -lcjson -lmd -lunistring -lm
PREFIX   ?= /usr/local
ALL_CFLAGS = $(CPPFLAGS) $(WARN) $(CFLAGS) $(SAN) -MMD -MP

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES := gcc make liblua5.4-dev lua-lpeg-dev libcjson-dev libmd-dev libunistring-dev \
                libcmocka-dev perl lua5.4 bc python3
DEB_HEADERS  := /usr/include/lua5.4/lua.h /usr/include/lua5.4/lua-lpeg.h /usr/include/cjson/cJSON.h \
                /usr/include/sha2.h /usr/include/unistr.h /usr/include/cmocka.h /usr/bin/prove \
                /usr/bin/lua5.4 /usr/bin/bc /usr/bin/python3

ENGINE_SRC := $(wildcard engine/src/*.c)
CLI_SRC    := $(wildcard cli/*.c)
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/prelude.o
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test demo check fuzz bench doc install clean test-run
all: $(BUILD)/medrule $(BUILD)/libmedrule.a $(BUILD)/libmedrule.so $(BUILD)/examples/embed

# Installs whatever is missing, as root, only when something is missing.
deps:
	@missing=""; for f in $(DEB_HEADERS); do [ -e $$f ] || missing=yes; done; \
	if [ -n "$$missing" ]; then \
	  echo "medrule: installing Debian packages: $(DEB_PACKAGES)"; \
	  if [ "$$(id -u)" != 0 ]; then echo "medrule: run as root, or install: $(DEB_PACKAGES)" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	fi

$(BUILD)/prelude.c: engine/src/prelude.lua
	@mkdir -p $(@D)
	@{ echo '/* generated from engine/src/prelude.lua by the Makefile */'; \
	   echo '#include <stddef.h>'; \
	   echo 'const unsigned char mr_prelude_lua[] = {'; \
	   od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	   echo '};'; \
	   echo 'const size_t mr_prelude_lua_len = sizeof mr_prelude_lua;'; } > $@

$(BUILD)/prelude.o: $(BUILD)/prelude.c
	$(CC) $(CPPFLAGS) $(CFLAGS) $(SAN) -fPIC -c $< -o $@

$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -fPIC -c $< -o $@

$(BUILD)/libmedrule.a: $(ENGINE_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/libmedrule.so: $(ENGINE_OBJ)
	$(CC) $(SAN) -shared -o $@ $^ $(LIBS)

$(BUILD)/medrule: $(CLI_OBJ) $(BUILD)/libmedrule.a
	$(CC) $(SAN) -o $@ $(CLI_OBJ) $(BUILD)/libmedrule.a $(LIBS)

$(BUILD)/examples/embed: examples/embed.c $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libmedrule.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(BUILD)/libmedrule.a $(LIBS) -lcmocka

# The test command CI runs: unit tests, command-line golden tests, pack tests.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory test-run

TAP_SCRIPTS := $(wildcard tests/cli/run.sh tests/packs/run.sh tests/readme/run.sh tests/bad-input/run.sh \
                 tests/sandbox/run.sh tests/reasons/run.sh tests/io/run.sh)

test-run:
	@BUILD=$(BUILD) prove --exec '' $(UNIT_BIN) $(TAP_SCRIPTS)

check: deps
	@$(MAKE) --no-print-directory BUILD=build-san OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" test
	@command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
	@$(MAKE) --no-print-directory all
	@prove --exec '' tests/valgrind/run.sh

demo: deps all
	./$(BUILD)/medrule check examples/patients/crps-healthy.json
	./$(BUILD)/medrule check --format json examples/patients/cardiac-unstable-angina.json

BENCH_N ?= 20000

# Both the issue's benchmark pack (about 60 rules: bench/pack-60, a subset of
# the real pack) and the whole 96-rule pack, on the same generated patients.
bench: deps all
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench
	@lua5.4 bench/gen-patients.lua $(BENCH_N) > $(BUILD)/bench/patients.ndjson
	@for pack in bench/pack-60 rules/asra-ketamine-2018; do \
	  ./$(BUILD)/bench/bench $$pack $(BUILD)/bench/patients.ndjson; \
	  t0=$$(date +%s.%N); ./$(BUILD)/medrule check --pack $$pack --format json $(BUILD)/bench/patients.ndjson > /dev/null; \
	  t1=$$(date +%s.%N); echo "command line, to /dev/null: $$(echo "$(BENCH_N) / ($$t1 - $$t0)" | bc) patients/s \
	    (medrule check --format json on $(BENCH_N) records, including process start and pack load)"; echo; \
	done

$(BUILD)/bench/bench: bench/bench.c $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(BUILD)/libmedrule.a $(LIBS)

doc: all
	./$(BUILD)/medrule doc --format md rules/asra-ketamine-2018 > docs/packs/asra-ketamine-2018.md

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	  $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/medrule/packs
	install -m 755 $(BUILD)/medrule $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(BUILD)/libmedrule.a $(BUILD)/libmedrule.so $(DESTDIR)$(PREFIX)/lib/
	install -m 644 engine/include/medrule.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 cli/medrule.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	cp -r rules/asra-ketamine-2018 $(DESTDIR)$(PREFIX)/share/medrule/packs/

clean:
	rm -rf build build-san build-fuzz

-include tests/fuzz/fuzz.mk
-include $(wildcard $(BUILD)/engine/src/*.d $(BUILD)/cli/*.d $(BUILD)/tests/*.d)
