#!/bin/sh
# Every output format checked by an independent validator, and against a
# golden file:
#   xml     xmllint --schema schemas/results.xsd
#   junit   xmllint --schema tests/validators/junit-10.xsd, and @tests and
#           @failures against XPath counts
#   sarif   python3-jsonschema against tests/validators/sarif-schema-2.1.0.json,
#           and what GitHub code scanning requires on top
#   json    python3-jsonschema against schemas/results.schema.json, and the
#           same content as the XML
#   gitlab  a JSON array, unique fingerprints, Code Quality severities, lines >= 1
#   github  escaping, and at most 10 annotations of a level with a summary
# The checks in Python are in tests/formats/check_formats.py. The fixture
# corpus is tests/formats/records, run with --today 2026-11-21 and
# tests/formats/rules.xml; its outputs must equal tests/formats/expected.*
# byte for byte (UPDATE_GOLDEN=1 rewrites them after a reviewed change).
# Run from the top of the source tree with ORGCHECK set.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
top=$(pwd)
fixture=tests/formats
formats="text xml json junit sarif github gitlab"
check="python3 $top/tests/formats/check_formats.py"
PYTHONDONTWRITEBYTECODE=1
export PYTHONDONTWRITEBYTECODE

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# run DIR OUTDIR ARGS...: runs orgcheck check -q --format F ARGS in DIR for
# every format F, leaving OUTDIR/out.F, OUTDIR/err.F and OUTDIR/status.F.
run_all() {
	dir=$1
	outdir=$2
	shift 2
	mkdir -p "$outdir"
	for format in $formats; do
		# shellcheck disable=SC2086 # ORGCHECK may carry a wrapper's words
		(cd "$dir" && $ORGCHECK check -q --format "$format" "$@") \
			>"$outdir/out.$format" 2>"$outdir/err.$format"
		echo $? >"$outdir/status.$format"
	done
}

# expect_runs NAME OUTDIR STATUS: every format exited with STATUS, wrote
# nothing on standard error, and ended its output with a newline (text
# without findings writes nothing at all).
expect_runs() {
	bad=""
	for format in $formats; do
		[ "$(cat "$2/status.$format")" = "$3" ] || bad="$bad $format(status $(cat "$2/status.$format"))"
		[ -s "$2/err.$format" ] && bad="$bad $format(stderr: $(head -c 200 "$2/err.$format"))"
		[ ! -s "$2/out.$format" ] && [ "$format" = text ] && continue
		[ "$(tail -c 1 "$2/out.$format" | od -An -tx1 | tr -d ' ')" = 0a ] || bad="$bad $format(no final newline)"
	done
	if [ -z "$bad" ]; then ok "$1: every format exits $3, quietly, ending with a newline"
	else not_ok "$1:$bad"; fi
}

# validate NAME OUTDIR: every independent validator on OUTDIR's outputs.
validate() {
	name=$1
	out=$2
	if msg=$(xmllint --noout --nonet --schema schemas/results.xsd "$out/out.xml" 2>&1); then
		ok "$name: xml is valid against schemas/results.xsd"
	else not_ok "$name: xml breaks schemas/results.xsd" "$msg"; fi

	if msg=$(xmllint --noout --nonet --schema tests/validators/junit-10.xsd "$out/out.junit" 2>&1); then
		ok "$name: junit is valid against junit-10.xsd"
	else not_ok "$name: junit breaks junit-10.xsd" "$msg"; fi
	tests=$(xmllint --xpath 'string(/testsuites/@tests)' "$out/out.junit" 2>&1)
	cases=$(xmllint --xpath 'count(//testcase)' "$out/out.junit" 2>&1)
	failures=$(xmllint --xpath 'string(/testsuites/@failures)' "$out/out.junit" 2>&1)
	failing=$(xmllint --xpath 'count(//testcase/failure)' "$out/out.junit" 2>&1)
	suites_off=$(xmllint --xpath 'count(//testsuite[@tests != count(testcase) or @failures != count(testcase/failure)])' "$out/out.junit" 2>&1)
	repeated=$(xmllint --xpath 'count(//testcase[@name = preceding-sibling::testcase/@name])' "$out/out.junit" 2>&1)
	if [ "$tests" = "$cases" ] && [ "$failures" = "$failing" ] && [ "$suites_off" = 0 ] && [ "$repeated" = 0 ]; then
		ok "$name: junit @tests=$tests and @failures=$failures match the XPath counts; names unique per suite"
	else not_ok "$name: junit counts: @tests=$tests testcases=$cases @failures=$failures failures=$failing suites off=$suites_off repeated names=$repeated"; fi

	for format in junit sarif json gitlab github; do
		if msg=$($check "$format" "$out/out.$format" "$out/out.xml" 2>&1); then
			ok "$name: $format passes check_formats.py (schema and content against the XML)"
		else not_ok "$name: $format fails check_formats.py" "$msg"; fi
	done
}

