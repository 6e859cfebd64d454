#!/bin/sh
# Schematron Quick Fixes through `orgcheck fix`: for each supported change
# command a case in tests/schematron/sqf/NAME/ (fixes.sch, before.xml,
# after.xml) whose fix, written by `orgcheck fix --write --review-fixes`,
# turns before.xml into exactly after.xml (so every byte the fix does not
# touch stays), after which `orgcheck check` no longer reports the
# assertion and reports nothing it did not report before; the patch
# `orgcheck fix` prints passes `git apply --check`. A case without
# after.xml is one orgcheck refuses: the message names the schema's line
# and nothing is written.
# Run from the top of the source tree with ORGCHECK set.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cases=tests/schematron/sqf

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30; }

# The findings of a check as "path: severity: message [id]" lines,
# sorted, without positions (a fix moves the lines below it).
findings() {
	# shellcheck disable=SC2086 # ORGCHECK may carry a wrapper's words
	$ORGCHECK check --today 2026-06-01 --schematron "$1" "$2" 2>/dev/null |
		grep -v ': note: related to the finding above' |
		sed 's/^\([^:]*\):[0-9]*:[0-9]*:/\1:/' | sort
}

# The id of the assertion a case's schema fixes.
assertion_id() {
	sed -n 's/.*<sch:\(assert\|report\) id="\([^"]*\)".*sqf:fix=.*/\2/p' "$1" | head -1
}

top=$(pwd)
for dir in "$cases"/*/; do
	dir=$top/${dir%/}
	name=$(basename "$dir")
	schema=$dir/fixes.sch
	w=$scratch/$name
	mkdir -p "$w/records/organizations"
	record=$w/records/organizations/ksbmt.xml
	cp "$dir/before.xml" "$record"
	id=$(assertion_id "$schema")
	# Paths relative to the corpus, as a curator runs it (and git apply takes).
	cd "$w" || exit 1
	findings "$schema" records >"$w/before.out"
	if ! grep -qF "[$id]" "$w/before.out"; then
		not_ok "$name: the check does not report [$id] before the fix" "$(cat "$w/before.out")"
		continue
	fi

	if [ ! -f "$dir/after.xml" ]; then
		# shellcheck disable=SC2086
		$ORGCHECK fix --write --review-fixes --schematron "$schema" records >"$w/out" 2>"$w/err"
		status=$?
		want=$(sed -n 's/^<!-- refused: \(.*\) -->$/\1/p' "$dir/before.xml")
		[ -n "$want" ] || want="is not supported"
		if [ "$status" -ne 0 ]; then
			not_ok "$name: exit status $status" "$(cat "$w/err")"
		elif ! grep -qF "dropped: " "$w/err" || ! grep -qF "$schema:" "$w/err" ||
			! grep -qF "$want" "$w/err"; then
			not_ok "$name: no message naming the schema's line" "$(cat "$w/err")"
		elif ! cmp -s "$record" "$dir/before.xml"; then
			not_ok "$name: the record was written" "$(diff "$dir/before.xml" "$record")"
		else
			ok "$name: refused ($(grep -o "$schema:[0-9]*: [^;]*" "$w/err" | head -1)), nothing written"
		fi
		cd "$top" || exit 1
		continue
	fi

	# Without --review-fixes an SQF fix (a review fix) is not applied.
	# shellcheck disable=SC2086
	$ORGCHECK fix --write --schematron "$schema" records >/dev/null 2>"$w/err"
	if cmp -s "$record" "$dir/before.xml"; then
		ok "$name: not written without --review-fixes"
	else
		not_ok "$name: written without --review-fixes" "$(diff "$dir/before.xml" "$record")"
	fi

	# shellcheck disable=SC2086
	$ORGCHECK fix --review-fixes --schematron "$schema" records >"$w/patch" 2>"$w/err"
	if [ -s "$w/patch" ] && git apply --check patch 2>"$w/apply.err"; then
		ok "$name: git apply --check takes the patch"
	else
		not_ok "$name: the patch does not apply" "$(cat "$w/patch" "$w/err" "$w/apply.err" 2>/dev/null)"
	fi

	# shellcheck disable=SC2086
	$ORGCHECK fix --write --review-fixes --schematron "$schema" records >"$w/out" 2>"$w/err"
	status=$?
	if [ "$status" -eq 0 ] && cmp -s "$record" "$dir/after.xml"; then
		ok "$name: the fix gives after.xml byte for byte"
	else
		not_ok "$name: exit status $status, or the record differs from after.xml" \
			"$(cat "$w/err"; diff "$dir/after.xml" "$record")"
	fi

	findings "$schema" records >"$w/after.out"
	comm -13 "$w/before.out" "$w/after.out" >"$w/new.out"
	if grep -qF "[$id]" "$w/after.out"; then
		not_ok "$name: [$id] still reported after the fix" "$(cat "$w/after.out")"
	elif [ -s "$w/new.out" ]; then
		not_ok "$name: the check after the fix reports something new" "$(cat "$w/new.out")"
	else
		ok "$name: [$id] gone after the fix, nothing new"
	fi
	cd "$top" || exit 1
done

# The same fix through the rules configuration's schematron entry (no
# --schematron): orgcheck fix finds the corpus root and its rules.
w=$scratch/configured
mkdir -p "$w/records/organizations"
cp "$cases/string-replace/fixes.sch" "$w/spaces.sch"
cp "$cases/string-replace/before.xml" "$w/records/organizations/ksbmt.xml"
printf '%s\n' '<rules xmlns="urn:orgcheck:rules:1"><schematron href="spaces.sch" severity="warning"/></rules>' \
	>"$w/orgcheck-rules.xml"
# shellcheck disable=SC2086
if (cd "$w" && $ORGCHECK fix --write --review-fixes >out 2>err) &&
	cmp -s "$w/records/organizations/ksbmt.xml" "$cases/string-replace/after.xml"; then
	ok "a schematron entry of the rules configuration: its fix is written"
else
	not_ok "rules configuration: the fix is not written" \
		"$(cat "$w/err"; diff "$cases/string-replace/after.xml" "$w/records/organizations/ksbmt.xml")"
fi

echo "sqf: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
