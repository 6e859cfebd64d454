# orgcheck: build, test, run, install.
#
#   make              build build/orgcheck and build/liborgcheck.a
#   make run          install missing packages, build, check records/, write reports/out/
#   make check        install missing packages, build, run every test
#   make SANITIZE=address,undefined check    the same under ASan and UBSan
#   make valgrind     the tests under valgrind; leaks are failures
#   make bench        time check against xmllint on generated 10k and 100k corpora
#   make install / uninstall   honour PREFIX and DESTDIR
#   make DEVELOPER=1  warnings are errors (as in CI)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/orgcheck
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
INSTALL ?= install

comma := ,

# Plain builds go to build/; sanitizer builds to build/san-<list>/ so the two
# never share objects compiled with different flags.
ifeq ($(SANITIZE),)
BUILD := build
SAN_FLAGS :=
else
BUILD := build/san-$(subst $(comma),-,$(SANITIZE))
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer -g
endif
# The allocator of the orgcheck binary: mimalloc (Debian libmimalloc-dev)
# in place of glibc's malloc for the whole process, libxml2 and libxslt
# included, which allocate and free a node for every element: the HTML
# report renders in about a fifth less time with it, a check in a few
# percent less (interleaved runs, medians).
# MIMALLOC=0 builds with the C library's malloc. Sanitizer builds always
# do: they replace malloc themselves. The unit tests keep the C library's.
MIMALLOC ?= 1
ifneq ($(SANITIZE),)
MIMALLOC := 0
endif
# ORGCHECK_MIMALLOC tells the code which malloc it tunes (cli.c).
ifeq ($(MIMALLOC),1)
ALLOC_LIBS := -Wl,--no-as-needed -lmimalloc -Wl,--as-needed
ALLOC_CFLAGS := -DORGCHECK_MIMALLOC=1
else
ALLOC_LIBS :=
ALLOC_CFLAGS :=
endif
# The core's libraries: libxml2 and libxslt, json-c (Debian
# libjson-c-dev) for reading ROR's JSON in 'orgcheck import ror', and
# libcrypto for SHA-256 only: the cache compares files by the hash of
# their bytes.
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 libxslt json-c libcrypto 2>/dev/null)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 libxslt json-c libcrypto 2>/dev/null)
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
	$(ALLOC_CFLAGS) $(XML_CFLAGS) -DORGCHECK_DATADIR='"$(DATADIR)"' $(CFLAGS)
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

.PHONY: all run check test unit cases include-test sch-tests sch-conformance cli-tests format-tests html-tests edit-tests hostile-tests import-tests cache-tests install-test deps deps-build deps-test deps-valgrind deps-bench valgrind bench \
	install uninstall clean

all: $(BIN) $(LIB)

# The core sees its own folders (src/core) and the public headers; the
# command line sees only the public headers (include/orgcheck).
$(BUILD)/obj/core/%.o: src/core/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc/core -MMD -MP -c -o $@ $<

