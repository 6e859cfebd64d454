#!/bin/sh
# The CI examples as shipped: examples/github-workflow.yml checked by
# action-validator (the SchemaStore workflow schema, npm
# @action-validator/cli) and examples/gitlab-ci.yml by gitlab-ci-local
# (GitLab's CI schema, npm gitlab-ci-local), each also shown to reject a
# broken copy; then the orgcheck steps of both run end to end on a
# scratch git repository of the bundled records, on a pull request /
# merge request that adds a reference to a missing record, and their
# reports checked. The validators are installed into build/npm when npm
# can fetch them; without them those checks are skipped, not passed.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
skip=0
top=$(pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }
skipped() { skip=$((skip + 1)); echo "ok - $1 # SKIP $2"; }

bin="$top/build/npm/node_modules/.bin"
if [ ! -x "$bin/action-validator" ] || [ ! -x "$bin/gitlab-ci-local" ]; then
	command -v npm >/dev/null 2>&1 &&
		npm install --no-audit --no-fund --loglevel=error --prefix "$top/build/npm" \
			@action-validator/cli@0.6.0 @action-validator/core@0.6.0 gitlab-ci-local@4.52.0 >/dev/null 2>&1
fi

# --- the validators accept the examples and reject a broken copy
if [ -x "$bin/action-validator" ]; then
	if msg=$("$bin/action-validator" examples/github-workflow.yml 2>&1); then
		ok "examples/github-workflow.yml is a valid workflow (action-validator)"
	else not_ok "examples/github-workflow.yml is not a valid workflow" "$msg"; fi
	sed 's/runs-on:/run-on:/' examples/github-workflow.yml >"$scratch/broken.yml"
	if ! "$bin/action-validator" "$scratch/broken.yml" >/dev/null 2>&1; then
		ok "action-validator rejects the workflow with a misspelt key"
	else not_ok "action-validator accepted a broken workflow"; fi
else skipped "the GitHub workflow schema check" "npm cannot install @action-validator/cli"; fi
if [ -x "$bin/gitlab-ci-local" ]; then
	mkdir -p "$scratch/gl" "$scratch/gl-broken"
	git -C "$scratch/gl" init -q && cp examples/gitlab-ci.yml "$scratch/gl/.gitlab-ci.yml"
	git -C "$scratch/gl-broken" init -q
	sed 's/^  stage: test/  stage: nosuchstage/' examples/gitlab-ci.yml >"$scratch/gl-broken/.gitlab-ci.yml"
	if msg=$(cd "$scratch/gl" && "$bin/gitlab-ci-local" --list 2>&1) && printf '%s' "$msg" | grep -q 'json schema validated'; then
		ok "examples/gitlab-ci.yml passes GitLab's CI schema (gitlab-ci-local)"
	else not_ok "examples/gitlab-ci.yml fails gitlab-ci-local" "$msg"; fi
	if ! (cd "$scratch/gl-broken" && "$bin/gitlab-ci-local" --list) >/dev/null 2>&1; then
		ok "gitlab-ci-local rejects a job in a stage that does not exist"
	else not_ok "gitlab-ci-local accepted a broken .gitlab-ci.yml"; fi
else skipped "the GitLab CI schema check" "npm cannot install gitlab-ci-local"; fi

# --- what the examples say, as shipped
grep -q '^  push:' examples/github-workflow.yml && grep -q '^  pull_request:' examples/github-workflow.yml &&
	grep -q '"schemas/rules/\*\*"' examples/github-workflow.yml && ! grep -q 'fail-on warning' examples/github-workflow.yml &&
	grep -q -- '--branch "v$ORGCHECK_VERSION"' examples/github-workflow.yml &&
	ok "the workflow runs on pull requests and pushes, watches schemas/rules/, builds a pinned release, fails on errors" ||
	not_ok "the workflow's triggers, paths, pin or --fail-on"
grep -q 'codequality: gl-code-quality-report.json' examples/gitlab-ci.yml && grep -q 'junit: orgcheck-junit.xml' examples/gitlab-ci.yml &&
	ok "the GitLab example uploads Code Quality and JUnit reports" || not_ok "the GitLab example's reports"

# --- end to end on a scratch repository: a change that adds a dangling reference
repo="$scratch/repo"
mkdir -p "$repo/schemas" "$scratch/path"
cp -r records orgcheck-rules.xml "$repo/"
cp -r schemas/rules "$repo/schemas/"
printf '#!/bin/sh\nexec %s "$@"\n' "$ORGCHECK" >"$scratch/path/orgcheck"
chmod +x "$scratch/path/orgcheck"
g() { git -C "$repo" -c user.name=ci -c user.email=ci@orgcheck.invalid "$@" >/dev/null 2>&1; }
g init -q -b main && g add . && g commit -q -m corpus
base=$(git -C "$repo" rev-parse HEAD)
g checkout -q -b change
sed -i 's#<org-ref ref="baa">#<org-ref ref="baaa">#' "$repo/records/organizations/isct.xml"
g commit -q -a -m "a mistyped reference"

