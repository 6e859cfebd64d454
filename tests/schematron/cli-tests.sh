#!/bin/sh
# Schematron from the command line: `orgcheck schematron` (exit codes,
# messages naming the schema's line, SVRL valid against schemas/svrl.xsd,
# the other formats against their validators) and Schematron across the
# corpus (`check --schematron`, the rules configuration, oc:record(),
# document() limited to the corpus, exceptions, fingerprints). Nothing may
# touch the network or change a record.
# Run from the top of the source tree with ORGCHECK set (and SCH_SUITE,
# the case driver, for the SVRL check).
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"
SCH_SUITE=${SCH_SUITE:-build/tests/sch-suite}

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
top=$(pwd)

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# run NAME STATUS ARGS...: runs orgcheck ARGS, leaving $out and $err; checks
# the exit status.
run() {
	name=$1
	want=$2
	shift 2
	out=$scratch/$name.out
	err=$scratch/$name.err
	# shellcheck disable=SC2086 # ORGCHECK may carry a wrapper's words
	$ORGCHECK "$@" >"$out" 2>"$err"
	status=$?
	if [ "$status" = "$want" ]; then
		return 0
	fi
	not_ok "$name: exit status $status, expected $want" "$(cat "$err")"
	return 1
}

# expect_err NAME TEXT: standard error of the last run holds TEXT.
expect_err() {
	if grep -qF -- "$2" "$err"; then ok "$1"; else not_ok "$1: stderr lacks '$2'" "$(cat "$err")"; fi
}

# ------------------------------------------------------------ fixtures
docs=$scratch/docs
mkdir -p "$docs"
cat >"$docs/rules.sch" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt">
  <sch:title>Grants</sch:title>
  <sch:pattern id="grants">
    <sch:rule context="grant">
      <sch:assert id="grant-amount" role="error" test="number(@amount) &gt; 0">grant <sch:value-of select="@id"/> has no positive amount</sch:assert>
      <sch:report id="grant-large" role="warning" test="@amount &gt; 1000000">grant <sch:value-of select="@id"/> is large</sch:report>
    </sch:rule>
  </sch:pattern>
</sch:schema>
EOF
printf '<grants>\n  <grant id="g1" amount="10"/>\n</grants>\n' >"$docs/good.xml"
printf '<grants>\n  <grant id="g2" amount="0"/>\n  <grant id="g3" amount="5000000"/>\n</grants>\n' >"$docs/bad.xml"
printf '<grants>\n  <grant id="g4"\n' >"$docs/broken.xml"

