# tests/fuzz/fuzz.mk — libFuzzer targets and the allocation-failure test;
# included by the top Makefile.
#
#   make fuzz [FUZZ_SECONDS=20]   build the engine with clang, ASan and UBSan
#                                 into build-fuzz/ and run each target for
#                                 FUZZ_SECONDS from its seed corpus
#   make oom-test                 fail every allocation from the N-th on, for
#                                 every N, and shrink the Lua memory limit,
#                                 across a pack load and an evaluation (ASan)
#
# Targets: fuzz_facts (fact-file loader), fuzz_units (unit parser),
# fuzz_condition (condition compiler and evaluation), fuzz_eval (facts ->
# evaluate -> every rendering), fuzz_json (the JSON reader, json.h), fuzz_fhir
# (a FHIR R4 bundle through the ketamine mapping -> evaluate -> every rendering).  Seeds are tests/fuzz/corpus/<target>/; the
# growing corpus is build-fuzz/corpus/<target>/; a crash is saved as
# build-fuzz/crashes/<target>-crash-<sha1>: copy it to
# tests/fuzz/regress/<target>/ so that tests/bad-input/run.sh replays it.
# MR_FUZZ_SKIP_KNOWN=1 (inputs) and tests/fuzz/known-bugs.supp (UBSan reports)
# let fuzzing go on past bugs already reported and kept as regressions.

FUZZ_BUILD   ?= build-fuzz
FUZZ_CC      ?= $(firstword $(wildcard /usr/bin/clang-14 /usr/bin/clang) clang)
FUZZ_SECONDS ?= 20
FUZZ_CXX     ?= $(firstword $(wildcard /usr/bin/clang++-14 /usr/bin/clang++) clang++)
FUZZ_TARGETS := facts units condition eval json fhir
FUZZ_FLAGS   := -timeout=5 -rss_limit_mb=2048 -print_final_stats=1
# Inputs up to 4 KiB, except for the condition compiler: a condition long
# enough to nest hundreds of levels (a 300-term chain is 1.2 KiB, and the
# limits are about size) needs room, and -len_control=0 lets the fuzzer try
# long inputs from the start instead of growing them slowly.
FUZZ_LEN           := -max_len=4096
FUZZ_LEN_condition := -max_len=65536 -len_control=0
# A FHIR bundle is a few KiB at the least (the seeds are whole bundles).
FUZZ_LEN_fhir      := -max_len=65536
FUZZ_CFLAGS  := $(CPPFLAGS) -O1 -g -fno-omit-frame-pointer -DMR_SOURCE_DIR='"$(CURDIR)"'
# UBSan checks are recoverable so that tests/fuzz/known-bugs.supp can silence
# bugs already reported; halt_on_error makes every other report fatal.
FUZZ_SAN     := -fsanitize=address,undefined -fsanitize-recover=undefined
# fuzz_condition writes its pack under TMPDIR; libFuzzer exits without atexit
# handlers, so the directory is removed here after each run.
FUZZ_RUNENV  := ASAN_OPTIONS=detect_leaks=1 MR_FUZZ_SKIP_KNOWN=1 TMPDIR=$(FUZZ_BUILD)/tmp \
                UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$(CURDIR)/tests/fuzz/known-bugs.supp
FUZZ_OBJ     := $(ENGINE_SRC:%.c=$(FUZZ_BUILD)/%.o) $(ENGINE_CXX:%.cpp=$(FUZZ_BUILD)/%.o) $(FUZZ_BUILD)/prelude.o
FUZZ_BINS    := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/fuzz_%)

.PHONY: fuzz fuzz-build fuzz-deps oom-test

# clang and its fuzzer runtime, installed (as root) only when missing.
FUZZ_RUNTIME := $(wildcard /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a)
fuzz-deps:
	@if [ ! -x /usr/bin/clang-14 ] || [ -z "$(FUZZ_RUNTIME)" ]; then \
	  echo "medrule: installing clang-14 and libclang-rt-14-dev for fuzzing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang-14 libclang-rt-14-dev >/dev/null; \
	fi

