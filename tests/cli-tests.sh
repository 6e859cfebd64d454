#!/bin/sh
# Command-line properties that golden cases cannot show: the man page
# covers --help, the schemas are documented, colour follows the terminal,
# the bundled corpus is valid (and xmllint agrees), records are never
# modified. Run from the top of the source tree with ORGCHECK set.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# --- every option in --help is documented in the man page
man_text=$(sed 's/\\-/-/g' doc/orgcheck.1)
missing=""
for help in "" "check" "fix" "rules" "render" "diff" "baseline" "import"; do
	# shellcheck disable=SC2086
	$ORGCHECK $help --help >"$scratch/help" 2>&1
	for opt in $(grep -oE '(^|[ ,])--?[a-zA-Z][a-z-]*' "$scratch/help" | sed 's/^[ ,]*//' | sort -u); do
		printf '%s\n' "$man_text" | grep -qe "$opt" || missing="$missing $opt"
	done
done
if [ -z "$missing" ]; then ok "every option in --help appears in doc/orgcheck.1"
else not_ok "options missing from doc/orgcheck.1:$missing"; fi

# --- every rule of the catalogue is documented in the man page and the README
missing=""
for id in $($ORGCHECK rules --format xml | grep -o 'id="OC[0-9]*"' | sed 's/id="//; s/"//'); do
	grep -q "$id" doc/orgcheck.1 || missing="$missing $id(man)"
	grep -q "$id" README.md || missing="$missing $id(README)"
done
if [ -z "$missing" ]; then ok "every rule id appears in doc/orgcheck.1 and README.md"
else not_ok "rules not documented:$missing"; fi

# --- the shipped rules/default.xml lists every rule at its default severity
if $ORGCHECK rules --format xml --rules rules/default.xml >"$scratch/default.xml" 2>&1 &&
	[ "$(grep -c '<rule ' "$scratch/default.xml")" = "$(grep -c '<rule ' rules/default.xml)" ] &&
	! grep '<rule ' "$scratch/default.xml" | grep -v 'enabled="true"' | grep -q . &&
	! grep -E 'severity="([a-z]*)" default-severity="([a-z]*)"' "$scratch/default.xml" |
		sed -E 's/.*severity="([a-z]*)" default-severity="([a-z]*)".*/\1 \2/' | awk '$1 != $2' | grep -q .
then ok "rules/default.xml lists every rule, enabled, at its default severity"
else not_ok "rules/default.xml disagrees with the catalogue" "$(head -5 "$scratch/default.xml")"; fi

# --- every exit code of --help is in the man page's EXIT STATUS
exit_section=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' doc/orgcheck.1)
if printf '%s\n' "$exit_section" | grep -q '^\.B 0' && printf '%s\n' "$exit_section" | grep -q '^\.B 1' &&
	printf '%s\n' "$exit_section" | grep -q '^\.B 2'; then ok "the man page documents exit codes 0, 1 and 2"
else not_ok "the man page lacks an exit code"; fi

