#!/bin/sh
# orgcheck fix, end to end, on each case of tests/fix/ (see its README):
# the patch git apply takes; --write writes what the patch says and
# nothing else (git apply -R of the patch on the written tree gives back
# the original bytes of every file); afterwards the fixed finding is gone
# and no finding is new (baselines compared); a dropped fix writes
# nothing. Then the bundled corpus: its patch applies, and the fixed
# corpus has no finding the original lacks.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
top=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
today=2026-06-01
rules=

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -30; }

# Fingerprints and counts of a corpus's findings, one per line.
prints() {
	(cd "$1" && $ORGCHECK baseline --today $today ${rules:+--rules "$rules"} -o "$2" records >/dev/null 2>&1)
	grep -v '^#' "$2" | awk '{ print $1, $2, $3 }' | sort >"$2.sorted"
}

# Whether every finding of after ($2) is in before ($1) at most as often.
nothing_new() {
	awk 'NR == FNR { n[$1] = $2; next } !($1 in n) || $2 > n[$1] { print; bad = 1 } END { exit bad }' "$1" "$2"
}

for case in "$top"/tests/fix/*/; do
	name=$(basename "$case")
	expect="$case/expect"
	rule=$(sed -n 's/^rule //p' "$expect")
	class=$(sed -n 's/^class //p' "$expect")
	flags=$(sed -n 's/^flags //p' "$expect")
	removed=$(sed -n 's/^removed //p' "$expect")
	added=$(sed -n 's/^added //p' "$expect")
	dropped=$(sed -n 's/^dropped //p' "$expect")
	says=$(sed -n 's/^says //p' "$expect")
	also=$(sed -n 's/^also //p' "$expect")
	drops=$(sed -n 's/^drops //p' "$expect")
	d="$work/$name"
	mkdir -p "$d/orig" "$d/patched" "$d/written"
	for t in orig patched written; do cp -r "$case/records" "$d/$t/records"; done

	prints "$d/orig" "$d/before"
	if grep -q " $rule\$" "$d/before.sorted"; then ok "$name: the corpus has a $rule finding"
	else not_ok "$name: the corpus has no $rule finding" "$(cat "$d/before.sorted")"; fi

	# shellcheck disable=SC2086
	(cd "$d/orig" && $ORGCHECK fix --today $today $flags records) >"$d/patch" 2>"$d/err"
	status=$?
	if [ $status = 0 ]; then ok "$name: fix exits 0"
	else not_ok "$name: fix exits $status" "$(cat "$d/err")"; fi
	if [ -n "$dropped" ]; then
		if [ ! -s "$d/patch" ] && grep -q "^orgcheck: $class fix dropped: .*\[$rule\]: .*$dropped" "$d/err"; then
			ok "$name: the fix is dropped with the reason"
		else
			not_ok "$name: the fix is not dropped as expected" "$(cat "$d/err" "$d/patch")"
		fi
		(cd "$d/written" && $ORGCHECK fix --write --today $today $flags records) >/dev/null 2>&1
		if diff -r "$d/orig/records" "$d/written/records" >/dev/null; then ok "$name: --write writes nothing"
		else not_ok "$name: --write changed files" "$(diff -r "$d/orig/records" "$d/written/records")"; fi
		continue
	fi
	if grep -q "^orgcheck: $class fix in the patch: .*\[$rule\]: ." "$d/err"; then
		ok "$name: the $class fix is listed with what it does"
	else
		not_ok "$name: no $class fix listed for $rule" "$(cat "$d/err")"
	fi
	for r in $also; do
		if grep -q "^orgcheck: [a-z]* fix in the patch: .*\[$r\]: ." "$d/err"; then
			ok "$name: the $r fix is in the patch too"
		else
			not_ok "$name: no $r fix in the patch" "$(cat "$d/err")"
		fi
	done
	if [ -n "$drops" ]; then
		if grep -q "^orgcheck: [a-z]* fix dropped: .*\[${drops%% *}\]: .*${drops#* }" "$d/err"; then
			ok "$name: the ${drops%% *} fix alone is dropped, with the reason"
		else
			not_ok "$name: the ${drops%% *} fix is not dropped as expected" "$(cat "$d/err")"
		fi
	fi
	if [ -n "$says" ]; then
		if grep -F -q -e "[$rule]: $says" "$d/err"; then ok "$name: the listing says what the fix asserts"
		else not_ok "$name: the listing does not say '$says'" "$(cat "$d/err")"; fi
	fi
	if [ "$class" = review ]; then
		(cd "$d/orig" && $ORGCHECK fix --today $today records) >"$d/patch-safe" 2>"$d/err-safe"
		# (A case with other fixes may have safe ones in its patch.)
		if { [ ! -s "$d/patch-safe" ] || [ -n "$also" ]; } &&
			! grep -q "fix in the patch: .*\[$rule\]" "$d/err-safe" &&
			grep -q "^orgcheck: review fix not applied (--review-fixes): .*\[$rule\]" "$d/err-safe"; then
			ok "$name: without --review-fixes the review fix is listed, not in the patch"
		else
			not_ok "$name: without --review-fixes" "$(cat "$d/err-safe" "$d/patch-safe")"
		fi
	fi
	minus=$(grep -c '^-[^-]' "$d/patch")
	plus=$(grep -c '^+[^+]' "$d/patch")
	minus_blank=$(grep -c '^-$' "$d/patch")
	plus_blank=$(grep -c '^+$' "$d/patch")
	if [ $((minus + minus_blank)) = "$removed" ] && [ $((plus + plus_blank)) = "$added" ]; then
		ok "$name: the patch removes $removed and adds $added lines"
	else
		not_ok "$name: the patch removes $((minus + minus_blank)) and adds $((plus + plus_blank)) lines" "$(cat "$d/patch")"
	fi
	if (cd "$d/patched" && git apply --check "$d/patch" && git apply "$d/patch") 2>"$d/apply.err"; then
		ok "$name: git apply takes the patch"
	else
		not_ok "$name: git apply refuses the patch" "$(cat "$d/apply.err" "$d/patch")"
	fi
	# shellcheck disable=SC2086
	(cd "$d/written" && $ORGCHECK fix --write --today $today $flags records) >"$d/write.out" 2>"$d/write.err"
	status=$?
	if [ $status = 0 ] && [ ! -s "$d/write.out" ]; then ok "$name: fix --write exits 0 and prints no patch"
	else not_ok "$name: fix --write exits $status" "$(cat "$d/write.err" "$d/write.out")"; fi
	if diff -r "$d/patched/records" "$d/written/records" >"$d/trees.diff"; then
		ok "$name: --write writes what the patch says"
	else
		not_ok "$name: --write and the patch differ" "$(cat "$d/trees.diff")"
	fi
	# Every byte outside the lines the patch changes is the original's.
	cp -r "$d/written" "$d/reversed"
	if (cd "$d/reversed" && git apply -R "$d/patch") 2>/dev/null && diff -r "$d/orig/records" "$d/reversed/records" >/dev/null &&
		for f in $(cd "$d/orig" && find records -type f); do cmp -s "$d/orig/$f" "$d/reversed/$f" || exit 1; done; then
		ok "$name: outside the changed lines every byte is the original's"
	else
		not_ok "$name: bytes changed outside the patch"
	fi
	# The same edits as SARIF fixes, applied at their byte offsets.
	# (A rename has no SARIF form; a follow-up, a fix of what another fix
	# brings, is no finding's of the check.)
	if [ "$rule" != OC102 ] && [ -z "$also" ]; then
		cp -r "$d/orig" "$d/sarif"
		(cd "$d/sarif" && $ORGCHECK check -q --today $today --fail-on none --format sarif records >"$d/out.sarif" &&
			python3 "$top/tests/fix/apply_sarif.py" "$d/out.sarif" "$class" >/dev/null) 2>"$d/sarif.err"
		if diff -r "$d/written/records" "$d/sarif/records" >"$d/sarif.diff"; then
			ok "$name: the SARIF fix's byte-offset replacements make the same files"
		else
			not_ok "$name: SARIF replacements differ from --write" "$(cat "$d/sarif.err" "$d/sarif.diff")"
		fi
	fi
	prints "$d/written" "$d/after"
	if ! grep -q " $rule\$" "$d/after.sorted" || [ "$(grep -c " $rule\$" "$d/after.sorted")" -lt "$(grep -c " $rule\$" "$d/before.sorted")" ]; then
		ok "$name: the $rule finding is gone"
	else
		not_ok "$name: the $rule finding remains" "$(cat "$d/after.sorted")"
	fi
	if nothing_new "$d/before.sorted" "$d/after.sorted" >"$d/new"; then ok "$name: no finding is new"
	else not_ok "$name: new findings after the fix" "$(cat "$d/new")"; fi
	(cd "$d/written" && $ORGCHECK fix --today $today $flags records) >"$d/again" 2>/dev/null
	if [ ! -s "$d/again" ]; then ok "$name: a second fix finds nothing left to do"
	else not_ok "$name: a second fix still proposes" "$(cat "$d/again")"; fi
done

# --- run from below the corpus root, in a git repository: the patch names
# files from the root, and git apply takes it there
sub="$work/subdir"
mkdir -p "$sub"
cp -r "$top/tests/fix/oc120-list/records" "$sub/records"
git -C "$sub" init -q
(cd "$sub/records/organizations" && $ORGCHECK fix --review-fixes --today $today) >"$sub.patch" 2>"$sub.err"
if grep -q '^--- a/records/organizations/beta.xml$' "$sub.patch" &&
	(cd "$sub/records/organizations" && git apply --check "$sub.patch") 2>>"$sub.err"; then
	ok "from records/organizations: the patch names files from the corpus root, git apply takes it"
else
	not_ok "from records/organizations" "$(cat "$sub.err" "$sub.patch")"
fi

# (A file changed since it was read, and a rename onto a name taken since,
# are left alone: tests/unit/test_fixes.c.)

# --- the bundled corpus
b="$work/bundled"
mkdir -p "$b/orig" "$b/patched"
cp -r "$top/records" "$b/orig/records"
cp -r "$top/records" "$b/patched/records"
rules="$top/orgcheck-rules.xml"
(cd "$b/orig" && $ORGCHECK fix --review-fixes --today $today --rules "$rules" records) >"$b/patch" 2>"$b/err"
if [ -s "$b/patch" ] && (cd "$b/patched" && git apply --check "$b/patch" && git apply "$b/patch") 2>"$b/apply.err"; then
	ok "bundled: git apply takes the patch of every fix ($(grep -c '^diff --git' "$b/patch") files)"
else
	not_ok "bundled: the patch does not apply" "$(cat "$b/err" "$b/apply.err")"
fi
prints "$b/orig" "$b/before"
prints "$b/patched" "$b/after"
if nothing_new "$b/before.sorted" "$b/after.sorted" >"$b/new" &&
	[ "$(wc -l <"$b/after.sorted")" -lt "$(wc -l <"$b/before.sorted")" ]; then
	ok "bundled: the fixed corpus has fewer findings and none new"
else
	not_ok "bundled: new findings, or none fixed" "$(cat "$b/new")"
fi
if grep -q '^orgcheck: safe fix in the patch: .*\[OC114\]' "$b/err" &&
	! grep -q '^orgcheck: .* fix dropped' "$b/err"; then
	ok "bundled: the duplicate entry is a safe fix, nothing dropped"
else
	not_ok "bundled: the fixes listed" "$(cat "$b/err")"
fi

# --- the focus, as check has it: 'fix FILE' (and --changed-since) mends
# just the findings 'check FILE' reports, in the context of the whole
# corpus; the patch still applies
listed() { sed -n 's/^orgcheck: [a-z]* fix in the patch: \([^ ]*\) \[\(OC[0-9]*\)\].*/\1 \2/p' "$1" | sort; }
focus=records/organizations/jacie.xml
listed "$b/err" >"$b/all.list"
(cd "$b/orig" && $ORGCHECK check --today $today --rules "$rules" --fail-on none $focus) 2>/dev/null |
	sed -n 's/^\([^:]*:[0-9]*\):[0-9]*: [a-z]*: .*\[\(OC[0-9]*\)\]$/\1 \2/p' | sort -u >"$b/check.list"
