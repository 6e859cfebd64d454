#!/bin/sh
# Includes go one way only: a file of the core may include the headers of
# its own folder and of the folders before it in the order that
# src/README.md states (the indented line "util -> ... -> check.c"), where
# "a | b" are folders side by side that do not include each other. A
# public header include/orgcheck/X.h counts as the folder holding X.c, or
# as src/README.md's table says for headers without a .c. The command
# line (src/cli) includes only public headers and its own.
#
# usage: tests/include-order.sh [SOURCE_ROOT]   (default: the current directory)
set -u
root=${1:-.}
readme=$root/src/README.md

pass=0
fail=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2"; }

order=$(sed -n 's/^    \(util -> .*\)$/\1/p' "$readme")
if [ -z "$order" ] || [ "$(printf '%s\n' "$order" | wc -l)" -ne 1 ]; then
	not_ok "src/README.md states the include order once, as an indented line 'util -> ...'"
	echo "include-test: $pass passed, $fail failed"
	exit 1
fi

# "folder rank" per line: rank 0 for the first step of the order; folders
# of one step share it. check.c names the top of the core.
ranks=$(printf '%s\n' "$order" | awk -F' -> ' '{
	for (i = 1; i <= NF; i++) {
		n = split($i, side, / \| /)
		for (j = 1; j <= n; j++) print side[j], i - 1
	}
}')
# "header folder" for the public headers without a .c of their own.
table=$(sed -n 's|^    include/orgcheck/\([a-z0-9_]*\.h\): \([a-z.]*\)$|\1 \2|p' "$readme")

rank_of() {
	printf '%s\n' "$ranks" | awk -v f="$1" '$1 == f { print $2; exit }'
}

# The folder a file of the core belongs to ("check.c" for src/core/check.c).
folder_of_file() {
	case $1 in
	src/core/*/*) f=${1#src/core/}; echo "${f%%/*}" ;;
	src/core/*) basename "$1" ;;
	include/orgcheck/*) public_folder "$(basename "$1")" ;;
	esac
}

# The folder of public header NAME.h: where NAME.c lives, else the table.
public_folder() {
	name=${1%.h}
	found=$(cd "$root" && ls src/core/"$name".c src/core/*/"$name".c 2>/dev/null | head -1)
	if [ -n "$found" ]; then
		folder_of_file "$found"
		return
	fi
	printf '%s\n' "$table" | awk -v h="$1" '$1 == h { print $2; exit }'
}

# Every folder of the core is in the order, and every folder of the order
# exists, so a new folder must be given its place.
missing=""
for dir in "$root"/src/core/*/; do
	d=$(basename "$dir")
	[ -n "$(rank_of "$d")" ] || missing="$missing $d"
done
for f in $(printf '%s\n' "$ranks" | awk '{ print $1 }'); do
	case $f in
	*.c) [ -f "$root/src/core/$f" ] || missing="$missing $f" ;;
	*) [ -d "$root/src/core/$f" ] || missing="$missing $f" ;;
	esac
done
if [ -z "$missing" ]; then ok "the folders of src/core are those of the include order"
else not_ok "folders missing from the order or from src/core:$missing"; fi

# Every public header has a folder.
missing=""
for h in "$root"/include/orgcheck/*.h; do
	[ -n "$(public_folder "$(basename "$h")")" ] || missing="$missing $(basename "$h")"
done
if [ -z "$missing" ]; then ok "every public header counts as a folder"
else not_ok "public headers with no .c and no line in src/README.md's table:$missing"; fi

# Includes of the core and of the public headers.
bad=""
files=$(cd "$root" && ls src/core/*.c src/core/*/*.[ch] include/orgcheck/*.h 2>/dev/null)
for file in $files; do
	from=$(folder_of_file "$file")
	from_rank=$(rank_of "$from")
	targets=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\(<orgcheck\/[^>]*>\|"[^"]*"\).*/\1/p' "$root/$file")
	for t in $targets; do
		case $t in
		\<orgcheck/*) to=$(public_folder "$(basename "${t%>}")") ;;
		\"*/*\") h=${t#\"}; h=${h%\"}; to=${h%%/*}
			[ -f "$root/src/core/$h" ] || { bad="$bad
$file: $t: no such header in src/core"; continue; } ;;
		*) bad="$bad
$file: $t: core headers are included by folder (\"folder/x.h\") or as <orgcheck/x.h>"; continue ;;
		esac
		to_rank=$(rank_of "$to")
		if [ -z "$to_rank" ]; then
			bad="$bad
$file: $t: $to is not in the include order"
		elif [ "$to_rank" -gt "$from_rank" ]; then
			bad="$bad
$file ($from): $t ($to) is above it"
		elif [ "$to_rank" -eq "$from_rank" ] && [ "$to" != "$from" ]; then
			bad="$bad
$file ($from): $t ($to) stands beside it"
		fi
	done
done
if [ -z "$bad" ]; then ok "the core includes only its own folder and the folders before it"
else not_ok "includes against the order of src/README.md:" "${bad#?}"; fi

# The command line: public headers and its own, nothing of the core.
bad=""
for file in $(cd "$root" && ls src/cli/*.[ch]); do
	targets=$(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\("[^"]*"\).*/\1/p' "$root/$file")
	for t in $targets; do
		h=${t#\"}; h=${h%\"}
		case $h in
		*/*) bad="$bad
$file: $t is not a header of src/cli" ;;
		*) [ -f "$root/src/cli/$h" ] || bad="$bad
$file: $t is not a header of src/cli" ;;
		esac
	done
done
if [ -z "$bad" ]; then ok "src/cli includes only public headers and its own"
else not_ok "src/cli includes headers of the core:" "${bad#?}"; fi

echo "include-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
