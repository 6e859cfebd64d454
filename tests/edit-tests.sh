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

# A directory named with --only selects the findings of the files under it.
run check --today 2026-11-21 --fail-on warning --only records/organizations
status=$?
if [ $status = 1 ] && grep -q '^records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: .*(gamma) has partnership with Alpha Cell Society (alpha) .*\[OC120\]$' "$repo.out"; then
	ok "--only DIR reports the findings of the files under DIR"
else not_ok "--only records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
(cd "$repo/records/organizations" && $ORGCHECK check --today 2026-11-21 --fail-on warning --only .) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q '^\.\./\.\./records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: .*\[OC120\]$' "$repo.out"; then
	ok "--only . from records/organizations reports the findings there"
else not_ok "--only . from records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
# "records/org" is a prefix of "records/organizations/gamma.xml" as a string, not as a path.
mkdir "$repo/records/org"
run check --today 2026-11-21 --fail-on warning --only records/org
status=$?
rmdir "$repo/records/org"
if [ $status = 0 ] && [ ! -s "$repo.out" ]; then ok "--only DIR selects by whole path components"
else not_ok "--only records/org selected records/organizations (exit $status)" "$(cat "$repo.out")"; fi

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

run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records/organizations/gamma.xml
if [ $? = 1 ] && grep -q "baseline.txt:5: warning: 1 of 1 baselined finding is fixed .*\\[OC191\\]" "$repo.out"; then
	ok "check --baseline FILE: the fixed entry of the named file's record is kept (OC191)"
else not_ok "stale baseline entry of a named file" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records/organizations/beta.xml
if [ $? = 0 ] && ! grep -q "OC191" "$repo.out"; then
	ok "check --baseline OTHER-FILE: the entry of another record is not shown"
else not_ok "stale baseline entry shown for another file" "$(cat "$repo.out" "$repo.err")"; fi

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

# Runs orgcheck in a subdirectory of the repository (run's checks too).
run_in() {
	dir=$1
	shift
	before=$(snapshot)
	(cd "$repo/$dir" && $ORGCHECK "$@") >"$repo.out" 2>"$repo.err"
	status=$?
	after=$(snapshot)
	if [ "$before" != "$after" ]; then
		not_ok "orgcheck $* (in $dir) changed the working tree or the index"
	fi
	return $status
}

# --- files named are the focus, the whole corpus their context
run check --today 2026-11-21 --fail-on warning records/organizations/gamma.xml
status=$?
if [ $status = 1 ] && [ "$(grep -c ': \(error\|warning\|info\): ' "$repo.out")" = 1 ] &&
	grep -q '(gamma) has partnership with Alpha Cell Society (alpha) .*\[OC120\]$' "$repo.out" && ! grep -q OC110 "$repo.out"; then
	ok "check FILE: checked against the whole corpus (no false OC110), the file's one finding"
else not_ok "check FILE (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on warning records/organizations/gamma.xml records/organizations/beta.xml
if [ $? = 1 ] && [ "$(grep -c ': \(error\|warning\|info\): ' "$repo.out")" = 1 ] &&
	grep -q '^orgcheck: 3 files checked .*; corpus \., rules the shipped rules/default.xml$' "$repo.err"; then
	ok "check FILE FILE: 3 files checked, the summary names the corpus root and the rules"
else not_ok "check two files" "$(cat "$repo.out" "$repo.err")"; fi

run_in records/organizations check --today 2026-11-21 --fail-on warning gamma.xml
status=$?
if [ $status = 1 ] && [ "$(grep -c ': \(error\|warning\|info\): ' "$repo.out")" = 1 ] &&
	grep -q '^\.\./\.\./records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: Gamma Therapy Forum (gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out" &&
	grep -q '; corpus \.\./\.\., rules' "$repo.err"; then
	ok "check FILE from records/organizations: the corpus found two levels up, paths relative to here"
else not_ok "check from a subdirectory (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

run_in records check --today 2026-11-21 --fail-on warning
if [ $? = 1 ] && grep -q '(gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out"; then
	ok "check without PATH from a subdirectory checks the corpus found above"