# ------------------------------------------------------------ SVRL
# Every SVRL report orgcheck's own cases produce is valid SVRL.
mkdir -p "$scratch/svrl"
if "$SCH_SUITE" --svrl "$scratch/svrl" tests/schematron/cases >"$scratch/suite.out" 2>&1; then
	bad=""
	n=0
	for f in "$scratch"/svrl/*.xml; do
		n=$((n + 1))
		xmllint --noout --schema schemas/svrl.xsd "$f" 2>"$scratch/xmllint.err" ||
			bad="$bad $(basename "$f")"
	done
	if [ -z "$bad" ] && [ "$n" -gt 30 ]; then
		ok "the SVRL of $n cases is valid against schemas/svrl.xsd"
	else
		not_ok "SVRL not valid:$bad ($n reports)" "$(cat "$scratch/xmllint.err")"
	fi
else
	not_ok "the case driver failed" "$(tail -5 "$scratch/suite.out")"
fi

# ------------------------------------------------------------ exit codes
if run valid 0 schematron "$docs/rules.sch" "$docs/good.xml"; then
	if xmllint --noout --schema schemas/svrl.xsd "$out" 2>/dev/null &&
		[ "$(xmllint --xpath 'count(//*[local-name()="fired-rule"])' "$out")" = 1 ]; then
		ok "a valid document: exit 0, SVRL with one fired rule"
	else
		not_ok "a valid document: bad SVRL" "$(cat "$out")"
	fi
fi
if run invalid 1 schematron "$docs/rules.sch" "$docs/good.xml" "$docs/bad.xml"; then
	n=$(xmllint --xpath 'count(//*[local-name()="failed-assert"] | //*[local-name()="successful-report"])' "$out")
	if [ "$n" = 2 ] && grep -q '1 invalid, 2 failed asserts or successful reports' "$err"; then
		ok "an invalid document: exit 1, two assertions in SVRL, the summary says so"
	else
		not_ok "an invalid document: $n assertions" "$(cat "$err")"
	fi
fi
run fail-on-error 0 schematron --fail-on error --severity warning "$docs/rules.sch" "$docs/good.xml" &&
	ok "--fail-on error: a valid document still exits 0"
if run fail-on-error-bad 1 schematron -f text --fail-on error "$docs/rules.sch" "$docs/bad.xml"; then
	expected="$docs/bad.xml:2:3: error: grant g2 has no positive amount [grant-amount]"
	if grep -qxF "$expected" "$out" && grep -q 'warning: grant g3 is large \[grant-large\]' "$out"; then
		ok "text format: path:line:column, the role's severity, the assertion's id"
	else
		not_ok "text format" "$(cat "$out")"
	fi
fi
run only-warnings 0 schematron -q --fail-on error "$docs/rules.sch" "$docs/good.xml" &&
	[ ! -s "$err" ] && ok "--quiet prints no summary"

# A document that cannot be read: exit 2 naming it, the others are still
# validated and reported.
if run broken-doc 2 schematron -f text "$docs/rules.sch" "$docs/broken.xml" "$docs/bad.xml"; then
	if grep -q "broken.xml:3:1: " "$err" && grep -q 'grant g2' "$out"; then
		ok "an unreadable document: exit 2 naming file and line, the others reported"
	else
		not_ok "an unreadable document" "$(cat "$err" "$out")"
	fi
fi

# Errors in the schema: exit 2 and the schema's file and line.
schema_error() {
	name=$1
	line=$2
	message=$3
	cat >"$docs/$name.sch"
	if run "$name" 2 schematron "$docs/$name.sch" "$docs/good.xml"; then
		expect_err "schema error $name names line $line" "$docs/$name.sch:$line: $message"
		[ -s "$out" ] && not_ok "$name: wrote a report"
	fi
}
schema_error undefined-variable 4 'variable $limit is not defined in "@amount < $limit"' <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:pattern>
    <sch:rule context="nothing">
      <sch:assert
          test="@amount &lt; $limit">x</sch:assert>
    </sch:rule>
  </sch:pattern>
</sch:schema>
EOF
schema_error bad-xpath 3 'invalid XPath expression "grant[": ' <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:pattern>
    <sch:rule context="grant["><sch:assert test="true()"/></sch:rule>
  </sch:pattern>
</sch:schema>
EOF
schema_error unknown-function 4 'unknown function lower-case()' <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:pattern>
    <sch:rule context="grant">
      <sch:report test="lower-case(@id) = 'g1'"/>
    </sch:rule>
  </sch:pattern>
</sch:schema>
EOF
schema_error let-collision 4 'variable $x is already defined in this schema (line 2)' <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:let name="x" value="1"/>
  <sch:pattern><sch:rule context="grant"><sch:assert test="$x"/></sch:rule></sch:pattern>
  <sch:let name="x" value="2"/>
</sch:schema>
EOF
cat >"$docs/loop-b.sch" <<'EOF'
<pattern xmlns="http://purl.oclc.org/dsdl/schematron">
  <include href="include-loop.sch#p"/>
</pattern>
EOF
schema_error include-loop 2 'include loop' <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:pattern id="p"><sch:include href="loop-b.sch"/></sch:pattern>
</sch:schema>
EOF
schema_error query-binding 1 "query binding 'xslt2' is not supported" <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron" queryBinding="xslt2">
  <sch:pattern><sch:rule context="grant"><sch:assert test="true()"/></sch:rule></sch:pattern>
</sch:schema>
EOF
if run unknown-phase 2 schematron --phase nightly "$docs/rules.sch" "$docs/good.xml"; then
	expect_err "an unknown --phase is an error" "no phase 'nightly'"
fi
if run no-documents 2 schematron "$docs/rules.sch"; then
	expect_err "a schema without documents is a usage error" "takes a schema and at least one document"
fi

# ------------------------------------------------------------ formats
for format in xml junit sarif json; do
	run "format-$format" 1 schematron -q -f "$format" --today 2026-11-21 "$docs/rules.sch" "$docs/bad.xml" || continue
	case $format in
	xml) xmllint --noout --schema schemas/results.xsd "$out" 2>"$scratch/v.err" ;;
	junit) xmllint --noout --schema tests/validators/junit-10.xsd "$out" 2>"$scratch/v.err" ;;
	sarif) python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
		"$out" tests/validators/sarif-schema-2.1.0.json 2>"$scratch/v.err" ;;
	json) python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))' \
		"$out" schemas/results.schema.json 2>"$scratch/v.err" ;;
	esac
	if [ $? = 0 ] && grep -q 'grant-amount' "$out"; then
		ok "--format $format is valid and carries the assertion ids"
	else
		not_ok "--format $format" "$(cat "$scratch/v.err")"
	fi
done
if run output-file 1 schematron -q -o "$scratch/report.svrl" "$docs/rules.sch" "$docs/bad.xml"; then
	if [ ! -s "$out" ] && xmllint --noout --schema schemas/svrl.xsd "$scratch/report.svrl" 2>/dev/null &&
		[ -z "$(find "$scratch" -maxdepth 1 -name '*.tmp*')" ]; then
		ok "-o writes the SVRL to the file, nothing else"
	else
		not_ok "-o" "$(ls -la "$scratch")"
	fi
fi

# ------------------------------------------------------------ no network
# document() of a URL and an include of one: nothing is fetched.
if command -v strace >/dev/null 2>&1; then
	cat >"$docs/network.sch" <<'EOF'
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:pattern><sch:rule context="/">
    <sch:assert test="count(document('http://127.0.0.1:9/x.xml')) = 0" id="nothing-fetched"/>
  </sch:rule></sch:pattern>
</sch:schema>
EOF
	# LeakSanitizer cannot run under ptrace; leaks are checked elsewhere.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq -e trace=connect,socket -o "$scratch/strace.log" $ORGCHECK schematron "$docs/network.sch" \
		"$docs/good.xml" >"$scratch/net.out" 2>"$scratch/net.err"
	status=$?
	if [ "$status" = 0 ] && ! grep -q 'AF_INET' "$scratch/strace.log"; then
		ok "document() of a URL reaches no network (strace: no inet socket)"
	else
		not_ok "document() and the network: status $status" "$(cat "$scratch/strace.log" "$scratch/net.err")"
	fi
fi

# ------------------------------------------------------------ the corpus
corpus=$scratch/corpus
mkdir -p "$corpus/records/organizations" "$corpus/records/people" "$corpus/outside"
org() {
	cat >"$corpus/records/organizations/$1.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<organization xmlns="urn:orgcheck:record:1" id="$1">
  <name source="https://example.org/a">$2</name>$3
</organization>
EOF
}
org alpha "Alpha Society" '
  <leaders>
    <leader role="President" source="https://example.org/a"><person-ref ref="ann-lee">Ann Lee</person-ref></leader>
  </leaders>'
org beta "Beta Council" '
  <leaders>
    <leader role="Chair" source="https://example.org/a"><person-ref ref="ann-lee">Ann Lee</person-ref></leader>
  </leaders>'
cat >"$corpus/records/people/ann-lee.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<person xmlns="urn:orgcheck:record:1" id="ann-lee">
  <name source="https://example.org/a">Ann Lee</name>
  <affiliations>
    <affiliation role="President" source="https://example.org/a"><org-ref ref="alpha">Alpha Society</org-ref></affiliation>
  </affiliations>
</person>
EOF
printf '<secret>outside the corpus</secret>\n' >"$corpus/outside/secret.xml"
cat >"$corpus/cross.sch" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<sch:schema xmlns:sch="http://purl.oclc.org/dsdl/schematron">
  <sch:ns prefix="r" uri="urn:orgcheck:record:1"/>
  <sch:ns prefix="oc" uri="urn:orgcheck:xpath:1"/>
  <sch:pattern>
    <sch:rule context="r:leader/r:person-ref">
      <sch:assert id="leader-listed" test="oc:record(@ref)/r:affiliations/r:affiliation/r:org-ref/@ref = ancestor::r:organization/@id"><sch:value-of select="@ref"/> does not list <sch:value-of select="ancestor::r:organization/@id"/></sch:assert>
    </sch:rule>
    <sch:rule context="r:person">
      <sch:report id="reads-outside" role="error" test="count(document('outside/secret.xml')) &gt; 0">read a file outside the corpus</sch:report>
      <sch:report id="reads-record" role="info" test="document('records/organizations/alpha.xml')/r:organization/@id = 'alpha'">read <sch:value-of select="oc:record-path('alpha')"/></sch:report>
    </sch:rule>
  </sch:pattern>
</sch:schema>
EOF
(cd "$corpus" && find . -type f -exec sha256sum {} + | sort) >"$scratch/before"
# run_in DIR NAME STATUS ARGS...: run, from DIR.
run_in() {
	dir=$1
	shift
	here=$(pwd)
	cd "$dir" || return 1
	run "$@"
	status=$?
	cd "$here" || return 1
	return $status
}
if run_in "$corpus" corpus 1 check --today 2026-11-21 --fail-on warning --schematron cross.sch records; then
	if grep -qxF 'records/organizations/beta.xml:5:57: warning: ann-lee does not list beta [leader-listed]' "$out" &&
		grep -qxF 'cross.sch:7: note: related to the finding above [leader-listed]' "$out" &&
		! grep -q 'alpha does not' "$out"; then
		ok "check --schematron: a cross-record assertion through oc:record(), at the context's line"
	else
		not_ok "check --schematron cross-record" "$(cat "$out")"
	fi
	if ! grep -q 'reads-outside' "$out" && grep -q 'info: read records/organizations/alpha.xml \[reads-record\]' "$out"; then
		ok "document() reaches the corpus's records and nothing outside it"
	else
		not_ok "document() in the corpus" "$(cat "$out")"
	fi
fi
# Schematron evaluates the bytes the check read: every record file is
# opened once, also those oc:record() and document() reach.
if command -v strace >/dev/null 2>&1; then
	# shellcheck disable=SC2086
	(cd "$corpus" && ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 strace -f -qq \
		-e trace=open,openat -o "$scratch/open.log" $ORGCHECK check --today 2026-11-21 --fail-on none -q \
		--schematron cross.sch records >/dev/null 2>&1)
	opens=$(for f in organizations/alpha.xml organizations/beta.xml people/ann-lee.xml; do
		grep -c "records/$f\"" "$scratch/open.log"
	done | tr '\n' ' ')
	if [ "$opens" = "1 1 1 " ]; then
		ok "check --schematron opens each record file once (strace)"
	else
		not_ok "record files opened: $opens(alpha beta ann-lee), expected once each" \
			"$(grep 'records/' "$scratch/open.log")"
	fi
fi
(cd "$corpus" && find . -type f -exec sha256sum {} + | sort) >"$scratch/after"
cmp -s "$scratch/before" "$scratch/after" && ok "no file of the corpus changed" ||
	not_ok "files changed" "$(diff "$scratch/before" "$scratch/after")"

# The rules configuration runs a schema too; exceptions may name an
# assertion's id, and one that matches nothing is OC190.
cat >"$corpus/orgcheck-rules.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<rules xmlns="urn:orgcheck:rules:1">
  <schematron href="cross.sch" severity="error"/>
  <exception rule="leader-listed" record="beta">Ann Lee chairs Beta informally.</exception>
  <exception rule="reads-outside" record="alpha">Never needed.</exception>
</rules>
EOF
if run_in "$corpus" config 0 check --today 2026-11-21 -f xml records; then
	n=$(xmllint --xpath 'count(//*[local-name()="finding"][@rule="leader-listed"])' "$out")
	unused=$(xmllint --xpath 'count(//*[local-name()="finding"][@rule="OC190"])' "$out")
	if [ "$n" = 0 ] && [ "$unused" = 1 ] && xmllint --noout --schema schemas/results.xsd "$out" 2>/dev/null; then
		ok "a schematron entry of the configuration runs; exceptions name assertion ids"
	else
		not_ok "configuration entry: $n leader-listed, $unused OC190" "$(cat "$out" | head -30)"
	fi
fi
# Severity from the entry when the role names none: error.
printf '%s\n' '<rules xmlns="urn:orgcheck:rules:1"><schematron href="cross.sch" severity="error"/></rules>' \
	>"$corpus/orgcheck-rules.xml"
if run_in "$corpus" config-severity 1 check --today 2026-11-21 -q records; then
	grep -q 'error: ann-lee does not list beta \[leader-listed\]' "$out" &&
		ok "an assertion without a role takes the entry's severity" ||
		not_ok "entry severity" "$(cat "$out")"
fi
rm -f "$corpus/orgcheck-rules.xml"

# Fingerprints of Schematron findings survive edits that only move lines.
(cd "$corpus" && $ORGCHECK check --today 2026-11-21 -q -f json --fail-on none --schematron cross.sch records) |
	grep -o '"fingerprint": "[0-9a-f]*"' | sort >"$scratch/fp.before"
for f in "$corpus"/records/*/*.xml; do
	sed -i '2s/^/\n\n\n/' "$f"
done
(cd "$corpus" && $ORGCHECK check --today 2026-11-21 -q -f json --fail-on none --schematron cross.sch records) |
	grep -o '"fingerprint": "[0-9a-f]*"' | sort >"$scratch/fp.after"
if [ -s "$scratch/fp.before" ] && cmp -s "$scratch/fp.before" "$scratch/fp.after"; then
	ok "fingerprints of Schematron findings survive line shifts"
else
	not_ok "fingerprints changed" "$(diff "$scratch/fp.before" "$scratch/fp.after")"
fi

echo "schematron cli-tests: $pass passed, $fail failed"
[ "$fail" = 0 ]