# The prelude as the library embeds it: Lua bytecode (see the top Makefile).
$(FUZZ_BUILD)/prelude.luac: engine/src/prelude.lua
	@mkdir -p $(@D)
	@lua5.4 -e 'io.stdout:write(string.dump(assert(load(io.stdin:read("a"), "=prelude", "t"))))' \
	  < $< > $@.tmp && mv $@.tmp $@

$(FUZZ_BUILD)/prelude.c: $(FUZZ_BUILD)/prelude.luac
	@mkdir -p $(@D)
	@{ echo '/* generated from engine/src/prelude.lua by tests/fuzz/fuzz.mk */'; \
	   echo '#include <stddef.h>'; \
	   echo 'const unsigned char mr_prelude_lua[] = {'; \
	   od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	   echo '};'; \
	   echo 'const size_t mr_prelude_lua_len = sizeof mr_prelude_lua;'; } > $@

$(FUZZ_BUILD)/prelude.o: $(FUZZ_BUILD)/prelude.c
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c $< -o $@

$(FUZZ_BUILD)/engine/src/%.o: engine/src/%.c
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

# The C++ reader (json.cpp); vptr checks are off because the targets link
# with the C driver, whose UBSan runtime has no C++ part.
$(FUZZ_BUILD)/engine/src/%.o: engine/src/%.cpp
	@mkdir -p $(@D)
	$(FUZZ_CXX) -std=c++17 -fno-exceptions -DSIMDJSON_EXCEPTIONS=0 -Iengine/src -O1 -g -fno-omit-frame-pointer \
	  $(FUZZ_SAN) -fno-sanitize=vptr -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/libmedrule.a: $(FUZZ_OBJ)
	rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/libmedrule.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Itests/fuzz $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_BUILD)/libmedrule.a $(LIBS)

$(FUZZ_BUILD)/oomtest: tests/fuzz/oom.c $(FUZZ_BUILD)/libmedrule.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $< $(FUZZ_BUILD)/libmedrule.a $(LIBS)

fuzz-build: deps fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BINS)

# Runs every target even when one finds a crash; fails at the end if any did.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/crashes; failed=""; \
	for t in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$t $(FUZZ_BUILD)/tmp; \
	  dict=""; [ -f tests/fuzz/$$t.dict ] && dict="-dict=tests/fuzz/$$t.dict"; \
	  echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
	  len="$(FUZZ_LEN)"; [ $$t = condition ] && len="$(FUZZ_LEN_condition)"; [ $$t = fhir ] && len="$(FUZZ_LEN_fhir)"; \
	  if $(FUZZ_RUNENV) ./$(FUZZ_BUILD)/fuzz_$$t $(FUZZ_FLAGS) $$len $$dict \
	       -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_BUILD)/crashes/$$t- \
	       $(FUZZ_BUILD)/corpus/$$t tests/fuzz/corpus/$$t > $(FUZZ_BUILD)/fuzz_$$t.log 2>&1; \
	  then :; else failed="$$failed $$t"; tail -40 $(FUZZ_BUILD)/fuzz_$$t.log; fi; \
	  rm -rf $(FUZZ_BUILD)/tmp; \
	done; \
	echo "executions:"; \
	for t in $(FUZZ_TARGETS); do \
	  runs=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_BUILD)/fuzz_$$t.log | tail -1); \
	  cov=$$(grep -o 'cov: [0-9]*' $(FUZZ_BUILD)/fuzz_$$t.log | tail -1); \
	  printf '  fuzz_%-10s %10s runs  %s  corpus %s\n' $$t "$${runs:-?}" "$$cov" \
	    "$$(ls $(FUZZ_BUILD)/corpus/$$t | wc -l)"; \
	done; \
	if [ -n "$$failed" ]; then \
	  echo "fuzz: crashes in:$$failed (inputs in $(FUZZ_BUILD)/crashes/; logs $(FUZZ_BUILD)/fuzz_*.log)" >&2; exit 1; \
	fi

oom-test: deps fuzz-deps
	@$(MAKE) --no-print-directory $(FUZZ_BUILD)/oomtest
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ./$(FUZZ_BUILD)/oomtest $(CURDIR)/rules/demo

-include $(wildcard $(FUZZ_BUILD)/engine/src/*.d)
