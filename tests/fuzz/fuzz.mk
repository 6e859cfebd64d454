# Fuzz targets, included by the Makefile.
#
#   make fuzz-replay            (part of make check) replays every seed in
#                               tests/fuzz/seeds/TARGET/ through each target,
#                               built with the normal compiler and flags, so
#                               a sanitizer build replays them sanitized
#   make fuzz FUZZ_SECONDS=60   builds each target with clang and libFuzzer
#                               (ASan + UBSan) into build/fuzz/ and runs it for
#                               FUZZ_SECONDS, on a copy of its seeds in
#                               build/fuzz/corpus/TARGET; a crash is saved as
#                               build/fuzz/artifacts/TARGET-crash-... and fails
#                               the run

FUZZ_TARGETS := fuzz_record fuzz_rules fuzz_cli fuzz_schematron fuzz_import
FUZZ_SECONDS ?= 60
FUZZ_CC ?= clang
FUZZ_BUILD := build/fuzz
# Inputs up to these sizes: a record, eight small records, a command line,
# a Schematron schema and a document.
FUZZ_MAX_LEN_fuzz_record := 65536
FUZZ_MAX_LEN_fuzz_rules := 32768
FUZZ_MAX_LEN_fuzz_cli := 512
FUZZ_MAX_LEN_fuzz_schematron := 16384
FUZZ_MAX_LEN_fuzz_import := 16384
FUZZ_DICT_fuzz_record := tests/fuzz/record.dict
FUZZ_DICT_fuzz_rules := tests/fuzz/record.dict
FUZZ_DICT_fuzz_cli := tests/fuzz/cli.dict
FUZZ_DICT_fuzz_schematron := tests/fuzz/schematron.dict
FUZZ_DICT_fuzz_import := tests/fuzz/import.dict
FUZZ_OPTIONS ?=

FUZZ_REPLAY_BIN := $(FUZZ_TARGETS:%=$(BUILD)/fuzz-replay/%)
FUZZ_SANITIZERS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g

.PHONY: fuzz fuzz-replay fuzz-build deps-fuzz

FUZZ_REPLAY_MAIN := $(BUILD)/fuzz-replay/replay.o

$(FUZZ_REPLAY_MAIN): tests/fuzz/replay.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Itests/fuzz -MMD -MP -c -o $@ $<