comm -12 "$b/all.list" "$b/check.list" >"$b/expected.list"
(cd "$b/orig" && $ORGCHECK fix --review-fixes --today $today --rules "$rules" $focus) >"$b/focus.patch" 2>"$b/focus.err"
listed "$b/focus.err" >"$b/focus.list"
mkdir -p "$b/focused" && cp -r "$top/records" "$b/focused/records"
if [ -s "$b/expected.list" ] && [ "$(wc -l <"$b/focus.list")" -lt "$(wc -l <"$b/all.list")" ] &&
	cmp -s "$b/expected.list" "$b/focus.list" && (cd "$b/focused" && git apply --check "$b/focus.patch"); then
	ok "fix $focus: the $(wc -l <"$b/focus.list") fixes of the findings check $focus reports, and only those"
else
	not_ok "fix $focus" "$(diff "$b/expected.list" "$b/focus.list"; cat "$b/focus.err")"
fi
g="$work/changed"
mkdir -p "$g"
cp -r "$top/records" "$g/records"
git -C "$g" init -q && git -C "$g" add -A && git -C "$g" -c user.name=t -c user.email=t@t commit -qm records
printf '<!-- touched -->\n' >>"$g/$focus"
(cd "$g" && $ORGCHECK fix --review-fixes --today $today --rules "$rules" --changed-since HEAD) >"$g.patch" 2>"$g.err"
listed "$g.err" >"$g.list"
if cmp -s "$b/focus.list" "$g.list" && [ -s "$g.patch" ]; then
	ok "fix --changed-since HEAD after an edit of $focus: the same fixes as fix $focus"
