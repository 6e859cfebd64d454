# orgcheck: build, test, run, install.
#
#   make              build build/orgcheck and build/liborgcheck.a (installs
#                     nothing: names missing packages and make deps)
#   make run          install missing packages, build, check records/, write reports/out/
#   make check        install missing packages, build, run every test
#   make deps         only install missing packages (as root, with apt-get)
#   make DEVELOPER=1  warnings are errors (as in CI)
#   make CC=clang     build with clang, in build/clang/
#   make MIMALLOC=0   the C library's malloc (also the fallback without libmimalloc-dev)
#   make SANITIZE=address,undefined check    the same under ASan and UBSan
#   make valgrind     the tests under valgrind; leaks are failures
#   make analyze      gcc -fanalyzer over the core and the command line
#   make fuzz         libFuzzer targets under clang (tests/fuzz/fuzz.mk)
#   make bench        time check against xmllint on generated 10k and 100k corpora
#   make install / uninstall   honour PREFIX and DESTDIR
#
# A changed variable rebuilds what it affects: $(BUILD)/.cflags, .ldflags
# and .datadir hold the flags the objects, the links and cli/datadir.o
# were made with (see "build state" below).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/orgcheck
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
INSTALL ?= install

comma := ,

# The build directory: build/ for the default compiler (cc), build/NAME/ for
# another one (make CC=clang builds into build/clang/), and below that
# san-LIST/ for a sanitizer build, so that builds with different compilers
# or sanitizers never share objects and switching between them rebuilds
# nothing. Within one directory the flag files below catch every other
# change.
CC_DIR := $(if $(filter-out cc,$(notdir $(lastword $(CC)))),/$(notdir $(lastword $(CC))))
ifeq ($(SANITIZE),)
BUILD := build$(CC_DIR)
SAN_FLAGS :=
else
BUILD := build$(CC_DIR)/san-$(subst $(comma),-,$(SANITIZE))
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -g
endif
# The allocator of the orgcheck binary: mimalloc (Debian libmimalloc-dev)
# in place of glibc's malloc for the whole process, libxml2 and libxslt
# included, which allocate and free a node for every element: the HTML
# report renders in about a fifth less time with it, a check in a few
# percent less (interleaved runs, medians).
# MIMALLOC=0 builds with the C library's malloc. Sanitizer builds always
# do: they replace malloc themselves. The unit tests keep the C library's.
# mimalloc is optional: without it (a link with -l$(MIMALLOC_LIB) fails)
# the binary gets the C library's malloc and the link says so in one line;
# tests/build-tests.sh points MIMALLOC_LIB at a library that does not exist.
MIMALLOC ?= 1
MIMALLOC_LIB ?= mimalloc
ifneq ($(SANITIZE),)
MIMALLOC := 0
endif
# ORGCHECK_MIMALLOC tells the code which malloc it tunes (cli.c). The
# probe runs only for goals that build.
NOBUILD_GOALS := clean uninstall deps deps-build deps-test deps-valgrind deps-bench deps-fuzz deps-analyze
GOALS := $(or $(MAKECMDGOALS),all)
MIMALLOC_PROBE = printf 'int main(void) { return 0; }\n' | \
	$(CC) -x c -o /dev/null - -l$(MIMALLOC_LIB) >/dev/null 2>&1
ALLOC_LIBS :=
ALLOC_CFLAGS :=
ifneq ($(filter-out $(NOBUILD_GOALS),$(GOALS)),)
ifeq ($(MIMALLOC),1)
ifeq ($(shell $(MIMALLOC_PROBE) && echo found),found)
ALLOC_LIBS := -Wl,--no-as-needed -l$(MIMALLOC_LIB) -Wl,--as-needed
ALLOC_CFLAGS := -DORGCHECK_MIMALLOC=1
else
ALLOC_NOTE = make: no lib$(MIMALLOC_LIB) (Debian libmimalloc-dev; make deps installs it): $(BIN) uses the C library's malloc
endif
endif
endif
# The core's libraries: libxml2 and libxslt, json-c (Debian
# libjson-c-dev) for reading ROR's JSON in 'orgcheck import ror', and
# utf8proc (Debian libutf8proc-dev) for folding names to compare them:
# Unicode case folding, compatibility normalization, combining marks and
# character categories; libcrypto (Debian libssl-dev) for SHA-256 only:
# the cache compares files by the hash of their bytes.
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 libxslt json-c libutf8proc libcrypto 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 libxslt json-c libutf8proc libcrypto 2>/dev/null)
CMOCKA_CFLAGS := $(shell $(PKG_CONFIG) --cflags cmocka 2>/dev/null)
CMOCKA_LIBS := $(shell $(PKG_CONFIG) --libs cmocka 2>/dev/null)

WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wold-style-definition -Wwrite-strings -Wcast-qual \
	-Wvla -Wformat=2 -fno-common
ifeq ($(DEVELOPER),1)
WARNINGS += -Werror
endif

ifeq ($(SANITIZE),)
OPTIMIZE ?= -O2 -g -D_FORTIFY_SOURCE=2 -fstack-protector-strong
else
OPTIMIZE ?= -O1
endif

CFLAGS ?=
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(WARNINGS) $(OPTIMIZE) $(SAN_FLAGS) \
	$(XML_CFLAGS) $(CFLAGS)
ALL_LDFLAGS := -pthread $(SAN_FLAGS) $(LDFLAGS)

CORE_SRC := $(sort $(wildcard src/core/*.c src/core/*/*.c))
CLI_SRC := $(filter-out src/cli/main.c,$(sort $(wildcard src/cli/*.c)))
CORE_OBJ := $(CORE_SRC:src/%.c=$(BUILD)/obj/%.o)
CLI_OBJ := $(CLI_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ := $(BUILD)/obj/cli/main.o

LIB := $(BUILD)/liborgcheck.a
CLI_LIB := $(BUILD)/liborgcheck-cli.a
BIN := $(BUILD)/orgcheck

TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all run check test unit cases include-test sch-tests sch-conformance cli-tests format-tests html-tests edit-tests fix-tests ci-examples-tests hostile-tests import-tests cache-tests build-tests install-test deps deps-build deps-test deps-valgrind deps-bench valgrind bench \
	install uninstall clean

all: $(BIN) $(LIB)

# ---------------------------------------------------------------- packages
# apt-get runs only when a library or tool is missing, and only as root;
# otherwise the missing packages are named and the build stops.
# The compiler's package: gcc for cc and gcc, clang for clang.
CC_PACKAGES = $(if $(findstring clang,$(notdir $(lastword $(CC)))),clang,gcc) libc6-dev
BUILD_REQUIRED_CHECK = \
	command -v $(firstword $(CC)) >/dev/null 2>&1 || missing="$$missing $(CC_PACKAGES)"; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	$(PKG_CONFIG) --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	$(PKG_CONFIG) --exists libxslt 2>/dev/null || missing="$$missing libxslt1-dev"; \
	$(PKG_CONFIG) --exists json-c 2>/dev/null || missing="$$missing libjson-c-dev"; \
	$(PKG_CONFIG) --exists libutf8proc 2>/dev/null || missing="$$missing libutf8proc-dev"; \
	$(PKG_CONFIG) --exists libcrypto 2>/dev/null || missing="$$missing libssl-dev";
BUILD_PACKAGES_CHECK = $(BUILD_REQUIRED_CHECK) \
	[ "$(MIMALLOC)" != 1 ] || $(MIMALLOC_PROBE) || missing="$$missing libmimalloc-dev";
TEST_PACKAGES_CHECK = \
	$(PKG_CONFIG) --exists cmocka 2>/dev/null || missing="$$missing libcmocka-dev"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v script >/dev/null 2>&1 || missing="$$missing bsdutils"; \
	command -v git >/dev/null 2>&1 || missing="$$missing git"; \
	python3 -c 'import jsonschema' >/dev/null 2>&1 || missing="$$missing python3 python3-jsonschema"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	test -x /usr/bin/time || missing="$$missing time"; \
	command -v strace >/dev/null 2>&1 || missing="$$missing strace";
INSTALL_MISSING = \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "deps: installing$$missing"; \
			export DEBIAN_FRONTEND=noninteractive; \
			apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing \
				|| { echo "deps: apt-get failed" >&2; exit 1; }; \
		else \
			echo "deps: missing packages:$$missing (install them, or run as root)" >&2; \
			exit 1; \
		fi; \
	fi

# ---------------------------------------------------------------- build state
# Goals that install their packages first and then build in a fresh make
# (which checks again); NOBUILD_GOALS, above, build nothing.
INSTALLING_GOALS := run check valgrind bench fuzz fuzz-build analyze

# A build on a machine that misses a compiler or a library stops here and
# names the packages, rather than with "cc: No such file or directory".
ifneq ($(filter-out $(NOBUILD_GOALS) $(INSTALLING_GOALS),$(GOALS)),)
BUILD_MISSING := $(shell missing=""; $(BUILD_REQUIRED_CHECK) echo $$missing)
ifneq ($(BUILD_MISSING),)
$(error missing packages: $(BUILD_MISSING); 'make deps' installs them (as root), or install them with apt-get)
endif
endif

CFLAGS_FILE := $(BUILD)/.cflags
LDFLAGS_FILE := $(BUILD)/.ldflags
DATADIR_FILE := $(BUILD)/.datadir
# $(call write-file,FILE,TEXT): FILE holds TEXT and a newline.
write-file = $(shell mkdir -p $(dir $(1)))$(file >$(1),$(2))

ifneq ($(filter-out $(NOBUILD_GOALS),$(GOALS)),)
# The flags every object, link and the compiled-in data directory were
# made with, as git's GIT-CFLAGS: each file is rewritten only when its
# content changes, and what depends on it is rebuilt. Written while make
# reads this file rather than by a forced rule, so that make -n and make -q
# tell the truth about what is out of date.
TRACKED_CFLAGS := $(strip $(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS))
TRACKED_LDFLAGS := $(strip $(CC) $(ALL_LDFLAGS) $(ALLOC_LIBS) $(XML_LIBS) $(CMOCKA_LIBS))
TRACKED_DATADIR := $(strip $(DATADIR))
ifneq ($(TRACKED_CFLAGS),$(file <$(CFLAGS_FILE)))
$(if $(wildcard $(CFLAGS_FILE)),$(info make: compiler flags changed: rebuilding in $(BUILD)/))
$(call write-file,$(CFLAGS_FILE),$(TRACKED_CFLAGS))
endif
ifneq ($(TRACKED_LDFLAGS),$(file <$(LDFLAGS_FILE)))
$(if $(wildcard $(LDFLAGS_FILE)),$(info make: link flags changed: relinking in $(BUILD)/))
$(call write-file,$(LDFLAGS_FILE),$(TRACKED_LDFLAGS))
endif
ifneq ($(TRACKED_DATADIR),$(file <$(DATADIR_FILE)))
$(call write-file,$(DATADIR_FILE),$(TRACKED_DATADIR))
endif
endif

# Written again if removed while make runs (make clean all).
$(CFLAGS_FILE):
	$(call write-file,$@,$(TRACKED_CFLAGS))
$(LDFLAGS_FILE):
	$(call write-file,$@,$(TRACKED_LDFLAGS))
$(DATADIR_FILE):
	$(call write-file,$@,$(TRACKED_DATADIR))

# ---------------------------------------------------------------- build
# The core sees its own folders (src/core) and the public headers; the
# command line sees only the public headers (include/orgcheck).
$(BUILD)/obj/core/%.o: src/core/%.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc/core -MMD -MP -c -o $@ $<

# The cache's key names the sources of the core (reading, validating,
# extracting, the model, the findings and the pipeline around them), so a
# build that changes any of them never takes an entry of another build
# for its own, even at the same version.
CACHE_KEY_SOURCES := $(sort $(wildcard src/core/*.[ch] src/core/*/*.[ch] include/orgcheck/*.h))
$(BUILD)/obj/core/input/cache.o: $(CACHE_KEY_SOURCES)
$(BUILD)/obj/core/input/cache.o: ALL_CFLAGS += \
	-DORGCHECK_CACHE_SOURCES='"$(shell cat $(CACHE_KEY_SOURCES) | cksum | cut -d' ' -f1)"'

$(BUILD)/obj/cli/%.o: src/cli/%.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -Iinclude -MMD -MP -c -o $@ $<

# Only the data directory lookup has PREFIX compiled in, so make install
# PREFIX=... rebuilds that one object.
$(BUILD)/obj/cli/datadir.o: OBJ_CFLAGS = -DORGCHECK_DATADIR='"$(DATADIR)"'
$(BUILD)/obj/cli/datadir.o: $(DATADIR_FILE)
# Only cli.c knows which malloc it tunes (ORGCHECK_MIMALLOC): compiled again
# when the link's allocator changes, which .ldflags records.
$(BUILD)/obj/cli/cli.o: OBJ_CFLAGS = $(ALLOC_CFLAGS)
$(BUILD)/obj/cli/cli.o: $(LDFLAGS_FILE)

$(LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(CLI_LIB): $(CLI_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(CLI_LIB) $(LIB) $(LDFLAGS_FILE)
	$(if $(ALLOC_NOTE),@echo "$(ALLOC_NOTE)")
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(CLI_LIB) $(LIB) $(ALLOC_LIBS) $(XML_LIBS)

# The unit tests that make allocations fail (tests/unit/failalloc.h).
FAILALLOC_TESTS := test_select test_findings
$(FAILALLOC_TESTS:%=$(BUILD)/tests/%): TEST_LDFLAGS := -Wl,--wrap=malloc -Wl,--wrap=realloc

$(BUILD)/tests/%: tests/unit/%.c $(CLI_LIB) $(LIB) $(CFLAGS_FILE) $(LDFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -DORGCHECK_SOURCE_DIR='"$(CURDIR)"' -Iinclude -Isrc -Isrc/core \
		-MMD -MP $(ALL_LDFLAGS) $(TEST_LDFLAGS) -o $@ $< $(CLI_LIB) $(LIB) $(XML_LIBS) $(CMOCKA_LIBS)

-include $(CORE_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_BIN:=.d)

deps-build:
	@missing=""; $(BUILD_PACKAGES_CHECK) $(INSTALL_MISSING)

deps-test:
	@missing=""; $(BUILD_PACKAGES_CHECK) $(TEST_PACKAGES_CHECK) $(INSTALL_MISSING)

deps: deps-test

deps-valgrind:
	@missing=""; command -v valgrind >/dev/null 2>&1 || missing=" valgrind"; $(INSTALL_MISSING)

# ---------------------------------------------------------------- run
# A fresh make process after deps, so pkg-config sees what was installed.
REPORT_DIR := reports/out

run: deps-build
	@$(MAKE) --no-print-directory all
	@mkdir -p $(REPORT_DIR)
	@./$(BIN) check --fail-on none -q --format xml -o $(REPORT_DIR)/results.xml records
	@./$(BIN) render -o $(REPORT_DIR)/index.html $(REPORT_DIR)/results.xml
	@./$(BIN) check --fail-on none --color=never -o $(REPORT_DIR)/findings.txt records
	@cat $(REPORT_DIR)/findings.txt
	@echo "make run: wrote $(REPORT_DIR)/index.html, $(REPORT_DIR)/results.xml and $(REPORT_DIR)/findings.txt"

# ---------------------------------------------------------------- tests
check: deps-test
	@$(MAKE) --no-print-directory test

test: include-test unit cases sch-tests cli-tests format-tests html-tests edit-tests fix-tests ci-examples-tests hostile-tests import-tests \
	cache-tests fuzz-replay build-tests install-test

# The cache the tests' checks write goes to the build tree, never into
# the sources (tests/run-cases.sh gives each case a fresh one).
TEST_CACHE_TARGETS := unit cases sch-tests cli-tests format-tests html-tests edit-tests fix-tests ci-examples-tests \
	hostile-tests import-tests fuzz-replay build-tests install-test cache-tests
$(TEST_CACHE_TARGETS): export ORGCHECK_CACHE_DIR := $(CURDIR)/$(BUILD)/test-cache

unit: $(TEST_BIN)
	@failed=0; for t in $(TEST_BIN); do \
		echo "== $$t"; $(TEST_WRAPPER) ./$$t || failed=1; \
	done; test $$failed = 0

# Includes go one way only, in the order src/README.md states.
include-test:
	@sh tests/include-order.sh

cases: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/run-cases.sh tests/cases

# Schematron: orgcheck's own test cases, one feature or error each, run by
# the driver that also measures the public conformance suite
# (make sch-conformance SUITE=DIR, not part of make check), and the
# command line (tests/schematron/cli-tests.sh).
SCH_SUITE := $(BUILD)/tests/sch-suite

$(SCH_SUITE): tests/schematron/suite.c $(LIB) $(CFLAGS_FILE) $(LDFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc/core -MMD -MP $(ALL_LDFLAGS) -o $@ $< $(LIB) $(XML_LIBS)

-include $(SCH_SUITE).d

sch-tests: $(SCH_SUITE) $(BIN)
	@$(TEST_WRAPPER) ./$(SCH_SUITE) tests/schematron/cases
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		SCH_SUITE="$(CURDIR)/$(SCH_SUITE)" sh tests/schematron/cli-tests.sh
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/schematron/sqf-tests.sh

sch-conformance: $(SCH_SUITE)
	@test -n "$(SUITE)" || { echo "usage: make sch-conformance SUITE=DIR (test case files)"; exit 2; }
	@./$(SCH_SUITE) $(SUITE)

cli-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/cli-tests.sh

# The cache: corrupt, truncated, other-version, unwritable, full and
# concurrent caches, and records edited, touched or deleted between runs,
# each giving the report of --no-cache.
cache-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/cache-tests.sh

# Each output format checked by an independent validator (xmllint against
# the XSDs, python3-jsonschema against the JSON schemas).
format-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/format-tests.sh

# The HTML report rendered in headless Chromium, its DOM checked.
html-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/html-tests.sh

# The build on a scratch copy of $(BUILD): flags tracking, the fallback
# without mimalloc, missing packages named (tests/build-tests.sh).
build-tests: $(BIN) $(LIB)
	@BUILD_DIR="$(BUILD)" MAKE="$(MAKE) --no-print-directory" DEVELOPER_SETTING="$(DEVELOPER)" \
		MIMALLOC_LINKED="$(if $(ALLOC_LIBS),1,0)" sh tests/build-tests.sh

# Installs into a scratch DESTDIR under another PREFIX, checks the corpus
# with the installed binary from another directory (so it must find its
# schemas under PREFIX/share/orgcheck), then uninstalls and expects nothing
# left behind. The binary is built with that PREFIX compiled in, in a copy
# of $(BUILD) (only cli/datadir.o is compiled again), so that the tests
# running beside it keep theirs.
install-test: $(BIN) $(LIB)
	@d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; mkdir "$$d/build" && \
	cp -pR $(BUILD)/obj $(LIB) $(CLI_LIB) $(BIN) $(CFLAGS_FILE) $(LDFLAGS_FILE) $(DATADIR_FILE) "$$d/build/" && \
	$(MAKE) --no-print-directory -s install BUILD=$$d/build DESTDIR=$$d/root PREFIX=/opt/orgcheck >/dev/null && \
	test -x $$d/root/opt/orgcheck/bin/orgcheck && test -f $$d/root/opt/orgcheck/share/man/man1/orgcheck.1 && \
	(cd / && env -u ORGCHECK_DATA_DIR $$d/root/opt/orgcheck/bin/orgcheck check -q --fail-on none $(CURDIR)/records >/dev/null) && \
	$(MAKE) --no-print-directory -s uninstall BUILD=$$d/build DESTDIR=$$d/root PREFIX=/opt/orgcheck >/dev/null && \
	test -z "$$(find $$d/root -type f)" && echo "install-test: 1 passed, 0 failed" || \
	{ echo "install-test: 0 passed, 1 failed"; exit 1; }

# --soname-synonyms: valgrind replaces mimalloc's malloc as it does the C
# library's, so the binary's allocations are tracked either way.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--soname-synonyms=somalloc=libmimalloc.so.2 \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible

# The unit tests and every end-to-end case under valgrind (the script-level
# tests run the same code paths again and would only add minutes).
# The cases run once here, on a cold cache: their warm run is checked
# under ASan, whose leak checker covers it too, and halving the slowest
# step keeps CI under 30 minutes.
valgrind: deps-test deps-valgrind
	@CASES_CACHE_RUNS=1 $(MAKE) --no-print-directory unit cases TEST_WRAPPER="$(VALGRIND)"
	@$(MAKE) --no-print-directory $(SCH_SUITE)
	@$(VALGRIND) ./$(SCH_SUITE) tests/schematron/cases

# Contributor edits in a temporary git repository: --changed-since, --only,
# diff, baselines, the pre-commit hook; nothing in the tree may change.
edit-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/edit-tests.sh

# orgcheck fix on each case of tests/fix/ and on the bundled corpus: the
# patch applies, --write writes it and nothing else, nothing new is found.
fix-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/fix-tests.sh

# Hostile inputs dropped among valid records: each gives a clear finding or
# error naming the file, nothing leaks, nothing hangs.
# The CI examples: schema-checked by action-validator and gitlab-ci-local
# (npm, installed into build/npm when missing) and run end to end.
ci-examples-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/ci-examples-tests.sh

hostile-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/hostile/run.sh

# orgcheck import ror on 44 real ROR records and on bad inputs, compared
# with golden files (tests/import/README.md).
import-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/import/run.sh

# Performance at scale (not part of make check): generates 10,000- and
# 100,000-record corpora into build/bench/ (kept until the generator
# changes), times xmllint, check and render on them in one run and checks
# the findings against the discrepancies the generator injected.
deps-bench:
	@missing=""; $(BUILD_PACKAGES_CHECK) \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v python3 >/dev/null 2>&1 || missing="$$missing python3"; \
	command -v git >/dev/null 2>&1 || missing="$$missing git"; \
	test -x /usr/bin/time || missing="$$missing time"; $(INSTALL_MISSING)

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@ORGCHECK="$(CURDIR)/$(BIN)" sh tests/bench/run.sh

# ---------------------------------------------------------------- analyze
# gcc's static analyser (-fanalyzer) over the core and the command line,
# unoptimised; any report fails. Without its leak checker: gcc 12 loses a
# pointer stored three indirections deep (list->items[i].related[j].path)
# and reports a leak in every such append, some fourteen false reports;
# leaks are found by valgrind and LeakSanitizer in make check instead.
# Each source file
# leaves a stamp in build/analyze/ (with its header dependencies), so
# make -j analyses files in parallel and an unchanged file is not analysed
# again.
ANALYZE_CC ?= gcc
ANALYZE_BUILD := build/analyze
ANALYZE_STAMPS = $(CORE_SRC:src/%.c=$(BUILD)/%.ok) $(CLI_SRC:src/%.c=$(BUILD)/%.ok) $(BUILD)/cli/main.ok
ANALYZE_FLAGS := -fanalyzer -Wno-analyzer-malloc-leak

.PHONY: analyze analyze-files deps-analyze

deps-analyze:
	@missing=""; command -v $(ANALYZE_CC) >/dev/null 2>&1 || missing=" gcc"; \
	$(BUILD_PACKAGES_CHECK) $(INSTALL_MISSING)

analyze: deps-analyze
	@$(MAKE) --no-print-directory BUILD=$(ANALYZE_BUILD) CC=$(ANALYZE_CC) DEVELOPER=1 OPTIMIZE= analyze-files
	@echo "analyze: no reports"

analyze-files: $(ANALYZE_STAMPS)

$(BUILD)/core/%.ok: src/core/%.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ANALYZE_FLAGS) -Iinclude -Isrc/core -MMD -MP -MF $(@:.ok=.d) -MT $@ -c -o /dev/null $<
	@touch $@

$(BUILD)/cli/%.ok: src/cli/%.c $(CFLAGS_FILE)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ANALYZE_FLAGS) -Iinclude -MMD -MP -MF $(@:.ok=.d) -MT $@ -c -o /dev/null $<
	@touch $@

-include $(ANALYZE_STAMPS:.ok=.d)

# Fuzz targets: fuzz-replay (in make check) replays the seed corpora without
# libFuzzer; make fuzz runs each target under libFuzzer for a bounded time.
include tests/fuzz/fuzz.mk

# ---------------------------------------------------------------- install
install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(MANDIR)/man1
	$(INSTALL) -m 755 $(BIN) $(DESTDIR)$(BINDIR)/orgcheck
	$(INSTALL) -m 644 schemas/*.xsd schemas/*.json $(DESTDIR)$(DATADIR)/schemas/
	$(INSTALL) -d $(DESTDIR)$(DATADIR)/schemas/rules
	$(INSTALL) -m 644 schemas/rules/*.sch $(DESTDIR)$(DATADIR)/schemas/rules/
	$(INSTALL) -d $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/reports
	$(INSTALL) -m 644 rules/default.xml $(DESTDIR)$(DATADIR)/rules/default.xml
	$(INSTALL) -m 644 reports/*.xsl $(DESTDIR)$(DATADIR)/reports/
	$(INSTALL) -m 644 doc/orgcheck.1 $(DESTDIR)$(MANDIR)/man1/orgcheck.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/orgcheck $(DESTDIR)$(MANDIR)/man1/orgcheck.1
	rm -f $(DESTDIR)$(DATADIR)/schemas/*.xsd $(DESTDIR)$(DATADIR)/schemas/*.json \
		$(DESTDIR)$(DATADIR)/rules/default.xml
	rm -f $(DESTDIR)$(DATADIR)/reports/*.xsl $(DESTDIR)$(DATADIR)/schemas/rules/*.sch
	-rmdir $(DESTDIR)$(DATADIR)/schemas/rules $(DESTDIR)$(DATADIR)/schemas $(DESTDIR)$(DATADIR)/rules $(DESTDIR)$(DATADIR)/reports \
		$(DESTDIR)$(DATADIR)

clean:
	rm -rf build $(REPORT_DIR)