else not_ok "check from records/" "$(cat "$repo.out" "$repo.err")"; fi

printf '<rules xmlns="urn:orgcheck:rules:1">\n  <rule id="OC120" severity="info"/>\n</rules>\n' >"$repo/orgcheck-rules.xml"
run_in records/organizations check --today 2026-11-21 --fail-on warning gamma.xml
status=$?
if [ $status = 0 ] && grep -q ' info: Gamma Therapy Forum (gamma) has partnership' "$repo.out" &&
	grep -q '; corpus \.\./\.\., rules \.\./\.\./orgcheck-rules.xml$' "$repo.err"; then
	ok "the corpus root's orgcheck-rules.xml is found from a subdirectory and named in the summary"
else not_ok "rules file from a subdirectory (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
rm -f "$repo/orgcheck-rules.xml"

# A draft outside the corpus is checked as if added to it.
sed 's/id="beta"/id="draft"/; s/<name \([^>]*\)>[^<]*</<name \1>Draft Society</' \
	"$repo/records/organizations/beta.xml" >"$out/draft.xml"
sed -i 's/ref="alpha"/ref="alpah"/' "$out/draft.xml"
run check --today 2026-11-21 --only "$out/draft.xml"
status=$?
if [ $status = 1 ] && grep -q "draft.xml:[0-9]*:[0-9]*: error: organization reference 'alpah' .*\\[OC110\\]$" "$repo.out" &&
	grep -q '^orgcheck: 4 files checked' "$repo.err"; then
	ok "check --only DRAFT outside the corpus: checked as if added (4 files), its typo found"
else not_ok "check --only draft (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

# diff from a subdirectory, and against a records directory
run_in records/organizations diff --today 2026-11-21 "$base" "$edited"
if [ $? = 0 ] && grep -q '^introduced: 1, resolved: 0, unchanged: 0$' "$repo.out" &&
	grep -q '^\.\./\.\./records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: .*\[OC120\]$' "$repo.out" &&
	grep -q '^\.\./\.\./records/organizations/alpha.xml:2:1: note: related to the finding above \[OC120\]$' "$repo.out"; then
	ok "diff REV REV from a subdirectory, its paths relative to there (../../records/...)"
else not_ok "diff from a subdirectory" "$(cat "$repo.out" "$repo.err")"; fi
run_in records/organizations diff --today 2026-11-21 "$base" .
if [ $? = 0 ] && grep -q '^introduced: 1, resolved: 0, unchanged: 0$' "$repo.out" &&
	grep -q '^\.\./\.\./records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: ' "$repo.out"; then
	ok "diff REV . from a subdirectory compares the corpus, paths relative to there"
else not_ok "diff REV . from a subdirectory" "$(cat "$repo.out" "$repo.err")"; fi
run_in records diff --today 2026-11-21 --format xml "$base" "$edited"
if grep -q '<location path="\.\./records/organizations/gamma.xml"' "$repo.out"; then
	ok "diff --format xml from records/: locations relative to there too"
else not_ok "diff xml from records/" "$(grep '<location' "$repo.out" | head -3)"; fi
run diff --today 2026-11-21 "$base" "$edited"
if grep -q '^records/organizations/gamma.xml:[0-9]*:[0-9]*: warning: ' "$repo.out"; then
	ok "diff from the root: paths records/..."
else not_ok "diff from the root" "$(cat "$repo.out")"; fi
run check --today 2026-11-21 --fail-on none --format xml -o "$out/results-edited.xml" records
cp -r "$repo/records" "$out/records-copy"
run diff --today 2026-11-21 "$out/results-edited.xml" "$out/records-copy/"
if [ $? = 0 ] && grep -q '^introduced: 0, resolved: 0, unchanged: 1$' "$repo.out"; then
	ok "diff RESULTS.xml RECORDS-DIR/ accepts a records directory"
else not_ok "diff against a records directory" "$(cat "$repo.out" "$repo.err")"; fi
rm -rf "$out/records-copy" "$out/results-edited.xml"

