#!/bin/sh
# End-to-end golden cases, in the style of git's test_cmp.
#
# Each directory under the cases directory is one case:
#   args             the command line after "orgcheck", as shell words; run
#                    from inside the case directory, with $TMP naming a fresh
#                    scratch directory
#   expected.out     exact standard output
#   expected.err     exact standard error (optional: not compared if absent)
#   expected.status  the exit status
#   expected.files/  (optional) files the run must leave in $TMP, compared exactly
#   env              (optional) lines NAME=VALUE exported for the run
#
# ORGCHECK is the command to run (a path to the binary, possibly behind a
# wrapper such as valgrind). A failing case prints a diff.
#
# orgcheck looks for its corpus root (orgcheck-rules.xml or records/) up
# from where it runs; ORGCHECK_CEILING_DIRECTORIES keeps that walk inside
# the case, so a case never finds this project's own corpus.
#
# Each case runs twice on one fresh cache directory (ORGCHECK_CACHE_DIR,
# outside the source tree): first with the cache being written, then
# answered from it; both runs must give exactly the expected output, so
# the whole suite shows that the cache changes no result in any format.
# CASES_CACHE_RUNS=1 runs each case once.
set -u

cases_dir=${1:?usage: run-cases.sh CASES_DIR}
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
ORGCHECK_CEILING_DIRECTORIES=$(cd "$cases_dir" && pwd -P)
export ORGCHECK_CEILING_DIRECTORIES

runs=${CASES_CACHE_RUNS:-2}

for case_dir in "$cases_dir"/*/; do
	name=$(basename "$case_dir")
	TMP="$scratch/$name"
	ok=1
	run=1
	while [ "$run" -le "$runs" ]; do
		rm -rf "$TMP/run"
		mkdir -p "$TMP/run"
		label=$name
		[ "$run" -gt 1 ] && label="$name (run $run, from the cache)"
		(
			cd "$case_dir" || exit 125
			export ORGCHECK_CACHE_DIR="$TMP/cache"
			if [ -f env ]; then
				while IFS= read -r line; do
					[ -n "$line" ] && export "$line"
				done < env
			fi
			export TMP="$TMP/run"
			eval "set -- $(cat args)"
			# shellcheck disable=SC2086 # ORGCHECK may carry a wrapper's words
			$ORGCHECK "$@" >"$TMP/../stdout" 2>"$TMP/../stderr"
			echo $? >"$TMP/../status"
		)
		if ! cmp -s "$case_dir/expected.out" "$TMP/stdout"; then
			ok=0
			echo "--- $label: standard output differs"
			diff -u "$case_dir/expected.out" "$TMP/stdout" | head -40
		fi
		if [ -f "$case_dir/expected.err" ] && ! cmp -s "$case_dir/expected.err" "$TMP/stderr"; then
			ok=0
			echo "--- $label: standard error differs"
			diff -u "$case_dir/expected.err" "$TMP/stderr" | head -40
		fi
		if [ "$(cat "$case_dir/expected.status")" != "$(cat "$TMP/status")" ]; then
			ok=0
			echo "--- $label: exit status $(cat "$TMP/status"), expected $(cat "$case_dir/expected.status")"
			head -20 "$TMP/stderr"
		fi
		if [ -d "$case_dir/expected.files" ]; then
			if ! diff -r "$case_dir/expected.files" "$TMP/run" >"$TMP/files.diff"; then
				ok=0
				echo "--- $label: files left in \$TMP differ"
				head -40 "$TMP/files.diff"
			fi
		fi
		run=$((run + 1))
	done
	if [ $ok = 1 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
	fi
done

echo "cases: $pass passed, $fail failed"
[ $fail = 0 ]