# --- every element, attribute, type and group in the schemas is documented
for xsd in schemas/*.xsd; do
	undocumented=$(xmllint --xpath "count(//*[(local-name()='element' or local-name()='attribute' or local-name()='complexType' or local-name()='simpleType' or local-name()='attributeGroup') and @name and not(*[local-name()='annotation']/*[local-name()='documentation'][normalize-space()])])" "$xsd")
	if [ "$undocumented" = 0 ]; then ok "$xsd: every named declaration has xs:annotation/xs:documentation"
	else not_ok "$xsd: $undocumented named declarations without documentation"; fi
done

# --- colour: on a terminal by default, never with NO_COLOR or TERM=dumb, never on a pipe
mkdir -p "$scratch/colour"
cp tests/cases/color-always/records/a.xml "$scratch/colour/"
esc=$(printf '\033')
if command -v script >/dev/null 2>&1; then
	TERM=xterm NO_COLOR= script -qec "$ORGCHECK check -q $scratch/colour" /dev/null >"$scratch/tty" 2>&1
	if grep -q "$esc" "$scratch/tty"; then ok "colour on a terminal"; else not_ok "no colour on a terminal" "$(cat "$scratch/tty")"; fi
	TERM=xterm NO_COLOR=1 script -qec "$ORGCHECK check -q $scratch/colour" /dev/null >"$scratch/tty" 2>&1
	if grep -q "$esc" "$scratch/tty"; then not_ok "colour on a terminal despite NO_COLOR"; else ok "NO_COLOR turns colour off on a terminal"; fi
	TERM=dumb NO_COLOR= script -qec "$ORGCHECK check -q $scratch/colour" /dev/null >"$scratch/tty" 2>&1
	if grep -q "$esc" "$scratch/tty"; then not_ok "colour on a terminal with TERM=dumb"; else ok "TERM=dumb turns colour off on a terminal"; fi
	TERM=xterm NO_COLOR= script -qec "$ORGCHECK check -q --color=never $scratch/colour" /dev/null >"$scratch/tty" 2>&1
	if grep -q "$esc" "$scratch/tty"; then not_ok "--color=never coloured a terminal"; else ok "--color=never beats a terminal"; fi
else
	not_ok "script(1) is missing: install bsdutils"
fi
TERM=xterm NO_COLOR= $ORGCHECK check -q "$scratch/colour" >"$scratch/pipe" 2>&1
if grep -q "$esc" "$scratch/pipe"; then not_ok "colour on a pipe"; else ok "no colour on a pipe"; fi

# --- the bundled corpus is schema-valid, and xmllint agrees file by file
# (cross-record findings are real discrepancies of the sources; file-level
# findings OC001-OC006 would mean a record is unreadable or schema-invalid)
$ORGCHECK check -q --fail-on none records >"$scratch/corpus" 2>&1
if [ $? = 0 ] && ! grep -q '\[OC00[0-9]\]' "$scratch/corpus"; then ok "orgcheck check records: every record readable and schema-valid"
else not_ok "orgcheck check records reports file-level findings" "$(cat "$scratch/corpus")"; fi
disagree=""
count=0
for f in $(find records -name '*.xml' | sort); do
	count=$((count + 1))
	xmllint --noout --nonet --schema schemas/record.xsd "$f" >/dev/null 2>&1 || disagree="$disagree $f"
done
if [ -z "$disagree" ] && [ $count -gt 0 ]; then ok "xmllint --schema validates all $count bundled records"
else not_ok "xmllint rejects:$disagree (records: $count)"; fi

# --- xmllint and orgcheck agree on every fixture's validity
disagree=""
for f in $(find tests/cases -path '*/records/*' -name '*.xml' -type f | sort); do
	if xmllint --noout --nonet --schema schemas/record.xsd "$f" >/dev/null 2>&1; then x=valid; else x=invalid; fi
	# orgcheck's schema verdict: no file-level finding (cross-record rules
	# see a single file out of its corpus, so their findings do not count)
	if $ORGCHECK check -q --fail-on none "$f" 2>&1 | grep -q '\[OC00[0-9]\]'; then o=invalid; else o=valid; fi
	[ "$x" = "$o" ] || disagree="$disagree $f(xmllint:$x,orgcheck:$o)"
done
if [ -z "$disagree" ]; then ok "orgcheck and xmllint agree on every fixture record"
else not_ok "orgcheck and xmllint disagree:$disagree"; fi

# --- every record's id is its file name, under the folder of its kind
misplaced=""
for f in $(find records -name '*.xml' | sort); do
	id=$(xmllint --xpath 'string(/*/@id)' "$f")
	kind=$(xmllint --xpath 'local-name(/*)' "$f")
	case "$kind" in
	organization) dir=records/organizations ;;
	person) dir=records/people ;;
	*) dir=unknown ;;
	esac
	[ "$f" = "$dir/$id.xml" ] || misplaced="$misplaced $f"
done
if [ -z "$misplaced" ]; then ok "every bundled record is named after its id, in the folder of its kind"
else not_ok "misnamed records:$misplaced"; fi

# --- fingerprints do not depend on line numbers: shifting every record down
# by three lines moves every finding but keeps every fingerprint
mkdir -p "$scratch/shift"
cp -r tests/cases/bundled-corpus/records/. "$scratch/shift/records"
cp orgcheck-rules.xml "$scratch/shift/"
mkdir -p "$scratch/shift/schemas" && cp -r schemas/rules "$scratch/shift/schemas/"
for f in $(find "$scratch/shift/records" -name '*.xml'); do
	sed -i '1a<!-- a comment -->\n<!-- that shifts -->\n<!-- every line -->' "$f"