# --- deletions count as changes
run baseline --today 2026-11-21 -o "$out/baseline-deletion.txt" records
git_q rm -q records/organizations/alpha.xml
run check --today 2026-11-21 --changed-since HEAD
status=$?
if [ $status = 1 ] && grep -q "^records/organizations/gamma.xml:[0-9]*:[0-9]*: error: organization reference 'alpha' .*matches no record; records/organizations/alpha.xml was deleted in this change: restore it or remove the reference \[OC110\]$" "$repo.out"; then
	ok "--changed-since HEAD after git rm: the dangling reference fails the check and names the deleted file"
else not_ok "--changed-since after a deletion (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi

# The baselined one-sided link gamma -> alpha is gone only because alpha
# was deleted, while gamma still refers to it: unknown, not fixed.
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline-deletion.txt" records
if grep -q "baseline-deletion.txt:5: warning: 1 of 1 baselined finding is unknown, not fixed .*: record 'alpha' is missing while records/organizations/[a-z]*.xml:[0-9]* still refers to it; keep the entry" "$repo.out" &&
	! grep -q 'prune' "$repo.out"; then
	ok "check --baseline after git rm: an entry gone with the deleted record is unknown while references to it remain; no prune suggested"
else not_ok "baseline entry of a deleted record" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline-deletion.txt" --changed-since HEAD
if grep -q "1 of 1 baselined finding is unknown, not fixed .*record 'alpha' is missing" "$repo.out"; then
	ok "check --baseline --changed-since HEAD after git rm shows it too"
else not_ok "baseline entry of a deleted record, --changed-since" "$(cat "$repo.out" "$repo.err")"; fi
# diff follows the same policy: the link is unknown, not resolved.
run diff --today 2026-11-21 HEAD .
if grep -q '^introduced: [0-9]*, resolved: 0, unchanged: [0-9]*, unknown: 1$' "$repo.out" &&
	! grep -q '^resolved:' "$repo.out" &&
	grep -q "^orgcheck: 1 earlier finding is unknown, not resolved: record 'alpha' is missing while records/organizations/[a-z]*.xml:[0-9]* still refers to it; restore the record or remove the references$" "$repo.err"; then
	ok "diff HEAD . after git rm: the deleted record's link is unknown, not resolved, with the baseline's reason"
else not_ok "diff after a deletion" "$(cat "$repo.out" "$repo.err")"; fi
cp "$out/baseline-deletion.txt" "$out/baseline-pruned.txt"
run baseline --today 2026-11-21 --prune -o "$out/baseline-pruned.txt" records
if [ "$(grep -cv '^#' "$out/baseline-pruned.txt")" = 1 ]; then ok "baseline --prune keeps it"
else not_ok "baseline --prune dropped the entry of a deleted record" "$(cat "$out/baseline-pruned.txt")"; fi
# Once nothing refers to the deleted record, the entry is fixed.
sed -i '/<relationships>/,/<\/relationships>/d' "$repo/records/organizations/gamma.xml" "$repo/records/organizations/beta.xml"
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline-deletion.txt" records
if grep -q "baseline-deletion.txt:5: warning: 1 of 1 baselined finding is fixed .*prune" "$repo.out" && ! grep -q OC110 "$repo.out"; then
	ok "with the references gone too, the entry is fixed and prune is suggested"
else not_ok "baseline entry after a complete deletion" "$(cat "$repo.out" "$repo.err")"; fi
git_q checkout -q -- records/organizations/gamma.xml records/organizations/beta.xml
rm -f "$out/baseline-deletion.txt" "$out/baseline-pruned.txt"

# --- the pre-commit hook: runs on every commit, deletions alone too
entry=$(sed -n 's/^ *entry: *//p' "$top/.pre-commit-hooks.yaml" | head -1)
if grep -q '^ *always_run: *true' "$top/.pre-commit-hooks.yaml" &&
	grep -q '^ *pass_filenames: *false' "$top/.pre-commit-hooks.yaml"; then
	ok "the pre-commit hook runs also when only deletions are staged (always_run)"
