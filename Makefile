# medrule — build, test, demo, sanitizers, fuzzing, benchmarks.
#
#   make          build libmedrule (static and shared) and the medrule program
#   make test     build and run every test (installs missing Debian packages)
#   make demo     evaluate an example patient against the default pack
#   make check    every test again under AddressSanitizer and UBSan
#   make fuzz     run each libFuzzer target for a bounded time
#   make bench    print evaluation, end-to-end and pack-load timings
#   make doc      regenerate the pack document from the pack
#   make install  PREFIX=/usr/local DESTDIR=: the program, its man page and packs,
#                 libmedrule (static, and shared with its soname), medrule.h, medrule.pc,
#                 the Python package medrule
#   make uninstall
#
# CPPFLAGS, CFLAGS and LDFLAGS given on the command line are used as well.

.DEFAULT_GOAL := all
BUILD    ?= build
CC       ?= cc
OPT      ?= -O2
SAN      ?=
CFLAGS   ?= $(OPT) -g
WARN     := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-missing-field-initializers
override CPPFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Iengine/include -Iengine/src -I/usr/include/lua5.4
# What libmedrule needs, and what the program and the tests need besides.
ENGINE_LIBS := -llua5.4 -llua5.4-lpeg -lnettle -lunistring -lm -lpthread
LIBS     = $(ENGINE_LIBS) -lcjson
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
LIBDIR   ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR   ?= $(PREFIX)/share/man
PACKDIR  ?= $(PREFIX)/share/medrule/packs
# The shared library: soname libmedrule.so.0; only medrule_ symbols exported.
VERSION  := $(shell sed -n 's/^\#define MEDRULE_VERSION "\(.*\)"/\1/p' engine/include/medrule.h)
SONAME   := libmedrule.so.0
ALL_CFLAGS = $(CPPFLAGS) $(WARN) $(CFLAGS) $(SAN) -MMD -MP

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES := gcc make liblua5.4-dev lua-lpeg-dev libcjson-dev nettle-dev libunistring-dev \
                libcmocka-dev perl lua5.4 bc python3 pkg-config locales
DEB_HEADERS  := /usr/include/lua5.4/lua.h /usr/include/lua5.4/lua-lpeg.h /usr/include/cjson/cJSON.h \
                /usr/include/nettle/sha2.h /usr/include/unistr.h /usr/include/cmocka.h /usr/bin/prove \
                /usr/bin/lua5.4 /usr/bin/bc /usr/bin/python3 /usr/bin/pkg-config \
                /usr/share/i18n/locales/de_DE