done
$ORGCHECK check -q --today 2026-11-21 --fail-on none --format xml records >"$scratch/before.xml" 2>/dev/null
(cd "$scratch/shift" && $ORGCHECK check -q --today 2026-11-21 --fail-on none --format xml records) >"$scratch/after.xml" 2>/dev/null
fp_before=$(grep -o 'fingerprint="[0-9a-f]*"' "$scratch/before.xml" | sort)
fp_after=$(grep -o 'fingerprint="[0-9a-f]*"' "$scratch/after.xml" | sort)
lines_before=$(grep -o ' line="[0-9]*"' "$scratch/before.xml" | sort | head -3)
lines_after=$(grep -o ' line="[0-9]*"' "$scratch/after.xml" | sort | head -3)
if [ -n "$fp_before" ] && [ "$fp_before" = "$fp_after" ] && [ "$lines_before" != "$lines_after" ]; then
	ok "fingerprints survive an edit that shifts every line ($(printf '%s\n' "$fp_before" | wc -l) findings)"
else not_ok "fingerprints changed when lines shifted"; fi

# --- --timings names every stage on standard error and changes no report
$ORGCHECK check -q --today 2026-11-21 --fail-on none records >"$scratch/plain.out" 2>"$scratch/plain.err"
$ORGCHECK check -q --timings --today 2026-11-21 --fail-on none records >"$scratch/timed.out" 2>"$scratch/timed.err"
files=$(find records -name '*.xml' | wc -l)
if cmp -s "$scratch/plain.out" "$scratch/timed.out" && [ ! -s "$scratch/plain.err" ] &&
	[ "$(wc -l <"$scratch/timed.err")" = 3 ] &&
	grep -Eq "^orgcheck: timings: $files files in [0-9]+\.[0-9]{3} s: discover [0-9.]+, read [0-9.]+, index [0-9.]+, rules [0-9.]+, schematron [0-9.]+, finish [0-9.]+\$" "$scratch/timed.err" &&
	grep -Eq "^orgcheck: cache: [0-9]+ of $files files from the cache, [0-9]+ of them not read\$" "$scratch/timed.err" &&
	grep -Eq "^orgcheck: rules: [0-9]+ of [0-9]+ records visited(, the others' findings kept from the last check)?\$" "$scratch/timed.err"
then ok "--timings prints one line with every stage, one with the cache, one with the records the rules visited, and leaves the report alone"
else not_ok "--timings output is wrong" "$(cat "$scratch/timed.err")"; fi

# --- a directory inside the corpus is checked in the context of the whole
# corpus (its references to people resolve), and its findings are shown
people=$(find records/people -name '*.xml' | wc -l)
$ORGCHECK check --today 2026-11-21 --fail-on none records/organizations >"$scratch/dir.out" 2>"$scratch/dir.err"
$ORGCHECK check --today 2026-11-21 --fail-on none --only records/organizations >"$scratch/only.out" 2>/dev/null
(cd records/organizations && $ORGCHECK check --today 2026-11-21 --fail-on none .) >"$scratch/here.out" 2>"$scratch/here.err"
if [ -s "$scratch/dir.out" ] && ! grep -q 'matches no record' "$scratch/dir.out" &&
	grep -q "^orgcheck: $files files checked ([0-9]* organizations, $people people): .*; corpus \., " "$scratch/dir.err" &&
	cmp -s "$scratch/dir.out" "$scratch/only.out"; then
	ok "check records/organizations: checked with the whole corpus ($files files), the same findings as --only"
else not_ok "check records/organizations" "$(head -5 "$scratch/dir.out"; cat "$scratch/dir.err")"; fi
if sed 's#^\.\./\.\./##' "$scratch/here.out" | cmp -s - "$scratch/dir.out" &&
	grep -q "^orgcheck: $files files checked ([0-9]* organizations, $people people): .*; corpus \.\./\.\., " "$scratch/here.err"; then
	ok "check . in records/organizations: the same, paths relative to there"
else not_ok "check . in records/organizations" "$(head -5 "$scratch/here.out"; cat "$scratch/here.err")"; fi
if (cd records && $ORGCHECK check --today 2026-11-21 --fail-on none .) 2>&1 >/dev/null | grep -q "^orgcheck: $files files checked .*; corpus \.\., "; then
	ok "check . in records/: the corpus itself"
else not_ok "check . in records/"; fi

# --- orgcheck never modifies what it checks
before=$(find records tests/cases -type f -exec sha256sum {} + | sort)
$ORGCHECK check -q records >/dev/null 2>&1
$ORGCHECK check -q tests/cases >/dev/null 2>&1
after=$(find records tests/cases -type f -exec sha256sum {} + | sort)
if [ "$before" = "$after" ]; then ok "records are byte-identical after checking"
else not_ok "checking changed files"; fi

echo "cli-tests: $pass passed, $fail failed"
[ $fail = 0 ]