else not_ok "the pre-commit hook would be skipped for a deletion"; fi
# shellcheck disable=SC2046 # the entry's words
run $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21
if [ $? = 1 ] && grep -q "reference 'alpha' .*\[OC110\]" "$repo.out"; then
	ok "the pre-commit hook's entry ($entry) fails a staged deletion that leaves a dangling reference"
else not_ok "pre-commit entry '$entry' on a deletion" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"
sed -i 's#</relationships>#  <relationship kind="partnership" source="001_23c06b6e0b523bd9.txt">\n      <org-ref ref="gamma">Gamma</org-ref>\n    </relationship>\n  </relationships>#' "$repo/records/organizations/beta.xml"
git_q add records
run $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21 --fail-on warning
if [ $? = 1 ] && grep -q '(beta) has partnership with Gamma Therapy Forum (gamma)' "$repo.out" && ! grep -q '(gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out"; then
	ok "the pre-commit hook's entry reports the staged edit's finding only"
else not_ok "pre-commit entry '$entry' on an edit" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"

# --- the README's recipes: a plain .git/hooks/pre-commit, and the
# pre-commit framework's configuration naming the hook this repository defines
shim=$(mktemp -d)
printf '#!/bin/sh\nexec %s "$@"\n' "$ORGCHECK" >"$shim/orgcheck"
chmod +x "$shim/orgcheck"
sed -n '/^  ```sh$/,/^  ```$/p' "$top/README.md" | sed '1d;$d;s/^  //' >"$repo/.git/hooks/pre-commit"
chmod +x "$repo/.git/hooks/pre-commit"
sed -i 's#<org-ref ref="alpha">#<org-ref ref="alphaa">#' "$repo/records/organizations/gamma.xml"
git -C "$repo" add records
if grep -q '^exec orgcheck check --staged$' "$repo/.git/hooks/pre-commit" &&
	! PATH="$shim:$PATH" git -C "$repo" -c user.name=curator -c user.email=curator@orgcheck.invalid \
		commit -q -m "dangling" >"$repo.out" 2>&1 &&
	grep -q "reference 'alphaa' .*\[OC110\]" "$repo.out" &&
	[ "$(git -C "$repo" rev-parse HEAD)" = "$edited" ]; then
	ok "the README's .git/hooks/pre-commit stops a commit with a dangling reference"
else not_ok "the README's plain git hook" "$(cat "$repo/.git/hooks/pre-commit" "$repo.out")"; fi
rm -f "$repo/.git/hooks/pre-commit"
rm -rf "$shim"
git_q reset -q --hard "$edited"
if sed -n '/^  ```yaml$/,/^  ```$/p' "$top/README.md" | sed '1d;$d' | python3 -c '
import sys, yaml
config = yaml.safe_load(sys.stdin)
hooks = yaml.safe_load(open(sys.argv[1]))
ids = {h["id"] for h in hooks}
repo = config["repos"][0]
assert repo["rev"].startswith("v"), repo
assert all(h["id"] in ids for h in repo["hooks"]), (repo, ids)
assert any(h.get("verbose") is True for h in repo["hooks"])
assert all(h.get("language") == "system" for h in hooks)
' "$top/.pre-commit-hooks.yaml" 2>"$repo.err"; then
	ok "the README's .pre-commit-config.yaml parses and names this repository's hook (language: system, verbose)"
else not_ok "the README's .pre-commit-config.yaml" "$(cat "$repo.err")"; fi

# --- the hook checks the index: what the commit will hold
hook() {
	# shellcheck disable=SC2046 # the entry's words
	run $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21 "$@"
}
# A staged reference to a record that exists only untracked.
sed 's/id="alpha"/id="delta"/' "$repo/records/organizations/alpha.xml" >"$repo/records/organizations/delta.xml"
sed -i 's/ref="alpha"/ref="delta"/' "$repo/records/organizations/beta.xml"
git_q add records/organizations/beta.xml
hook
status=$?
if [ $status = 1 ] && grep -q "^records/organizations/beta.xml:[0-9]*:[0-9]*: error: organization reference 'delta' .*matches no record; records/organizations/delta.xml exists in the working tree but is not staged; git add it; did you mean 'alpha'? \[OC110\]$" "$repo.out"; then
	ok "the hook fails a staged reference to an untracked record and says to git add it"
