#!/bin/sh
# Checking a contributor's edit, end to end, in a temporary git repository:
# --changed-since, --only, diff between revisions and trees, baselines, the
# pre-commit hook's command. After every command the working tree, the
# index and the records must be byte-identical to before.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
top=$(pwd)
repo=$(mktemp -d)
out=$(mktemp -d)
trap 'rm -rf "$repo" "$out"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

git_q() { git -C "$repo" -c user.name=curator -c user.email=curator@orgcheck.invalid "$@" >/dev/null 2>&1; }

# The state a command must not change: every file's hash, git's view of
# the working tree, and the index.
snapshot() {
	(cd "$repo" && find . -path ./.git -prune -o -type f -print | sort | xargs sha256sum
	 git status --porcelain; git ls-files -s) | sha256sum
}

# Runs orgcheck in the repository and checks it left everything alone.
run() {
	before=$(snapshot)
	(cd "$repo" && $ORGCHECK "$@") >"$repo.out" 2>"$repo.err"
	status=$?
	after=$(snapshot)
	if [ "$before" != "$after" ]; then
		not_ok "orgcheck $* changed the working tree or the index"
	fi
	return $status
}

git_q init -q -b main
cp -r "$top/tests/edit/records" "$repo/records"
git_q add records
git_q commit -q -m "clean corpus"
base=$(git -C "$repo" rev-parse HEAD)

run check --today 2026-11-21 --fail-on info records
if [ $? = 0 ] && [ ! -s "$repo.out" ]; then ok "the committed corpus is clean"
else not_ok "the committed corpus is not clean" "$(cat "$repo.out")"; fi

# --- an edit that adds a one-sided partnership (gamma -> alpha)
python_free_edit() {
	# Inserts a relationships block before </organization> of gamma.
	sed -i 's#</organization>#  <relationships>\n    <relationship kind="partnership" date="2018" source="001_23c06b6e0b523bd9.txt">\n      <org-ref ref="alpha">Alpha Cell Society</org-ref>\n    </relationship>\n  </relationships>\n</organization>#' "$repo/records/organizations/gamma.xml"
}
python_free_edit

run check --today 2026-11-21 --fail-on warning --changed-since HEAD records
status=$?
if [ $status = 1 ] && [ "$(grep -c ': \(error\|warning\|info\): ' "$repo.out")" = 1 ] &&
	grep -q '^records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: Gamma Therapy Forum (gamma) has partnership with Alpha Cell Society (alpha) .*\[OC120\]$' "$repo.out" &&
	grep -q '^records/organizations/alpha.xml:2:1: note: related to the finding above \[OC120\]$' "$repo.out"
then ok "--changed-since HEAD: exactly the new one-sided link, the untouched partner as related location, exit 1"
else not_ok "--changed-since HEAD (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

# The untouched partner alone also shows it: the finding's related location is alpha.
run check --today 2026-11-21 --fail-on warning --only records/organizations/alpha.xml
status=$?
if [ $status = 1 ] && grep -q '(gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out"; then
	ok "--only the untouched partner shows the missing back-link"
else not_ok "--only alpha.xml (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

run check --today 2026-11-21 --fail-on warning --only records/organizations/beta.xml
if [ $? = 0 ] && [ ! -s "$repo.out" ]; then ok "--only an unrelated record reports nothing"
else not_ok "--only beta.xml reported something" "$(cat "$repo.out")"; fi

run diff --today 2026-11-21 --fail-on warning HEAD .
status=$?
if [ $status = 1 ] && grep -q '^introduced: 1, resolved: 0, unchanged: 0$' "$repo.out"; then
	ok "diff HEAD . : one introduced finding, exit 1"
else not_ok "diff HEAD . (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

git_q commit -q -a -m "gamma partners with alpha"
edited=$(git -C "$repo" rev-parse HEAD)