# The cache's key names the sources of the per-file work (reading,
# validating, extracting, the model and the findings), so a build that
# changes any of them never takes an entry of another build for its own,
# even at the same version.
CACHE_KEY_SOURCES := $(sort $(wildcard src/core/input/*.[ch] src/core/model/*.[ch] \
	src/core/findings/*.[ch] src/core/util/*.[ch] include/orgcheck/*.h))
$(BUILD)/obj/core/input/cache.o: $(CACHE_KEY_SOURCES)
$(BUILD)/obj/core/input/cache.o: ALL_CFLAGS += \
	-DORGCHECK_CACHE_SOURCES='"$(shell cat $(CACHE_KEY_SOURCES) | cksum | cut -d' ' -f1)"'

$(BUILD)/obj/cli/%.o: src/cli/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -MMD -MP -c -o $@ $<

$(LIB): $(CORE_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(CLI_LIB): $(CLI_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	$(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(CLI_LIB) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(MAIN_OBJ) $(CLI_LIB) $(LIB) $(ALLOC_LIBS) $(XML_LIBS)

# The unit tests that make allocations fail (tests/unit/failalloc.h).
FAILALLOC_TESTS := test_select test_findings
$(FAILALLOC_TESTS:%=$(BUILD)/tests/%): TEST_LDFLAGS := -Wl,--wrap=malloc -Wl,--wrap=realloc

$(BUILD)/tests/%: tests/unit/%.c tests/unit/testutil.h tests/unit/failalloc.h $(CLI_LIB) $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CMOCKA_CFLAGS) -DORGCHECK_SOURCE_DIR='"$(CURDIR)"' -Iinclude -Isrc -Isrc/core \
		$(ALL_LDFLAGS) $(TEST_LDFLAGS) -o $@ $< $(CLI_LIB) $(LIB) $(XML_LIBS) $(CMOCKA_LIBS)

-include $(CORE_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(MAIN_OBJ:.o=.d)

# ---------------------------------------------------------------- packages
# apt-get runs only when a library or tool is missing, and only as root;
# otherwise the missing packages are named and the build stops.
BUILD_PACKAGES_CHECK = \
	command -v $(CC) >/dev/null 2>&1 || missing="$$missing gcc libc6-dev"; \
	command -v $(PKG_CONFIG) >/dev/null 2>&1 || missing="$$missing pkg-config"; \
	$(PKG_CONFIG) --exists libxml-2.0 2>/dev/null || missing="$$missing libxml2-dev"; \
	$(PKG_CONFIG) --exists libxslt 2>/dev/null || missing="$$missing libxslt1-dev"; \
	$(PKG_CONFIG) --exists json-c 2>/dev/null || missing="$$missing libjson-c-dev"; \
	$(PKG_CONFIG) --exists libcrypto 2>/dev/null || missing="$$missing libssl-dev"; \
	[ "$(MIMALLOC)" != 1 ] || printf '\043include <mimalloc.h>\n' | $(CC) -E - >/dev/null 2>&1 || \
		missing="$$missing libmimalloc-dev";
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

test: include-test unit cases sch-tests cli-tests format-tests html-tests edit-tests hostile-tests import-tests \
	cache-tests fuzz-replay install-test

# The cache the tests' checks write goes to the build tree, never into
# the sources (tests/run-cases.sh gives each case a fresh one).
TEST_CACHE_TARGETS := unit cases sch-tests cli-tests format-tests html-tests edit-tests hostile-tests \
	import-tests fuzz-replay install-test cache-tests
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

$(SCH_SUITE): tests/schematron/suite.c $(LIB)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Iinclude -Isrc/core $(ALL_LDFLAGS) -o $@ $< $(LIB) $(XML_LIBS)

sch-tests: $(SCH_SUITE) $(BIN)
	@$(TEST_WRAPPER) ./$(SCH_SUITE) tests/schematron/cases
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/schematron/cli-tests.sh

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

# Installs into a scratch DESTDIR under another PREFIX, checks the corpus
# with the installed binary from another directory (so it must find its
# schemas under PREFIX/share/orgcheck), then uninstalls and expects nothing
# left behind.
install-test: $(BIN)
	@d=$$(mktemp -d); trap 'rm -rf "$$d"' EXIT; \
	$(MAKE) --no-print-directory -s install DESTDIR=$$d PREFIX=/opt/orgcheck >/dev/null && \
	test -x $$d/opt/orgcheck/bin/orgcheck && test -f $$d/opt/orgcheck/share/man/man1/orgcheck.1 && \
	(cd / && env -u ORGCHECK_DATA_DIR $$d/opt/orgcheck/bin/orgcheck check -q --fail-on none $(CURDIR)/records >/dev/null) && \
	$(MAKE) --no-print-directory -s uninstall DESTDIR=$$d PREFIX=/opt/orgcheck >/dev/null && \
	test -z "$$(find $$d -type f)" && echo "install-test: 1 passed, 0 failed" || \
	{ echo "install-test: 0 passed, 1 failed"; exit 1; }

# --soname-synonyms: valgrind replaces mimalloc's malloc as it does the C
# library's, so the binary's allocations are tracked either way.
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full \
	--soname-synonyms=somalloc=libmimalloc.so.2 \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible

# The unit tests and every end-to-end case under valgrind (the script-level
# tests run the same code paths again and would only add minutes).
valgrind: deps-test deps-valgrind
	@$(MAKE) --no-print-directory unit cases TEST_WRAPPER="$(VALGRIND)"
	@$(MAKE) --no-print-directory $(SCH_SUITE)
	@$(VALGRIND) ./$(SCH_SUITE) tests/schematron/cases

# Contributor edits in a temporary git repository: --changed-since, --only,
# diff, baselines, the pre-commit hook; nothing in the tree may change.
edit-tests: $(BIN)
	@ORGCHECK="$(TEST_WRAPPER) $(CURDIR)/$(BIN)" ORGCHECK_DATA_DIR="$(CURDIR)" \
		sh tests/edit-tests.sh

# Hostile inputs dropped among valid records: each gives a clear finding or
# error naming the file, nothing leaks, nothing hangs.
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
	test -x /usr/bin/time || missing="$$missing time"; $(INSTALL_MISSING)

bench: deps-bench
	@$(MAKE) --no-print-directory all
	@ORGCHECK="$(CURDIR)/$(BIN)" sh tests/bench/run.sh

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