ENGINE_SRC := $(wildcard engine/src/*.c)
CLI_SRC    := $(wildcard cli/*.c)
ENGINE_OBJ := $(ENGINE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/prelude.o
CLI_OBJ    := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

# The JSON reader (engine/src/json.cpp): the one C++ file, on simdjson, behind
# the C interface of engine/src/json.h; no exceptions, same sanitizers as C.
# make jsonsuite JSONTESTSUITE=DIR runs JSONTestSuite (DIR/test_parsing) through it.
CXX        ?= g++
CXXFLAGS   ?= $(OPT) -g
ENGINE_CXX := $(wildcard engine/src/*.cpp)
ENGINE_OBJ += $(ENGINE_CXX:%.cpp=$(BUILD)/%.o)
ENGINE_LIBS += -lsimdjson -lstdc++
DEB_PACKAGES += g++ libsimdjson-dev
DEB_HEADERS  += /usr/include/simdjson.h
ALL_CXXFLAGS = -std=c++17 -fno-exceptions -DSIMDJSON_EXCEPTIONS=0 -Iengine/src -Wall -Wextra -Wshadow \
               $(CXXFLAGS) $(SAN) -MMD -MP
$(BUILD)/%.o: %.cpp
	@mkdir -p $(@D)
	$(CXX) $(ALL_CXXFLAGS) -fPIC -c $< -o $@
$(BUILD)/tests/json_check: tests/json/json_check.c $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libmedrule.a $(LIBS)
.PHONY: jsonsuite
jsonsuite: deps
	@$(MAKE) --no-print-directory $(BUILD)/tests/json_check
	@test -n "$(JSONTESTSUITE)" || { echo "usage: make jsonsuite JSONTESTSUITE=/path/to/JSONTestSuite" >&2; exit 2; }
	JSON_CHECK=$(BUILD)/tests/json_check tests/json/jsontestsuite.sh $(JSONTESTSUITE)

.PHONY: all deps test demo check tsan fuzz bench doc install uninstall clean test-run
all: $(BUILD)/medrule $(BUILD)/libmedrule.a $(BUILD)/libmedrule.so $(BUILD)/examples/embed $(BUILD)/examples/typed

# Installs whatever is missing, as root, only when something is missing.
deps:
	@missing=""; for f in $(DEB_HEADERS); do [ -e $$f ] || missing=yes; done; \
	if [ -n "$$missing" ]; then \
	  echo "medrule: installing Debian packages: $(DEB_PACKAGES)"; \
	  if [ "$$(id -u)" != 0 ]; then echo "medrule: run as root, or install: $(DEB_PACKAGES)" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PACKAGES) >/dev/null; \
	fi

# The prelude is embedded compiled (Lua bytecode, by the same Lua 5.4 the
# library links, with its chunk name and line numbers): loading it skips the
# parser.  Pack files are always loaded as text.
$(BUILD)/prelude.luac: engine/src/prelude.lua
	@mkdir -p $(@D)
	@lua5.4 -e 'io.stdout:write(string.dump(assert(load(io.stdin:read("a"), "=prelude", "t"))))' \
	  < $< > $@.tmp && mv $@.tmp $@
$(BUILD)/prelude.c: $(BUILD)/prelude.luac
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

$(BUILD)/libmedrule.so.$(VERSION): $(ENGINE_OBJ) engine/medrule.map
	$(CC) $(SAN) $(LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=engine/medrule.map -Wl,-z,defs \
	  -o $@ $(ENGINE_OBJ) $(ENGINE_LIBS)

$(BUILD)/libmedrule.so: $(BUILD)/libmedrule.so.$(VERSION)
	ln -sf libmedrule.so.$(VERSION) $(BUILD)/$(SONAME)
	ln -sf $(SONAME) $@

# medrule serve (cli/serve*.c) on libmicrohttpd; the page's files (cli/web/)
# are embedded into the program, like the prelude into the library.
DEB_PACKAGES += libmicrohttpd-dev
DEB_HEADERS  += /usr/include/microhttpd.h
# Loaded by `medrule serve` when it starts, not linked (cli/mhd_load.h): its
# soname is read off the library the build finds.
$(BUILD)/cli/mhd_load.o: override CPPFLAGS += -DMHD_SONAME='"$(shell objdump -p \
  $$($(CC) -print-file-name=libmicrohttpd.so) 2>/dev/null | sed -n 's/^ *SONAME *//p')"'
WEB_FILES    := $(sort $(wildcard cli/web/*.html cli/web/*.js cli/web/*.css))
CLI_OBJ      += $(BUILD)/web_assets.o
$(BUILD)/web_assets.c: $(WEB_FILES) Makefile
	@mkdir -p $(@D)
	@{ echo '/* generated from cli/web/ by the Makefile */'; \
	   echo '#include "serve.h"'; \
	   n=0; for f in $(WEB_FILES); do \
	     echo "static const unsigned char web_$$n[] = {"; \
	     od -An -v -tx1 $$f | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; echo '0};'; n=$$((n+1)); \
	   done; \
	   echo 'const serve_file mr_web_files[] = {'; \
	   n=0; for f in $(WEB_FILES); do \
	     case $$f in *.html) t='text/html; charset=utf-8';; *.js) t='text/javascript; charset=utf-8';; \
	       *.css) t='text/css; charset=utf-8';; esac; \
	     echo "  {\"$$(basename $$f)\", \"$$t\", web_$$n, sizeof web_$$n - 1},"; n=$$((n+1)); \
	   done; \
	   echo '};'; \
	   echo 'const size_t mr_web_file_count = sizeof mr_web_files / sizeof mr_web_files[0];'; } > $@