# --- the vendored validators are the published files
if (cd tests/validators && grep -E '^    [0-9a-f]{64}  ' README.md | sed 's/^    //' | sha256sum -c --quiet) >"$scratch/sums" 2>&1; then
	ok "tests/validators hold the published schemas, unmodified"
else not_ok "tests/validators: checksums differ from README.md" "$(cat "$scratch/sums")"; fi

# --- results.schema.json is itself a valid draft-07 schema
if msg=$(python3 -c 'import json, jsonschema
s = json.load(open("schemas/results.schema.json"))
jsonschema.validators.validator_for(s).check_schema(s)' 2>&1); then
	ok "schemas/results.schema.json is a valid JSON schema"
else not_ok "schemas/results.schema.json is not a valid JSON schema" "$msg"; fi

# --- the fixture corpus: golden files, then the validators
run_all "$fixture" "$scratch/fixture" --today 2026-11-21 --rules rules.xml records
expect_runs "fixture" "$scratch/fixture" 1
for format in $formats; do
	if [ "${UPDATE_GOLDEN:-}" = 1 ]; then
		cp "$scratch/fixture/out.$format" "$fixture/expected.$format"
	fi
	if cmp -s "$fixture/expected.$format" "$scratch/fixture/out.$format"; then
		ok "fixture: $format output equals $fixture/expected.$format"
	else
		not_ok "fixture: $format output differs from $fixture/expected.$format" \
			"$(diff -u "$fixture/expected.$format" "$scratch/fixture/out.$format" | head -40)"
	fi
done
validate "fixture" "$scratch/fixture"

# What the fixture is there to show, stated once more so a regenerated
# golden file cannot hide it.
out=$scratch/fixture
if grep -qF "::warning file=records/organizations/alpha.xml,line=24,col=9,title=OC112 label-mismatch::'100%25 \"Press\": Cell, Gene & Co" "$out/out.github"; then
	ok "github: '%' escaped in a message, ':' and ',' kept there"
else not_ok "github: message escaping" "$(grep OC112 "$out/out.github")"; fi
if grep -qF '::error file=records/organizations/odd name%2C inc.xml,line=2,col=1,title=OC102 id-file-mismatch::' "$out/out.github"; then
	ok "github: ',' escaped in file="
else not_ok "github: property escaping" "$(grep OC102 "$out/out.github")"; fi
if grep -qxF '::error file=records/organizations/empty.xml,title=OC002 not-well-formed::the file is empty' "$out/out.github"; then
	ok "github: no line= or col= for a finding about a whole file"
else not_ok "github: whole-file finding" "$(grep OC002 "$out/out.github")"; fi
if grep -qF '"uri": "records/organizations/odd%20name%2C%20inc.xml"' "$out/out.sarif" &&
	grep -qF '"text": "related record beta"' "$out/out.sarif"; then
	ok "sarif: URIs percent-encoded; the cross-record finding has its related location"
else not_ok "sarif: uri escaping or related locations"; fi
if grep -qF '"description": "'"'"'100% \"Press\": Cell, Gene & Co \\ <Zürich>\tLtd'"'" "$out/out.gitlab" &&
	grep -qF '"message": "'"'"'100% \"Press\": Cell, Gene & Co \\ <Zürich>\tLtd'"'" "$out/out.json"; then
	ok "json, gitlab: quote, backslash and tab escaped, UTF-8 kept"
else not_ok "json/gitlab string escaping" "$(grep -h 'Press' "$out/out.json" "$out/out.gitlab")"; fi
if [ "$(xmllint --xpath 'count(//testsuite[@name="OC110 unresolved-reference"]/testcase)' "$out/out.junit")" = 2 ] &&
	grep -qF 'name="OC110 records/archive/alpha.xml"' "$out/out.junit" &&
	grep -qF 'name="OC110 records/organizations/alpha.xml"' "$out/out.junit" &&
	! grep -qF 'OC103' "$out/out.junit"; then
	ok "junit: two files with one record id get test cases named by path; a disabled rule has no suite"
else not_ok "junit: names for a shared record id, or the disabled rule" "$(grep -F 'OC110' "$out/out.junit")"; fi

# --- ':' and ',' in a path (kept out of the repository: Windows cannot
# check such a file out)
mkdir -p "$scratch/colon/records"
cp "$fixture/records/organizations/press.xml" "$scratch/colon/records/a:b, c.xml"
(cd "$scratch/colon" && $ORGCHECK check -q --today 2026-11-21 --format github records) >"$scratch/colon.github" 2>&1
(cd "$scratch/colon" && $ORGCHECK check -q --today 2026-11-21 --format sarif records) >"$scratch/colon.sarif" 2>&1
if grep -qxF "::error file=records/a%3Ab%2C c.xml,line=2,col=1,title=OC102 id-file-mismatch::record id 'press' does not match the file name 'a:b, c.xml'; rename the file to 'press.xml' or change the id" "$scratch/colon.github" &&
	grep -qF '"uri": "records/a%3Ab%2C%20c.xml"' "$scratch/colon.sarif"; then
	ok "github, sarif: ':' and ',' in a path escaped"
else not_ok "':' in a path" "$(cat "$scratch/colon.github" "$scratch/colon.sarif" | grep -e '::' -e '"uri"')"; fi

# --- the bundled corpus, with its own configuration
run_all . "$scratch/bundled" --today 2026-11-21 --fail-on none records
expect_runs "bundled corpus" "$scratch/bundled" 0
validate "bundled corpus" "$scratch/bundled"

# --- a corpus without findings
mkdir -p "$scratch/clean/records"
cp "$fixture/records/organizations/press.xml" "$scratch/clean/records/"
run_all "$scratch/clean" "$scratch/clean-out" --today 2026-11-21 records
expect_runs "no findings" "$scratch/clean-out" 0
validate "no findings" "$scratch/clean-out"
if [ "$(cat "$scratch/clean-out/out.gitlab")" = "[]" ] &&
	[ "$(cat "$scratch/clean-out/out.github")" = "orgcheck: 0 errors, 0 warnings, 0 info" ] &&
	[ "$(xmllint --xpath 'count(//testcase[not(failure)])' "$scratch/clean-out/out.junit")" = \
		"$(xmllint --xpath 'count(//testsuite)' "$scratch/clean-out/out.junit")" ]; then
	ok "no findings: an empty gitlab array, a github summary line, one passing test case per rule"
else not_ok "no findings: unexpected output" "$(cat "$scratch/clean-out/out.gitlab" "$scratch/clean-out/out.github")"; fi

# --- more than 10 errors, warnings and notices: GitHub shows 10 of each
mkdir -p "$scratch/many/records"
i=1
while [ $i -le 13 ]; do
	n=$(printf '%02d' $i)
	{
		printf '<?xml version="1.0" encoding="UTF-8"?>\n'
		printf '<organization xmlns="urn:orgcheck:record:1" id="org-%s">\n' "$n"
		printf '  <name source="000_6c5c9fcde8bb1e01.txt">Generated Organization %s</name>\n' "$n"
		# an acronym that fits no name: info (11 of them)
		[ $i -le 11 ] && printf '  <other-names>\n    <name kind="acronym" source="000_6c5c9fcde8bb1e01.txt">GQ%.1s</name>\n  </other-names>\n' "$n"
		# a reference to no record: an error (12)
		[ $i -le 12 ] && printf '  <founders>\n    <founder source="000_6c5c9fcde8bb1e01.txt">\n      <org-ref ref="missing-%s">Missing %s</org-ref>\n    </founder>\n  </founders>\n' "$n" "$n"
		# a partnership the hub does not state: a warning (13)
		printf '  <relationships>\n    <relationship kind="partnership" source="000_6c5c9fcde8bb1e01.txt">\n'
		printf '      <org-ref ref="hub">Hub</org-ref>\n    </relationship>\n  </relationships>\n</organization>\n'
	} >"$scratch/many/records/org-$n.xml"
	i=$((i + 1))
done
printf '<?xml version="1.0" encoding="UTF-8"?>\n<organization xmlns="urn:orgcheck:record:1" id="hub">\n  <name source="000_6c5c9fcde8bb1e01.txt">Hub</name>\n</organization>\n' \
	>"$scratch/many/records/hub.xml"
(cd "$scratch/many" && $ORGCHECK check -q --today 2026-11-21 --format github records) >"$scratch/many.github" 2>&1
(cd "$scratch/many" && $ORGCHECK check -q --today 2026-11-21 --format xml records) >"$scratch/many.xml" 2>&1
errors=$(xmllint --xpath 'string(//*[local-name()="summary"]/*[@severity="error"]/@count)' "$scratch/many.xml")
warnings=$(xmllint --xpath 'string(//*[local-name()="summary"]/*[@severity="warning"]/@count)' "$scratch/many.xml")
infos=$(xmllint --xpath 'string(//*[local-name()="summary"]/*[@severity="info"]/@count)' "$scratch/many.xml")
if [ "$errors" -gt 10 ] && [ "$warnings" -gt 10 ] && [ "$infos" -gt 10 ] &&
	[ "$(grep -c '^::error file=' "$scratch/many.github")" = 10 ] &&
	[ "$(grep -c '^::warning file=' "$scratch/many.github")" = 10 ] &&
	[ "$(grep -c '^::notice file=' "$scratch/many.github")" = 10 ] &&
	[ "$(grep -cxF "::error title=orgcheck::$((errors - 10)) more error$([ $((errors - 10)) = 1 ] || echo s) not shown; see the full report: orgcheck check --format text (or html)" "$scratch/many.github")" = 1 ] &&
	[ "$(grep -cxF "::warning title=orgcheck::$((warnings - 10)) more warning$([ $((warnings - 10)) = 1 ] || echo s) not shown; see the full report: orgcheck check --format text (or html)" "$scratch/many.github")" = 1 ] &&
	[ "$(grep -cxF "::notice title=orgcheck::$((infos - 10)) more notice$([ $((infos - 10)) = 1 ] || echo s) not shown; see the full report: orgcheck check --format text (or html)" "$scratch/many.github")" = 1 ] &&
	[ "$(tail -n 1 "$scratch/many.github")" = "orgcheck: $errors errors, $warnings warnings, $infos info" ]; then
	ok "github: $errors errors, $warnings warnings, $infos notices give 10 annotations of each and one summary each"
else not_ok "github: the 10-per-level cut ($errors errors, $warnings warnings, $infos info)" "$(grep -v 'file=' "$scratch/many.github")"; fi
if msg=$($check github "$scratch/many.github" "$scratch/many.xml" 2>&1); then
	ok "github: the cut output passes check_formats.py"
else not_ok "github: the cut output fails check_formats.py" "$msg"; fi

# --- the same run gives the same bytes
run_all "$fixture" "$scratch/again" --today 2026-11-21 --rules rules.xml records
differ=""
for format in $formats; do
	cmp -s "$scratch/fixture/out.$format" "$scratch/again/out.$format" || differ="$differ $format"
done
if [ -z "$differ" ]; then ok "every format is deterministic"
else not_ok "output changed between two runs:$differ"; fi

echo "format-tests: $pass passed, $fail failed"
[ $fail = 0 ]