else not_ok "hook on a reference to an untracked record (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
(cd "$repo/records/organizations" && $ORGCHECK $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q "^\.\./\.\./records/organizations/beta.xml:[0-9]*:[0-9]*: error: organization reference 'delta' .*; \.\./\.\./records/organizations/delta.xml exists in the working tree but is not staged; git add it; did you mean 'alpha'? \[OC110\]$" "$repo.out" &&
	grep -q '; corpus \.\./\.\., rules ' "$repo.err" && ! grep -q 'orgcheck-staged' "$repo.out" "$repo.err"; then
	ok "the same from records/organizations: paths relative to there, no temporary path shown"
else not_ok "hook from records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
# From outside the repository, with --corpus: git runs in the corpus.
(cd / && $ORGCHECK check --staged --corpus "$repo" --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q "^$repo/records/organizations/beta.xml:[0-9]*:[0-9]*: error: organization reference 'delta' .*\[OC110\]$" "$repo.out"; then
	ok "check --staged --corpus DIR from outside DIR's repository checks DIR's index"
else not_ok "check --staged --corpus from outside the repository (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
# Staged, then fixed in the working tree only: the commit still holds the error.
sed -i 's/ref="delta"/ref="alpha"/' "$repo/records/organizations/beta.xml"
hook
if [ $? = 1 ] && grep -q "reference 'delta' .*\[OC110\]" "$repo.out"; then
	ok "the hook checks the staged content, not an unstaged fix"
else not_ok "hook with an unstaged fix" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"
# Staged, then changed again in the working tree (lines added above the
# error, the error fixed): reported at the staged line, under the real path.
sed -i 's/ref="alpha"/ref="alphaa"/' "$repo/records/organizations/beta.xml"
git_q add records/organizations/beta.xml
staged_line=$(grep -n 'ref="alphaa"' "$repo/records/organizations/beta.xml" | cut -d: -f1)
sed -i 's/ref="alphaa"/ref="alpha"/;1a<!-- one -->\n<!-- two -->\n<!-- three -->' "$repo/records/organizations/beta.xml"
hook
status=$?
if [ $status = 1 ] && [ "$(grep -c ': error: ' "$repo.out")" = 1 ] &&
	grep -q "^records/organizations/beta.xml:$staged_line:[0-9]*: error: organization reference 'alphaa' .*\[OC110\]$" "$repo.out" &&
	! grep -q 'orgcheck-staged' "$repo.out" "$repo.err"; then
	ok "a file changed again after git add is checked as staged: its staged line, under its real path"
else not_ok "hook with a file changed after git add (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
(cd "$repo/records/organizations" && $ORGCHECK $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q "^\.\./\.\./records/organizations/beta.xml:$staged_line:[0-9]*: error: organization reference 'alphaa' .*\[OC110\]$" "$repo.out" &&
	! grep -q 'orgcheck-staged' "$repo.out" "$repo.err"; then
	ok "the same from records/organizations: the path relative to there"
else not_ok "hook with a file changed after git add, from records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
# Staged, then deleted from the working tree: the commit still holds it.
rm "$repo/records/organizations/beta.xml"
hook
status=$?
if [ $status = 1 ] &&
	grep -q "^records/organizations/beta.xml:$staged_line:[0-9]*: error: organization reference 'alphaa' .*\[OC110\]$" "$repo.out" &&
	grep -q '^orgcheck: 3 files checked' "$repo.err" && ! grep -q 'orgcheck-staged' "$repo.out" "$repo.err"; then
	ok "a staged file deleted from the working tree is still checked, under its real path"
else not_ok "hook with a staged file deleted from the working tree (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"
# A path in a message that is no location of the finding reads as the
# curator's too, as a check of the working tree shows it.
cp "$repo/records/organizations/gamma.xml" "$repo/records/organizations/copy.xml"
git_q add records/organizations/copy.xml
(cd "$repo/records/organizations" && $ORGCHECK $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q "^\.\./\.\./records/organizations/copy.xml:2:1: error: record id 'gamma' does not match the file name 'copy.xml'; change the id ('gamma.xml' is \.\./\.\./records/organizations/gamma.xml) \[OC102\]$" "$repo.out"; then
	ok "the hook from records/organizations: a path quoted in a message is relative to there"
else not_ok "a path in a message of the hook from records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"
rm -f "$repo/records/organizations/copy.xml"
rm -f "$repo/records/organizations/delta.xml"
# An untracked half-written record does not block an unrelated commit.
printf '<?xml version="1.0"?>\n<organization xmlns="urn:orgcheck:record:1" id="half">\n  <name' >"$repo/records/organizations/half.xml"
sed -i '1a<!-- reviewed -->' "$repo/records/organizations/beta.xml"
git_q add records/organizations/beta.xml
hook
status=$?
if [ $status = 0 ] && ! grep -q 'half' "$repo.out"; then
	ok "an untracked half-written record does not block an unrelated commit"
else not_ok "hook with an untracked broken record (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
# Staged, it does.
git_q add records/organizations/half.xml
hook
if [ $? = 1 ] && grep -q '^records/organizations/half.xml:[0-9]*:[0-9]*: error: .*\[OC00[0-9]\]$' "$repo.out"; then
	ok "the same record staged fails the hook"
else not_ok "hook with a staged broken record" "$(cat "$repo.out" "$repo.err")"; fi
# A staged rename: the old id's references dangle.
git_q reset -q --hard "$edited"
rm -f "$repo/records/organizations/half.xml"
git_q mv records/organizations/alpha.xml records/organizations/alpha-society.xml
sed -i 's/id="alpha"/id="alpha-society"/' "$repo/records/organizations/alpha-society.xml"
git_q add records
hook
if [ $? = 1 ] && grep -q "reference 'alpha' .*\[OC110\]" "$repo.out"; then
	ok "the hook fails a staged rename that leaves references to the old id"
else not_ok "hook on a rename" "$(cat "$repo.out" "$repo.err")"; fi
git_q reset -q --hard "$edited"

# --- a record that cannot be read still exists
run baseline --today 2026-11-21 -o "$out/baseline.txt" records
sed -i '3s#</name>#</nam>#' "$repo/records/organizations/alpha.xml"
run check --today 2026-11-21 --fail-on warning records/organizations/gamma.xml
status=$?
if [ $status = 1 ] && ! grep -q 'matches no record' "$repo.out" &&
	[ "$(grep -c ': error: ' "$repo.out")" = 1 ] &&
	grep -q "^records/organizations/beta.xml:[0-9]*:[0-9]*: error: reference 'alpha' (and others in the corpus) names a record whose file records/organizations/alpha.xml cannot be read" "$repo.out" &&
	grep -q '^records/organizations/gamma.xml:[0-9]*:[0-9]*: note: related to the finding above \[OC110\]$' "$repo.out"; then
	ok "a broken record's id still resolves: checking only a referrer shows the one folded OC110, as a full check does, with the referrer attached"
else not_ok "references to a broken record, the referrer named (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
run_in records/organizations check --today 2026-11-21 --fail-on warning gamma.xml
status=$?
if [ $status = 1 ] && grep -q "^\.\./\.\./records/organizations/beta.xml:[0-9]*:[0-9]*: error: reference 'alpha' (and others in the corpus) names a record whose file \.\./\.\./records/organizations/alpha.xml cannot be read" "$repo.out" &&
	grep -q '^\.\./\.\./records/organizations/gamma.xml:[0-9]*:[0-9]*: note: related to the finding above \[OC110\]$' "$repo.out"; then
	ok "the same from records/organizations"
else not_ok "the referrer named from records/organizations (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on warning records
if grep -q '^records/organizations/gamma.xml:[0-9]*:[0-9]*: note: related to the finding above \[OC110\]$' "$repo.out" &&
	[ "$(grep -c 'cannot be read' "$repo.out")" = 1 ]; then
	ok "a full check shows the same one finding with the same related locations"
else not_ok "the folded OC110 in a full check" "$(cat "$repo.out")"; fi
run check --today 2026-11-21 --fail-on warning records/organizations/alpha.xml
status=$?
if [ $status = 1 ] && [ "$(grep -c ': error: ' "$repo.out")" = 2 ] && ! grep -q 'matches no record' "$repo.out" &&
	grep -q '^records/organizations/alpha.xml:3:[0-9]*: error: .*\[OC002\]$' "$repo.out" &&
	grep -q "^records/organizations/[a-z]*.xml:[0-9]*:[0-9]*: error: reference 'alpha' (and others in the corpus) names a record whose file records/organizations/alpha.xml cannot be read" "$repo.out" &&
	grep -q '^records/organizations/alpha.xml: note: related to the finding above \[OC110\]$' "$repo.out"; then
	ok "the broken record: its own error and one finding for all the references to it"
else not_ok "the broken record's findings (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
run diff --today 2026-11-21 HEAD .
if grep -q '^introduced: 2, resolved: 0, unchanged: 0, unknown: 1$' "$repo.out" && ! grep -q '^resolved:' "$repo.out" &&
	grep -q 'records that cannot be read now (such as records/organizations/alpha.xml) is unknown, not resolved' "$repo.err"; then
	ok "diff: the broken record's earlier finding is unknown, not resolved, and it says so"
else not_ok "diff with a broken record" "$(cat "$repo.out" "$repo.err")"; fi
run_in records/organizations diff --today 2026-11-21 HEAD .
if grep -q '^introduced: 2, resolved: 0, unchanged: 0, unknown: 1$' "$repo.out" &&
	grep -q "^\.\./\.\./records/organizations/beta.xml:[0-9]*:[0-9]*: error: reference 'alpha' (and others in the corpus) names a record whose file \.\./\.\./records/organizations/alpha.xml cannot be read" "$repo.out" &&
	grep -q 'records that cannot be read now (such as \.\./\.\./records/organizations/alpha.xml) is unknown, not resolved' "$repo.err"; then
	ok "diff from records/organizations: the paths in locations and messages relative to there"
else not_ok "diff with a broken record from a subdirectory" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records
if grep -q 'baseline.txt:5: warning: 1 of 1 baselined finding is unknown, not fixed .*alpha.xml cannot be read; keep the entry' "$repo.out" &&
	! grep -q 'prune' "$repo.out"; then
	ok "check --baseline: the broken record's baselined finding is unknown, not fixed; no prune suggested"
else not_ok "baseline with a broken record" "$(cat "$repo.out" "$repo.err")"; fi
run check --today 2026-11-21 --fail-on info --baseline "$out/baseline.txt" records/organizations/alpha.xml
if grep -q 'baseline.txt:5: warning: 1 of 1 baselined finding is unknown, not fixed .*alpha.xml cannot be read; keep the entry' "$repo.out" &&
	grep -q '^records/organizations/alpha.xml: note: related to the finding above \[OC191\]$' "$repo.out"; then
	ok "check --baseline BROKEN-FILE keeps the unknown entry (OC191), with the broken file as related location"
else not_ok "baseline with the broken record named" "$(cat "$repo.out" "$repo.err")"; fi
run baseline --today 2026-11-21 --prune -o "$out/baseline.txt" records
if [ "$(grep -cv '^#' "$out/baseline.txt")" = 1 ]; then ok "baseline --prune keeps the broken record's entry"
else not_ok "baseline --prune dropped an entry of a broken record" "$(cat "$out/baseline.txt")"; fi
git_q checkout -q -- records
rm -f "$out/baseline.txt"

# --- diff output: unchanged counted, listed on request; SARIF only what is present
for f in "$repo"/records/organizations/*.xml; do
	sed -i '1a<!-- curated 2026-11 -->' "$f"
done
run diff --today 2026-11-21 HEAD .
if grep -q '^introduced: 0, resolved: 0, unchanged: 1$' "$repo.out" && ! grep -q '^unchanged:$' "$repo.out" &&
	[ "$(wc -l <"$repo.out")" = 1 ]; then ok "diff counts the unchanged findings without listing them"
else not_ok "diff lists unchanged findings by default" "$(cat "$repo.out")"; fi
if [ ! -s "$repo.err" ]; then ok "diff (text) prints its counts once, on standard output"
else not_ok "diff repeats its counts on standard error" "$(cat "$repo.err")"; fi
run diff --today 2026-11-21 --show-unchanged HEAD .
if grep -q '^unchanged:$' "$repo.out" && grep -q '(gamma) has partnership with Alpha Cell Society (alpha)' "$repo.out"; then
	ok "diff --show-unchanged lists them"
else not_ok "diff --show-unchanged" "$(cat "$repo.out")"; fi
git_q checkout -q -- records
run diff --today 2026-11-21 --format sarif "$edited" "$base"
if ! grep -q '"baselineState": *"absent"' "$repo.out" && grep -q '"results": *\[ *\]' "$repo.out" &&
	grep -q '^orgcheck: 0 introduced, 1 resolved, 0 unchanged$' "$repo.err"; then
	ok "diff --format sarif carries no resolved results; the counts are the text's"
else not_ok "diff sarif with a resolved result" "$(head -c 800 "$repo.out"; cat "$repo.err")"; fi
run diff --today 2026-11-21 --format html "$base" "$edited"
if grep -q 'data-state="new"' "$repo.out" &&
	grep -q '<span class="state state-new">introduced</span>' "$repo.out"; then
	ok "diff --format html marks each finding's state (data-state, a label in words)"
else not_ok "diff html without states" "$(grep -o '<tr class="finding[^>]*>' "$repo.out" | head -5)"; fi
run diff --today 2026-11-21 --format github "$edited" "$base"
if grep -q '^orgcheck: 0 introduced, 1 resolved, 0 unchanged$' "$repo.err"; then
	ok "diff --format github reports the same counts"
else not_ok "diff github counts" "$(cat "$repo.out" "$repo.err")"; fi

# --- the pre-commit hook before the first commit: everything staged is new
fresh=$(mktemp -d)
git -C "$fresh" init -q -b main >/dev/null 2>&1
cp -r "$top/tests/edit/records" "$fresh/records"
sed -i 's/ref="alpha"/ref="alpah"/' "$fresh/records/organizations/beta.xml"
git -C "$fresh" add records >/dev/null 2>&1
# shellcheck disable=SC2046 # the entry's words
(cd "$fresh" && $ORGCHECK $(printf '%s' "$entry" | sed 's/^orgcheck //') --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 1 ] && grep -q "^records/organizations/beta.xml:[0-9]*:[0-9]*: error: organization reference 'alpah' .*\[OC110\]$" "$repo.out"; then
	ok "the pre-commit hook's entry in a repository without commits checks everything staged (exit 1 for its error, not 2)"
else not_ok "pre-commit entry before the first commit (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
sed -i 's/ref="alpah"/ref="alpha"/' "$fresh/records/organizations/beta.xml"
git -C "$fresh" add records >/dev/null 2>&1
(cd "$fresh/records/organizations" && $ORGCHECK check --changed-since main --today 2026-11-21) >"$repo.out" 2>"$repo.err"
status=$?
if [ $status = 0 ] && grep -q '^orgcheck: 3 files checked' "$repo.err"; then
	ok "--changed-since BRANCH before the first commit, from a subdirectory: the clean staged corpus passes"
else not_ok "--changed-since main before the first commit (exit $status)" "$(cat "$repo.out" "$repo.err")"; fi
(cd "$fresh" && $ORGCHECK check --changed-since no-such-branch --today 2026-11-21) >"$repo.out" 2>"$repo.err"
if [ $? = 2 ] && grep -q "'no-such-branch' is not a revision" "$repo.err"; then
	ok "before the first commit, another name is still not a revision (exit 2)"
else not_ok "unknown revision before the first commit" "$(cat "$repo.err")"; fi
rm -rf "$fresh"

rm -f "$repo.out" "$repo.err"
echo "edit-tests: $pass passed, $fail failed"
[ $fail = 0 ]