else
	not_ok "fix --changed-since HEAD" "$(diff "$b/focus.list" "$g.list"; cat "$g.err")"
fi

# --- exit statuses, as ruff's --fix-only: 0 whether or not fixes are
# shown; 1 with --exit-non-zero-on-fix while a fix is pending; 0 again
# once the patch is applied
(cd "$b/orig" && $ORGCHECK fix -q --review-fixes --today $today --rules "$rules" --exit-non-zero-on-fix records) >/dev/null 2>&1
pending=$?
(cd "$b/patched" && $ORGCHECK fix -q --review-fixes --today $today --rules "$rules" --exit-non-zero-on-fix records) >"$b/none.patch" 2>&1
none=$?
(cd "$b/orig" && $ORGCHECK fix -q --only --changed-since HEAD records) >/dev/null 2>&1
usage=$?
if [ $pending = 1 ] && [ $none = 0 ] && [ ! -s "$b/none.patch" ] && [ $usage = 2 ]; then
	ok "exit statuses: 1 with --exit-non-zero-on-fix while fixes are pending, 0 when none is, 2 on a usage error"
else
	not_ok "exit statuses: pending $pending, none $none, usage $usage" "$(cat "$b/none.patch")"
fi

# --- the reports carry the fixes: the HTML report shows each patch
(cd "$b/orig" && $ORGCHECK check -q --today $today --rules "$rules" --fail-on none --format xml records) >"$b/out.xml"
(cd "$b/orig" && $ORGCHECK check -q --today $today --rules "$rules" --fail-on none --format html records) >"$b/out.html"
fixes=$(grep -c '<fix ' "$b/out.xml")
shown=$(grep -o '<details class="fix fix-[a-z]*"><summary>' "$b/out.html" | wc -l)
added=$(grep -o '<span class="p-add">+' "$b/out.html" | wc -l)
if [ "$fixes" -gt 0 ] && [ "$fixes" = "$shown" ] && [ "$added" -gt 0 ] &&
	xmllint --noout --nonet --schema "$top/schemas/results.xsd" "$b/out.xml" 2>/dev/null; then
	ok "bundled: the results document carries $fixes fixes (valid), the HTML report shows each patch"
else
	not_ok "bundled: $fixes fixes in the XML, $shown patches in the HTML, $added added lines"
fi

# --- a check named by absolute path: the reports' patches name the files
# below '/', so git apply takes them from there (not "a//abs/path")
(cd "$b/orig" && $ORGCHECK check -q --today $today --rules "$rules" --fail-on none --format json "$b/orig/records") >"$b/abs.json"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = [x["patch"] for f in d["findings"] for x in f.get("fixes", []) if x.get("patch")]
open(sys.argv[2], "w").write(p[0] if p else "")
' "$b/abs.json" "$b/abs.patch"
if [ -s "$b/abs.patch" ] && ! grep -q '^diff --git a//' "$b/abs.patch" &&
	(cd / && git apply --check "$b/abs.patch") 2>"$b/abs.err"; then
	ok "absolute paths: a report's patch applies from /"
else
	not_ok "absolute paths: a report's patch does not apply from /" "$(head -3 "$b/abs.patch"; cat "$b/abs.err" 2>/dev/null)"
fi

echo "fix-tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