$(BUILD)/fuzz-replay/%: tests/fuzz/%.c $(FUZZ_REPLAY_MAIN) $(CLI_LIB) $(LIB) $(CFLAGS_FILE) $(LDFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -DORGCHECK_SOURCE_DIR='"$(CURDIR)"' -Iinclude -Isrc -Isrc/core -Itests/fuzz -MMD -MP \
		$(ALL_LDFLAGS) -o $@ $< $(FUZZ_REPLAY_MAIN) $(CLI_LIB) $(LIB) $(XML_LIBS)

-include $(FUZZ_REPLAY_MAIN:.o=.d) $(FUZZ_REPLAY_BIN:=.d)

# One process per seed, so that each is a test of its own.
fuzz-replay: $(FUZZ_REPLAY_BIN)
	@pass=0; fail=0; \
	for t in $(FUZZ_TARGETS); do \
		for seed in tests/fuzz/seeds/$$t/*; do \
			if $(TEST_WRAPPER) ./$(BUILD)/fuzz-replay/$$t "$$seed" >$(BUILD)/fuzz-replay/last.log 2>&1; then \
				pass=$$((pass + 1)); \
			else \
				fail=$$((fail + 1)); echo "FAIL: $$t $$seed"; tail -30 $(BUILD)/fuzz-replay/last.log; \
			fi; \
		done; \
	done; \
	echo "fuzz-replay: $$pass passed, $$fail failed"; test $$fail = 0

# clang, and the libFuzzer and sanitizer runtimes, which Debian ships in
# libclang-rt-N-dev for clang N (only a Recommends of clang, so an install
# without recommends lacks them): a fuzz target that links tells.
FUZZ_RUNTIME_PROBE = printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' | \
	$(FUZZ_CC) -x c -fsanitize=fuzzer $(FUZZ_SANITIZERS) -o /dev/null - >/dev/null 2>&1
deps-fuzz:
	@missing=""; command -v $(FUZZ_CC) >/dev/null 2>&1 || missing=" clang"; \
	$(BUILD_PACKAGES_CHECK) $(INSTALL_MISSING)
	@missing=""; $(FUZZ_RUNTIME_PROBE) || \
		missing=" libclang-rt-$$($(FUZZ_CC) -dumpversion | cut -d. -f1)-dev"; $(INSTALL_MISSING)

# The core and CLI libraries built again by clang with coverage for
# libFuzzer (fuzzer-no-link) and the sanitizers, in build/fuzz/, and the
# targets linked with libFuzzer's main.
FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_BUILD)/%)

fuzz-build: deps-fuzz
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) DEVELOPER= \
		OPTIMIZE="-O1 -g" SAN_FLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SANITIZERS)" $(FUZZ_BIN)

$(FUZZ_BIN): $(FUZZ_BUILD)/%: tests/fuzz/%.c $(FUZZ_BUILD)/liborgcheck-cli.a $(FUZZ_BUILD)/liborgcheck.a \
		$(FUZZ_BUILD)/.cflags $(FUZZ_BUILD)/.ldflags
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O1 $(XML_CFLAGS) -fsanitize=fuzzer $(FUZZ_SANITIZERS) \
		-DORGCHECK_SOURCE_DIR='"$(CURDIR)"' -Iinclude -Isrc -Isrc/core -Itests/fuzz -MMD -MP -o $@ $< \
		$(FUZZ_BUILD)/liborgcheck-cli.a $(FUZZ_BUILD)/liborgcheck.a $(XML_LIBS)

-include $(FUZZ_BIN:=.d)

# Each target in turn (one at a time: the machine is shared), on its own
# working corpus; absolute paths, since fuzz_cli changes directory.
fuzz: fuzz-build
	@mkdir -p $(FUZZ_BUILD)/artifacts
	@for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$t; \
		cp tests/fuzz/seeds/$$t/* $(FUZZ_BUILD)/corpus/$$t/; \
		case $$t in \
		fuzz_record) max=$(FUZZ_MAX_LEN_fuzz_record); dict=$(FUZZ_DICT_fuzz_record);; \
		fuzz_rules) max=$(FUZZ_MAX_LEN_fuzz_rules); dict=$(FUZZ_DICT_fuzz_rules);; \
		fuzz_schematron) max=$(FUZZ_MAX_LEN_fuzz_schematron); dict=$(FUZZ_DICT_fuzz_schematron);; \
		fuzz_import) max=$(FUZZ_MAX_LEN_fuzz_import); dict=$(FUZZ_DICT_fuzz_import);; \
		*) max=$(FUZZ_MAX_LEN_fuzz_cli); dict=$(FUZZ_DICT_fuzz_cli);; \
		esac; \
		echo "== $$t: $(FUZZ_SECONDS) s"; \
		timer=""; if [ -x /usr/bin/time ]; then \
			timer="/usr/bin/time -f $$t:%Us_user,%Ss_system,%es_elapsed,%MKB_peak"; fi; \
		ORGCHECK_DATA_DIR=$(CURDIR) ASAN_OPTIONS=detect_leaks=1 $$timer $(CURDIR)/$(FUZZ_BUILD)/$$t \
			-max_total_time=$(FUZZ_SECONDS) -max_len=$$max -timeout=10 -rss_limit_mb=2048 \
			-dict=$(CURDIR)/$$dict -print_final_stats=1 \
			-artifact_prefix=$(CURDIR)/$(FUZZ_BUILD)/artifacts/$$t- $(FUZZ_OPTIONS) \
			$(CURDIR)/$(FUZZ_BUILD)/corpus/$$t || exit 1; \
	done