$(BUILD)/web_assets.o: $(BUILD)/web_assets.c cli/serve.h
	$(CC) $(CPPFLAGS) -Icli $(CFLAGS) $(SAN) -c $< -o $@

$(BUILD)/cli/main.o: override CPPFLAGS += -DMEDRULE_PACKS_DIR='"$(PACKDIR)"'
$(BUILD)/medrule: $(CLI_OBJ) $(BUILD)/libmedrule.a
	$(CC) $(SAN) $(LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libmedrule.a $(LIBS)

$(BUILD)/examples/%: examples/%.c $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libmedrule.a $(LIBS)

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(BUILD)/libmedrule.a $(LIBS) -lcmocka

# The test command CI runs: unit tests, command-line golden tests, pack tests.
test: deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@if command -v chromium >/dev/null; then $(MAKE) --no-print-directory browser-npm; fi
	@$(MAKE) --no-print-directory test-run

TAP_SCRIPTS := $(wildcard tests/cli/run.sh tests/packs/run.sh tests/readme/run.sh tests/bad-input/run.sh \
                 tests/sandbox/run.sh tests/reasons/run.sh tests/layers/run.sh tests/install/run.sh \
                 tests/io/run.sh tests/python/run.sh tests/multipack/run.sh tests/screen/run.sh \
                 tests/vocabulary/run.sh tests/fhir/run.sh tests/screen-format/run.sh)

test-run:
	@BUILD=$(BUILD) prove --exec '' $(UNIT_BIN) $(TAP_SCRIPTS)

# medrule serve: the CDS Hooks conversation and faults (tests/serve), and the
# page in the system's headless Chromium (tests/browser), driven by
# playwright-core from npm (tests/browser/package-lock.json) that never
# downloads a browser.  `make test` runs the browser test when chromium is
# installed (it skips, saying so, when it is not); `make browser-deps`
# installs whichever of chromium and npm is missing, and .ci/run calls it.
TAP_SCRIPTS += tests/serve/run.sh tests/browser/run.sh
DEB_PACKAGES += wrk
DEB_HEADERS  += /usr/bin/wrk
.PHONY: browser-deps browser-npm
# Only what is missing: a machine whose npm came with another Node.js (one
# from NodeSource, say) cannot take Debian's npm, which conflicts with it.
browser-deps:
	@missing=; [ -e /usr/bin/chromium ] || missing=chromium; \
	command -v npm >/dev/null || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  missing=$${missing# }; echo "medrule: installing Debian packages: $$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "medrule: run as root, or install: $$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@$(MAKE) --no-print-directory browser-npm
browser-npm:
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" != 0 ]; then echo "medrule: run as root, or install: npm" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	@$(MAKE) --no-print-directory tests/browser/node_modules/playwright-core/package.json
tests/browser/node_modules/playwright-core/package.json: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The Lua 5.4 module (bindings/lua): build/lua/medrule.so, `require "medrule"`.
# libmedrule.a is linked into it, so it needs no LD_LIBRARY_PATH, rpath or
# ldconfig; it exports only luaopen_medrule and, like Debian's Lua modules,
# takes the lua_* functions from the interpreter that loads it.
LUA_MOD     := $(BUILD)/lua/medrule.so
LUA_MODDIR  ?= $(PREFIX)/lib/lua/5.4
DEB_PACKAGES += lua-cjson
DEB_HEADERS  += /usr/share/lua/5.4/cjson/util.lua
TAP_SCRIPTS  += bindings/lua/tests/run.sh
.PHONY: install-lua uninstall-lua
all: $(LUA_MOD)
$(LUA_MOD): $(BUILD)/bindings/lua/medrule.o $(BUILD)/libmedrule.a bindings/lua/medrule.map
	@mkdir -p $(@D)
	$(CC) $(SAN) $(LDFLAGS) -shared -Wl,--version-script=bindings/lua/medrule.map -o $@ \
	  $< $(BUILD)/libmedrule.a $(filter-out -llua5.4,$(ENGINE_LIBS))
install: install-lua
install-lua: all
	install -d $(DESTDIR)$(LUA_MODDIR)
	install -m 644 $(LUA_MOD) $(DESTDIR)$(LUA_MODDIR)/medrule.so
uninstall: uninstall-lua
uninstall-lua:
	rm -f $(DESTDIR)$(LUA_MODDIR)/medrule.so
	-rmdir $(DESTDIR)$(LUA_MODDIR) $(DESTDIR)$(PREFIX)/lib/lua 2>/dev/null
-include $(wildcard $(BUILD)/bindings/lua/*.d)

check: deps
	@$(MAKE) --no-print-directory BUILD=build-san OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" test
	@command -v valgrind >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind >/dev/null
	@$(MAKE) --no-print-directory all
	@prove --exec '' tests/valgrind/run.sh

# One pack shared by 8 evaluator threads, under ThreadSanitizer; then
# `medrule check -j 4` on 400 generated patients (with a bad record), which
# must print no ThreadSanitizer report and the same bytes as -j 1.
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build-tsan OPT=-O1 SAN="-fsanitize=thread -fno-omit-frame-pointer" \
	  build-tsan/tests/test_threads build-tsan/medrule
	TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" ./build-tsan/tests/test_threads
	@lua5.4 bench/gen-patients.lua 400 > build-tsan/patients.ndjson && echo '{"bad":' >> build-tsan/patients.ndjson
	./build-tsan/medrule check --format json -j 1 build-tsan/patients.ndjson > build-tsan/check-j1.out 2>/dev/null; \
	  test $$? = 1
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build-tsan/medrule check --format json --summary -j 4 \
	  build-tsan/patients.ndjson > build-tsan/check-j4.out 2> build-tsan/check-j4.err; test $$? = 1
	@! grep -q ThreadSanitizer build-tsan/check-j4.err || { cat build-tsan/check-j4.err; exit 1; }
	head -n 401 build-tsan/check-j4.out | cmp - build-tsan/check-j1.out
	@# the same records through a pipe: the main thread reads and hands them over (a file is read by blocks)
	cat build-tsan/patients.ndjson | TSAN_OPTIONS="halt_on_error=1 exitcode=66" ./build-tsan/medrule check \
	  --format json -j 4 - > build-tsan/check-pipe.out 2> build-tsan/check-pipe.err; test $$? = 1
	@! grep -q ThreadSanitizer build-tsan/check-pipe.err || { cat build-tsan/check-pipe.err; exit 1; }
	sed 's/<stdin>:/build-tsan\/patients.ndjson:/g' build-tsan/check-pipe.out | cmp - build-tsan/check-j1.out
	@# medrule serve: its worker pool over one pack, through the CDS Hooks conversation and its
	@# concurrent clients; a race makes the server exit 66, which the conversation reports
	TSAN_OPTIONS="halt_on_error=1 exitcode=66" python3 tests/serve/check.py build-tsan/medrule > build-tsan/serve.tap; \
	  st=$$?; grep -q '^not ok' build-tsan/serve.tap && cat build-tsan/serve.tap; test $$st = 0

demo: deps all
	./$(BUILD)/medrule check examples/patients/crps-healthy.json
	./$(BUILD)/medrule check --format json examples/patients/cardiac-unstable-angina.json
	./$(BUILD)/medrule check --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 --pack rules/maher-2017 \
	  examples/patients/fibromyalgia.json
	./$(BUILD)/medrule check --input fhir --as-of 2026-11-30 --site examples/fhir/site.json \
	  --complete problems,medications,allergies examples/fhir/crps-outpatient.json
	python3 examples/cds-hooks/client.py ./$(BUILD)/medrule

BENCH_N ?= 20000
# The command line's rates: enough records that process start and pack load
# (about 10 ms) do not hide the threads' gain.
BENCH_CLI_N ?= 100000
BENCH_RSS ?= 10000 100000 1000000

# Both the issue's benchmark pack (about 60 rules: bench/pack-60, a subset of
# the real pack) and the whole pack, on the same generated patients.  The
# subset links to the real pack's files; the loader reads only regular files,
# so it is copied (links followed) into the build tree first.  Then the
# command line (process start and pack load included, output to /dev/null):
# json and screen with -j 1 and -j 2; and, for the whole pack, the peak
# memory of a stream of BENCH_RSS records from the generator through a pipe.
# Use an optimized build without sanitizers (the default BUILD=build).
bench: deps all
	@$(MAKE) --no-print-directory $(BUILD)/bench/bench
	@rm -rf $(BUILD)/bench/pack-60 $(BUILD)/bench/vocabulary && mkdir -p $(BUILD)/bench/pack-60 $(BUILD)/bench/vocabulary
	@cp -L bench/pack-60/*.lua $(BUILD)/bench/pack-60/ && cp rules/vocabulary/*.lua $(BUILD)/bench/vocabulary/
	@lua5.4 bench/gen-patients.lua $(BENCH_N) > $(BUILD)/bench/patients.ndjson
	@lua5.4 bench/gen-patients.lua $(BENCH_CLI_N) > $(BUILD)/bench/patients-cli.ndjson
	@for pack in $(BUILD)/bench/pack-60 rules/asra-ketamine-2018; do \
	  ./$(BUILD)/bench/bench $$pack $(BUILD)/bench/patients.ndjson; \
	  sh bench/cli_jobs.sh ./$(BUILD)/medrule $$pack $(BUILD)/bench/patients-cli.ndjson $(BENCH_CLI_N); echo; \
	done
	@python3 bench/peak_rss.py ./$(BUILD)/medrule rules/asra-ketamine-2018 $(BENCH_RSS)
	@# FHIR input: the 434-resource golden bundle 300 times and the 7-resource one 3000 times, as NDJSON
	@for spec in complex-history:300 crps-outpatient:3000; do b=$${spec%:*}; n=$${spec#*:}; \
	  line=$$(tr -d '\n' < tests/fhir/bundles/$$b.json); \
	  i=0; while [ $$i -lt $$n ]; do echo "$$line"; i=$$((i + 1)); done > $(BUILD)/bench/$$b.ndjson; \
	  t0=$$(date +%s.%N); ./$(BUILD)/medrule check --input fhir --format json -j 1 $(BUILD)/bench/$$b.ndjson > /dev/null; \
	  t1=$$(date +%s.%N); rate=$$(echo "$$n / ($$t1 - $$t0)" | bc); \
	  echo "FHIR bundles ($$b, $$(wc -c < tests/fhir/bundles/$$b.json) bytes): $$rate bundles/s (medrule check --input fhir --format json -j 1 on $$n bundles)"; \
	done

	@echo "medrule serve on loopback (wrk; zero errors required):"
	@sh bench/serve.sh ./$(BUILD)/medrule $(BUILD)/bench/serve 32 5

$(BUILD)/bench/bench: bench/bench.c $(BUILD)/libmedrule.a
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -O2 -o $@ $< $(BUILD)/libmedrule.a $(LIBS)

# The document of every pack that has one (the demo pack has none), and the
# five ketamine sources side by side (the 2018 guideline primary).
SOURCES_SIDE_BY_SIDE := --pack rules/asra-ketamine-2018 --pack rules/hocking-2003 --pack rules/noppers-2010 \
                        --pack rules/maher-2017 --pack rules/pain-clinical-updates
doc: all
	for f in docs/packs/*.md; do p=$$(basename $$f .md); ./$(BUILD)/medrule doc --format md rules/$$p > $$f; done
	./$(BUILD)/medrule doc --format md $(SOURCES_SIDE_BY_SIDE) > docs/sources-side-by-side.md

# The Python binding (bindings/python, package medrule): its tests need
# Debian's pytest; `make install` puts the package where Debian's python3
# looks: PREFIX/lib/python3/dist-packages for PREFIX=/usr, else (/usr/local,
# any other prefix) PREFIX/lib/python3.X/dist-packages.  Installed there, it
# finds PREFIX/lib/libmedrule.so.0 by itself.
DEB_PACKAGES += python3-pytest
DEB_HEADERS  += /usr/lib/python3/dist-packages/pytest/__init__.py
# medrule.dask (population screening on a Dask cluster) and its test.
DEB_PACKAGES += python3-dask python3-distributed
DEB_HEADERS  += /usr/lib/python3/dist-packages/dask/__init__.py /usr/lib/python3/dist-packages/distributed/__init__.py
PYTHON       ?= python3
PYTHONDIR    ?= $(if $(filter /usr,$(PREFIX)),$(PREFIX)/lib/python3/dist-packages,$(PREFIX)/lib/python$(shell \
                  $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])')/dist-packages)
PY_PACKAGE   := $(wildcard bindings/python/medrule/*.py)
install: install-python
install-python: all
	install -d $(DESTDIR)$(PYTHONDIR)/medrule
	install -m 644 $(PY_PACKAGE) $(DESTDIR)$(PYTHONDIR)/medrule/
uninstall: uninstall-python
uninstall-python:
	rm -rf $(DESTDIR)$(PYTHONDIR)/medrule
	-rmdir $(DESTDIR)$(PYTHONDIR) $(dir $(DESTDIR)$(PYTHONDIR)) 2>/dev/null
.PHONY: install-python uninstall-python

# Every pack under rules/ is installed, with its golden tests, and the shared
# vocabularies (rules/vocabulary) its packs `use`.
PACKS := $(patsubst rules/%/pack.lua,%,$(wildcard rules/*/pack.lua))
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR) \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(PACKDIR)
	install -m 755 $(BUILD)/medrule $(DESTDIR)$(BINDIR)/
	install -m 644 $(BUILD)/libmedrule.a $(DESTDIR)$(LIBDIR)/
	install -m 755 $(BUILD)/libmedrule.so.$(VERSION) $(DESTDIR)$(LIBDIR)/
	ln -sf libmedrule.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libmedrule.so
	install -m 644 engine/include/medrule.h $(DESTDIR)$(INCLUDEDIR)/
	sed -e 's|@PREFIX@|$(PREFIX)|; s|@LIBDIR@|$(LIBDIR)|; s|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|; s|@LIBS@|$(ENGINE_LIBS)|' engine/medrule.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/medrule.pc
	install -m 644 cli/medrule.1 $(DESTDIR)$(MANDIR)/man1/
	for p in $(PACKS) vocabulary; do \
	  find rules/$$p -type d | sed 's|^rules/||' | while read -r d; do install -d "$(DESTDIR)$(PACKDIR)/$$d"; done; \
	  find rules/$$p -type f | sed 's|^rules/||' | while read -r f; do install -m 644 "rules/$$f" "$(DESTDIR)$(PACKDIR)/$$f"; done; \
	done

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/medrule $(DESTDIR)$(LIBDIR)/libmedrule.a $(DESTDIR)$(LIBDIR)/libmedrule.so \
	  $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libmedrule.so.$(VERSION) \
	  $(DESTDIR)$(INCLUDEDIR)/medrule.h $(DESTDIR)$(LIBDIR)/pkgconfig/medrule.pc $(DESTDIR)$(MANDIR)/man1/medrule.1
	for p in $(PACKS) vocabulary; do rm -rf "$(DESTDIR)$(PACKDIR)/$$p"; done
	-rmdir $(DESTDIR)$(PACKDIR) $(DESTDIR)$(PREFIX)/share/medrule 2>/dev/null

clean:
	rm -rf build build-san build-tsan build-fuzz

-include tests/fuzz/fuzz.mk
-include $(wildcard $(BUILD)/engine/src/*.d $(BUILD)/cli/*.d $(BUILD)/tests/*.d)

# The HTTP library of medrule serve, measured against libevent's evhttp
# (bench/http-choice/RESULTS.md).  Not part of make bench: it needs libevent.
.PHONY: http-choice
http-choice: deps all
	@[ -e /usr/include/event2/http.h ] || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libevent-dev >/dev/null; }
	@mkdir -p $(BUILD)/bench/http-choice
	$(CC) $(CPPFLAGS) -std=c11 -O2 -Wall -Wextra -o $(BUILD)/bench/http-choice/evhttp_check \
	  bench/http-choice/evhttp_check.c $(BUILD)/libmedrule.a $(ENGINE_LIBS) -levent -levent_pthreads -lpthread
	@sh bench/http-choice/run.sh ./$(BUILD)/medrule ./$(BUILD)/bench/http-choice/evhttp_check $(BUILD)/bench/http-choice