# The run: lines of the workflow's steps that call orgcheck (the build
# step is replaced by the binary under test), for one event.
python3 - "$top/examples/github-workflow.yml" >"$scratch/steps" <<'PY'
import sys, yaml
flow = yaml.safe_load(open(sys.argv[1]))
for job in flow["jobs"].values():
    for step in job["steps"]:
        run = step.get("run", "")
        if "orgcheck " in run and "make " not in run:
            print(step.get("if", "always()") + "\t" + " ".join(run.replace("\\\n", " ").split()))
PY
run_steps() {
	event=$1
	ran=0
	status=0
	while IFS="	" read -r cond cmd; do
		case "$cond" in
		*"== 'pull_request'"*) [ "$event" = pull_request ] || continue ;;
		*"== 'push'"*) [ "$event" = push ] || continue ;;
		esac
		cmd=$(printf '%s' "$cmd" | sed 's/\${{ github.base_ref }}/main/g')
		(cd "$repo" && PATH="$scratch/path:$PATH" sh -c "$cmd") >>"$scratch/$event.out" 2>&1 || status=1
		ran=$((ran + 1))
	done <"$scratch/steps"
	echo "$ran $status"
}
g update-ref refs/remotes/origin/main "$base"
result=$(run_steps pull_request)
(cd "$repo" && $ORGCHECK check -q --fail-on none --format xml) >"$scratch/pr-results.xml" 2>/dev/null
if [ "$result" = "3 1" ] && grep -q "^::error file=records/organizations/isct.xml,line=[0-9]*,col=[0-9]*,title=OC110 unresolved-reference::organization reference 'baaa'" "$scratch/pull_request.out" &&
	python3 tests/formats/check_formats.py sarif "$repo/orgcheck.sarif" "$scratch/pr-results.xml" &&
	grep -q '"ruleId": *"OC110"' "$repo/orgcheck.sarif" && grep -q '<html' "$repo/orgcheck-report.html"; then
	ok "workflow on a pull request: annotations fail the job on the new error; SARIF and the HTML report are written"
else not_ok "workflow on a pull request ($result)" "$(cat "$scratch/pull_request.out")"; fi
g checkout -q main
rm -f "$repo/orgcheck.sarif" "$repo/orgcheck-report.html"
result=$(run_steps push)
if [ "$result" = "3 0" ] && grep -q '^orgcheck: 0 errors, 33 warnings, 2 info$' "$scratch/push.out" && [ -s "$repo/orgcheck.sarif" ]; then
	ok "workflow on a push to main: the bundled corpus passes (its warnings do not fail), SARIF written"
else not_ok "workflow on a push ($result)" "$(cat "$scratch/push.out")"; fi

# The GitLab job's script, in a merge request pipeline.
g checkout -q change
python3 - "$top/examples/gitlab-ci.yml" >"$scratch/script.sh" <<'PY'
import sys, yaml
print("set -e")
for line in yaml.safe_load(open(sys.argv[1]))["orgcheck"]["script"]:
    print(line)
PY
(cd "$repo" && PATH="$scratch/path:$PATH" CI_MERGE_REQUEST_DIFF_BASE_SHA=$base sh "$scratch/script.sh") >"$scratch/gitlab.out" 2>&1
status=$?
(cd "$repo" && $ORGCHECK check -q --fail-on none --format xml) >"$scratch/results.xml" 2>/dev/null
if [ $status = 1 ] && grep -q "organization reference 'baaa'" "$scratch/gitlab.out" &&
	python3 tests/formats/check_formats.py gitlab "$repo/gl-code-quality-report.json" "$scratch/results.xml" &&
	xmllint --noout --nonet --schema tests/validators/junit-10.xsd "$repo/orgcheck-junit.xml" 2>/dev/null &&
	[ "$(xmllint --xpath 'string(/testsuites/@failures)' "$repo/orgcheck-junit.xml")" = 1 ]; then
	ok "GitLab job in a merge request: fails on the new error; Code Quality and JUnit (1 failure: the error) are valid"
else not_ok "GitLab job (exit $status)" "$(cat "$scratch/gitlab.out")"; fi

echo "ci-examples-tests: $pass passed, $fail failed, $skip skipped"
[ $fail = 0 ]
