#!/bin/sh
# The build itself: a changed variable rebuilds what it affects (compiler
# flags every object, link flags only the links, PREFIX only the data
# directory lookup), a missing optional library (mimalloc) gives one line
# and the C library's malloc instead of a linker error, and a missing
# required package stops the build with its name and 'make deps'.
#
# Each test runs make on a scratch copy of the build directory (objects,
# archives, binary and flag files, times kept), so the real one is never
# touched. Run from the top of the source tree by make build-tests, which
# sets BUILD_DIR, MAKE, DEVELOPER_SETTING and MIMALLOC_LINKED.
set -u
: "${BUILD_DIR:?set BUILD_DIR to the build directory}"
MAKE=${MAKE:-make}
DEVELOPER_SETTING=${DEVELOPER_SETTING:-}
MIMALLOC_LINKED=${MIMALLOC_LINKED:-0}

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# A fresh copy of the build in $b, and a time stamp after it.
copy_build() {
	b=$scratch/build
	rm -rf "$b"
	mkdir -p "$b"
	cp -pR "$BUILD_DIR/obj" "$BUILD_DIR/liborgcheck.a" "$BUILD_DIR/liborgcheck-cli.a" \
		"$BUILD_DIR/orgcheck" "$BUILD_DIR/.cflags" "$BUILD_DIR/.ldflags" "$BUILD_DIR/.datadir" "$b/"
	touch "$scratch/stamp"
}

# The objects rebuilt since the copy, as paths below obj/, sorted.
rebuilt() {
	(cd "$b/obj" && find . -name '*.o' -newer "$scratch/stamp" | sed 's|^\./||' | sort | tr '\n' ' ')
}

if [ "$DEVELOPER_SETTING" = 1 ]; then flipped=""; else flipped=1; fi

# --- the copy is up to date with the same variables
copy_build
if $MAKE -q BUILD="$b" all >"$scratch/out" 2>&1; then
	ok "an unchanged build is up to date (make -q)"
else
	not_ok "an unchanged build is out of date" "$(cat "$scratch/out")"
fi

# --- DEVELOPER changes the compiler flags: every object is out of date
copy_build
$MAKE -q BUILD="$b" DEVELOPER="$flipped" all >"$scratch/out" 2>&1
status=$?
if [ $status = 1 ] && grep -q 'compiler flags changed' "$scratch/out" &&
   $MAKE -s BUILD="$b" DEVELOPER="$flipped" "$b/obj/core/util/error.o" "$b/obj/cli/args.o" >>"$scratch/out" 2>&1 &&
   [ "$(rebuilt)" = "cli/args.o core/util/error.o " ]; then
	ok "DEVELOPER=$flipped after DEVELOPER=$DEVELOPER_SETTING rebuilds the objects"
else
	not_ok "DEVELOPER=$flipped did not rebuild (make -q: $status; rebuilt: $(rebuilt))" "$(cat "$scratch/out")"
fi

# --- PREFIX changes only the compiled-in data directory: one object, one link
copy_build
if $MAKE -s BUILD="$b" PREFIX=/opt/orgcheck-build-test all >"$scratch/out" 2>&1 &&
   [ "$(rebuilt)" = "cli/datadir.o " ] && [ "$b/orgcheck" -nt "$scratch/stamp" ] &&
   $MAKE -q BUILD="$b" PREFIX=/opt/orgcheck-build-test all >>"$scratch/out" 2>&1; then
	ok "PREFIX rebuilds cli/datadir.o and the link, nothing else"
else
	not_ok "PREFIX rebuilt: $(rebuilt)" "$(cat "$scratch/out")"
fi

# --- without libmimalloc the binary links the C library's malloc, with one
# line saying so (only cli.c, which tunes the malloc, is compiled again);
# with it again, it is relinked with mimalloc
if [ "$MIMALLOC_LINKED" = 1 ]; then
	copy_build
	$MAKE -s BUILD="$b" MIMALLOC_LIB=orgcheck-no-such-allocator all >"$scratch/out" 2>&1
	status=$?
	notes=$(grep -c "uses the C library's malloc" "$scratch/out")
	if [ $status = 0 ] && [ "$notes" = 1 ] && grep -q 'libmimalloc-dev' "$scratch/out" &&
	   [ "$(rebuilt)" = "cli/cli.o " ] && [ "$b/orgcheck" -nt "$scratch/stamp" ] &&
	   ! ldd "$b/orgcheck" | grep -q mimalloc &&
	   ORGCHECK_DATA_DIR=$PWD "$b/orgcheck" check -q --fail-on none records >/dev/null 2>&1; then
		ok "without libmimalloc: one line, the C library's malloc, a working binary"
	else
		not_ok "the fallback without libmimalloc (status $status, $notes notes, rebuilt: $(rebuilt))" \
			"$(cat "$scratch/out"; ldd "$b/orgcheck")"
	fi
	if $MAKE -s BUILD="$b" all >"$scratch/out" 2>&1 && ! grep -q 'malloc' "$scratch/out" &&
	   ldd "$b/orgcheck" | grep -q mimalloc; then
		ok "with libmimalloc again, the binary is relinked with it"
	else
		not_ok "not relinked with mimalloc" "$(cat "$scratch/out"; ldd "$b/orgcheck")"
	fi
else
	echo "skip - the mimalloc fallback (this build does not link mimalloc)"
fi

# --- a missing required package stops the build, naming it and make deps
copy_build
if $MAKE BUILD="$b" PKG_CONFIG=orgcheck-no-such-pkg-config all >"$scratch/out" 2>&1; then
	not_ok "a build without pkg-config succeeded" "$(cat "$scratch/out")"
elif grep -q 'missing packages: pkg-config libxml2-dev libxslt1-dev' "$scratch/out" &&
     grep -q "'make deps'" "$scratch/out" && [ -z "$(rebuilt)" ]; then
	ok "without pkg-config: the packages and make deps are named, nothing is built"
else
	not_ok "without pkg-config: unclear failure" "$(cat "$scratch/out")"
fi
copy_build
if $MAKE BUILD="$b" CC=orgcheck-no-such-clang all >"$scratch/out" 2>&1; then
	not_ok "a build with a missing compiler succeeded" "$(cat "$scratch/out")"
elif grep -q 'missing packages: clang libc6-dev' "$scratch/out" && ! grep -q 'No such file' "$scratch/out"; then
	ok "without the compiler: its package and make deps are named"
else
	not_ok "without the compiler: unclear failure" "$(cat "$scratch/out")"
fi

echo "build-tests: $pass passed, $fail failed"
[ $fail = 0 ]