# --- an edit that only shifts line numbers: comments at the top of every record
for f in "$repo"/records/organizations/*.xml; do
	sed -i '1a<!-- curated 2026-11 -->\n<!-- by the records team -->' "$f"
done
run diff --today 2026-11-21 --fail-on info HEAD .
status=$?
if [ $status = 0 ] && grep -q '^introduced: 0, resolved: 0, unchanged: 1$' "$repo.out"; then
	ok "an edit that only shifts lines introduces nothing (exit 0)"
else not_ok "line-shifting edit (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on info --changed-since HEAD --format xml records
lines=$(grep -o ' line="[0-9]*"' "$repo.out" | head -1)
git_q checkout -q -- records
# gamma's relationship was on line 11; two comment lines moved it to 13.
if [ "$lines" = ' line="13"' ]; then ok "the shifted finding moved to line 13, and diff saw it unchanged"
else not_ok "shifted finding location: $lines"; fi

# --- diff between two revisions: introduced and resolved
run diff --today 2026-11-21 "$base" "$edited"
if [ $? = 0 ] && grep -q '^introduced: 1, resolved: 0, unchanged: 0$' "$repo.out"; then
	ok "diff BASE EDITED lists the introduced finding (a warning: exit 0 at --fail-on error)"
else not_ok "diff between revisions" "$(cat "$repo.out" "$repo.err")"; fi
run diff --today 2026-11-21 "$edited" "$base"
if [ $? = 0 ] && grep -q '^introduced: 0, resolved: 1, unchanged: 0$' "$repo.out" &&
	grep -q '^resolved:$' "$repo.out"; then
	ok "diff EDITED BASE lists it as resolved"
else not_ok "diff reversed" "$(cat "$repo.out" "$repo.err")"; fi
run diff --today 2026-11-21 --format sarif "$base" "$edited"
if grep -q '"baselineState": *"new"' "$repo.out"; then ok "diff --format sarif marks the finding baselineState new"
else not_ok "diff sarif without baselineState" "$(head -c 600 "$repo.out")"; fi
run diff --today 2026-11-21 --format xml "$edited" "$base"
if grep -q 'baseline-state="absent"' "$repo.out"; then ok "diff --format xml marks the resolved finding absent"
else not_ok "diff xml without baseline-state" "$(head -c 600 "$repo.out")"; fi

# --- saved results documents on either side
run check --today 2026-11-21 --fail-on none --format xml -o "$out/results-edited.xml" records
run diff --today 2026-11-21 "$base" "$out/results-edited.xml"
if grep -q '^introduced: 1, resolved: 0, unchanged: 0$' "$repo.out"; then ok "diff REV RESULTS.xml"
else not_ok "diff against a results document" "$(cat "$repo.out" "$repo.err")"; fi
rm -f "$out/results-edited.xml"

run diff --today 2026-11-21 no-such-revision .
if [ $? = 2 ] && grep -q "no-such-revision" "$repo.err"; then ok "an unknown revision is an error (exit 2) naming it"
else not_ok "unknown revision" "$(cat "$repo.err")"; fi

# --- baselines: adopt, check beyond it, fix, see the stale entry, prune
run baseline --today 2026-11-21 -o "$out/baseline.txt" records
if [ $? = 0 ] && [ "$(grep -cv '^#' "$out/baseline.txt")" = 1 ] &&
	grep -q '^[0-9a-f]\{16\} 1 OC120 gamma: ' "$out/baseline.txt"; then
	ok "baseline writes one sorted entry with its count"
else not_ok "baseline file" "$(cat "$out/baseline.txt" "$repo.err")"; fi

run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records
if [ $? = 0 ] && [ ! -s "$repo.out" ]; then ok "check --baseline: nothing beyond the baseline"
else not_ok "check --baseline reported" "$(cat "$repo.out")"; fi

git_q checkout -q "$base" -- records/organizations/gamma.xml
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records
if [ $? = 1 ] && grep -q "baseline.txt:5: warning: 1 of 1 baselined finding is fixed .*\\[OC191\\]" "$repo.out"; then
	ok "fixing a baselined finding reports the stale entry (OC191)"
else not_ok "stale baseline entry" "$(cat "$repo.out" "$repo.err")"; fi

run baseline --today 2026-11-21 --prune -o "$out/baseline.txt" records
if [ $? = 0 ] && [ "$(grep -cv '^#' "$out/baseline.txt")" = 0 ]; then
	ok "baseline --prune drops the fixed entry"
else not_ok "baseline --prune" "$(cat "$out/baseline.txt")"; fi

git_q checkout -q "$edited" -- records/organizations/gamma.xml
run baseline --today 2026-11-21 --prune -o "$out/baseline.txt" records
if [ "$(grep -cv '^#' "$out/baseline.txt")" = 0 ]; then ok "baseline --prune never adds an entry"
else not_ok "baseline --prune added an entry"; fi
git_q reset -q --hard "$edited"
rm -f "$out/baseline.txt"

# --- the pre-commit hook's command on the staged file
entry=$(sed -n 's/^ *entry: *//p' "$top/.pre-commit-hooks.yaml" | head -1)
run $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21 --fail-on warning records/organizations/gamma.xml
if [ $? = 1 ] && grep -q '(gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out"; then
	ok "the pre-commit hook's entry ($entry FILE) reports the staged record's finding"
else not_ok "pre-commit entry '$entry'" "$(cat "$repo.out" "$repo.err")"; fi

rm -f "$repo.out" "$repo.err"
echo "edit-tests: $pass passed, $fail failed"
[ $fail = 0 ]
