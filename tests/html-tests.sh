#!/bin/sh
# The HTML report (reports/report.xsl through libxslt), checked in headless
# Chromium: the page is one self-contained file; its DOM agrees with the
# results document; every in-page link lands; text from the records is
# shown and never run; --stylesheet replaces the report; a stylesheet can
# neither write files nor read any; a broken one changes nothing; the
# output is byte-stable and matches tests/html/expected-report.html.
#
# Run from the top of the source tree with ORGCHECK set. ORGCHECK may start
# with a wrapper (valgrind ...), so it is used unquoted.
#
# When reports/report.xsl changes on purpose, regenerate the golden with
#   orgcheck render -o tests/html/expected-report.html tests/html/results.xml
# and tests/html/results.xml (when the fixture records change) with
#   orgcheck check --today 2026-11-21 --rules tests/html/rules.xml \
#     --fail-on none --format xml -o tests/html/results.xml tests/html/records
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }
finish() { echo "html-tests: $pass passed, $fail failed"; [ $fail = 0 ]; exit; }

records=tests/html/records
rules=tests/html/rules.xml
today=2026-11-21
title="orgcheck report – $today"

if ! command -v chromium >/dev/null 2>&1; then
	not_ok "chromium is missing: install the chromium package ('make deps' does, as root)"
	finish
fi

# check OUTPUT FORMAT [OPTION...]: the fixture corpus through orgcheck check
check() {
	out=$1
	format=$2
	shift 2
	# shellcheck disable=SC2086
	$ORGCHECK check -q --today $today --rules $rules --fail-on none --format "$format" \
		-o "$out" "$@" $records
}

# browse OUTPUT CHROMIUM-ARGUMENT...: headless Chromium with a fresh profile
browse() {
	out=$1
	shift
	profile=$(mktemp -d "$scratch/profile.XXXXXX")
	timeout 60 chromium --headless --no-sandbox --disable-gpu --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$profile" "$@" >"$out" 2>"$scratch/chromium.log"
	status=$?
	rm -rf "$profile"
	return $status
}

# page_title HTML: the document's title (not the charts' SVG titles)
page_title() {
	sed -n '/<head>/,/<\/head>/s:.*<title>\(.*\)</title>.*:\1:p' "$1"
}

# xpath XML EXPRESSION: a value of a results document (any namespace)
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# self_contained LABEL HTML: nothing outside the page is referenced
self_contained() {
	# Attributes that load or link something, inside tags only (text from
	# the records is escaped, so its "<" never opens a tag).
	external=$(grep -oiE "<[a-z][^<>]*[[:space:]](src|href|srcset|action|poster|data|formaction)=(\"[^\"]*\"|'[^']*'|[^[:space:]>]+)" "$2" |
		grep -oiE "[[:space:]](src|href|srcset|action|poster|data|formaction)=.*" | grep -vE '^[[:space:]]href="#')
	if [ -z "$external" ]; then ok "$1: every link is in the page (href=\"#...\"), nothing is loaded by src"
	else not_ok "$1: the page refers outside itself" "$external"; fi
	if grep -qiE '<link|@import|url\(|<(iframe|object|embed|img|video|audio|source|base)[[:space:]>]' "$2"; then
		not_ok "$1: the page loads a resource" "$(grep -oiE '<link[^>]*>|@import[^;]*|url\([^)]*\)|<(iframe|object|embed|img|video|audio|source|base)[^>]*>' "$2" | head -5)"
	else ok "$1: no <link>, @import, url() or embedded resource"; fi
}

# dom_checks LABEL HTML RESULTS-XML: the page as Chromium builds it agrees
# with the results document
dom_checks() {
	label=$1
	html=$2
	xml=$3
	dom=$scratch/$label.dom.html
	if ! browse "$dom" --dump-dom "file://$html" || ! grep -q '</html>' "$dom"; then
		not_ok "$label: Chromium could not load the report" "$(tail -5 "$scratch/chromium.log")"
		return
	fi
	ok "$label: Chromium loads the report"

	wrong=""
	for pair in "count-files:summary/@files" \
		"count-errors:summary/*[local-name()='findings'][@severity='error']/@count" \
		"count-warnings:summary/*[local-name()='findings'][@severity='warning']/@count" \
		"count-info:summary/*[local-name()='findings'][@severity='info']/@count"; do
		id=${pair%%:*}
		path=${pair#*:}
		want=$(xpath "$xml" "string(/*[local-name()='results']/*[local-name()='${path%%/*}']/${path#*/})")
		got=$(sed -n "s/.*id=\"$id\"[^>]*>\([^<]*\)<.*/\1/p" "$dom")
		[ -n "$want" ] && [ "$want" = "$got" ] || wrong="$wrong $id=$got(want $want)"
	done
	if [ -z "$wrong" ]; then ok "$label: summary counts equal the results document's"
	else not_ok "$label: summary counts differ:$wrong"; fi

	want=$(xpath "$xml" "count(//*[local-name()='findings']/*[local-name()='finding'])")
	got=$(grep -o 'class="finding[ "]' "$dom" | wc -l | tr -d ' ')
	refs=$(grep -o 'class="finding-ref[ "]' "$dom" | wc -l | tr -d ' ')
	if [ "$got" = "$want" ] && [ "$refs" = "$want" ]; then
		ok "$label: $want findings, each once by record (.finding) and once by rule (.finding-ref)"
	else not_ok "$label: $got .finding and $refs .finding-ref elements for $want findings"; fi

	unmarked=$(grep -oE '<[a-z]+ class="finding(-ref)?[ "][^>]*>' "$dom" |
		grep -vE 'data-rule="OC[0-9]{3}"' | head -3)
	unmarked=$unmarked$(grep -oE '<[a-z]+ class="finding(-ref)?[ "][^>]*>' "$dom" |
		grep -vE 'data-severity="(error|warning|info)"' | head -3)
	unmarked=$unmarked$(grep -oE '<[a-z]+ class="finding(-ref)?[ "][^>]*>' "$dom" |
		grep -vE 'data-fingerprint="[0-9a-f]{16}"' | head -3)
	xpath "$xml" "//*[local-name()='finding']/@fingerprint" | grep -oE '[0-9a-f]{16}' | sort >"$scratch/fp.want"
	grep -oE '<[a-z]+ class="finding[ "][^>]*>' "$dom" | grep -oE 'data-fingerprint="[0-9a-f]{16}"' |
		grep -oE '[0-9a-f]{16}' | sort >"$scratch/fp.got"
	if [ -z "$unmarked" ] && cmp -s "$scratch/fp.want" "$scratch/fp.got"; then
		ok "$label: every finding has data-rule, data-severity and its fingerprint"
	else not_ok "$label: findings without their data attributes" "$unmarked"; fi

	missing=""
	for target in $(grep -oE 'href="#[^"]*"' "$dom" | sed 's/^href="#//; s/"$//' | sort -u); do
		grep -qF "id=\"$target\"" "$dom" || missing="$missing #$target"
	done
	duplicates=$(grep -oE '[[:space:]]id="[^"]*"' "$dom" | sort | uniq -d | head -5)
	if [ -z "$missing" ] && [ -z "$duplicates" ]; then ok "$label: every in-page link has its target, ids are unique"
	else not_ok "$label: links without a target:$missing; duplicate ids: $duplicates"; fi

	got=$(page_title "$dom")
	if [ "$got" = "$title" ]; then ok "$label: the title is '$title'"
	else not_ok "$label: the title is '$got', not '$title'"; fi
}

# --- the fixture corpus: errors, warnings and info, with markup in its text
report=$scratch/report.html
if check "$report" html 2>"$scratch/report.err" && [ -s "$report" ] && [ ! -s "$scratch/report.err" ]; then
	ok "check --format html writes the report, silently"
else not_ok "check --format html failed" "$(cat "$scratch/report.err")"; fi
check "$scratch/results.xml" xml 2>/dev/null
severities=$(xpath "$scratch/results.xml" "concat(count(//*[local-name()='finding'][@severity='error']) > 0, count(//*[local-name()='finding'][@severity='warning']) > 0, count(//*[local-name()='finding'][@severity='info']) > 0)")
if [ "$severities" = "truetruetrue" ]; then ok "the fixture has findings of every severity"
else not_ok "the fixture lacks a severity (error, warning, info present: $severities)"; fi
if [ "$(head -c 15 "$report")" = "<!DOCTYPE html>" ] && grep -q '<style>' "$report"; then
	ok "the report is HTML5 with its CSS inline"
else not_ok "the report does not start with <!DOCTYPE html> or lacks <style>" "$(head -3 "$report")"; fi
self_contained fixture "$report"
dom_checks fixture "$report" "$scratch/results.xml"

# --- text from the records is shown as text and never runs
dom=$scratch/fixture.dom.html
missing=""
for text in '&lt;script&gt;document.title=' '&lt;b&gt;bold&lt;/b&gt;' '&amp;amp; Sons' \
	'&lt;script&gt;alert(1)&lt;/script&gt;' '&lt;i&gt;Partners&lt;/i&gt;' '&lt;img src=x onerror='; do
	grep -qF "$text" "$dom" || missing="$missing $text"
done
if [ -z "$missing" ]; then ok "markup quoted from the records appears as escaped text"
else not_ok "escaped text missing from the DOM:$missing"; fi
if grep -qiE '<script|<b>bold|<i>Partners|<img' "$dom"; then
	not_ok "markup from the records became elements" "$(grep -oiE '<script[^>]*>[^<]*|<b>bold|<i>Partners|<img[^>]*>' "$dom" | head -5)"
else ok "no <script>, <img> or other element made from record text"; fi
if grep -q 'pwned' "$dom" && ! grep -q "<title>pwned" "$dom" && [ "$(page_title "$dom")" = "$title" ]; then
	ok "the script text in the records did not run (title unchanged)"
else not_ok "the records' script text ran or is missing"; fi

# --- a screenshot
png=$scratch/report.png
browse "$scratch/screenshot.log" --screenshot="$png" --window-size=1280,2000 "file://$report"
if [ -s "$png" ] && [ "$(od -An -tx1 -N8 "$png" | tr -d ' \n')" = 89504e470d0a1a0a ]; then
	ok "Chromium renders a screenshot (PNG)"
else not_ok "no screenshot" "$(tail -5 "$scratch/chromium.log")"; fi

# --- the bundled corpus, whatever its findings are today
if $ORGCHECK check -q --today $today --fail-on none --format html -o "$scratch/corpus.html" records 2>/dev/null &&
	$ORGCHECK check -q --today $today --fail-on none --format xml -o "$scratch/corpus.xml" records 2>/dev/null; then
	self_contained corpus "$scratch/corpus.html"
	dom_checks corpus "$scratch/corpus.html" "$scratch/corpus.xml"
else not_ok "check --format html of records/ failed"; fi

# --- no findings at all
clean=$scratch/clean.html
if $ORGCHECK check -q --today $today --rules rules/default.xml --format html -o "$clean" \
	"$records/organizations/beta.xml" 2>/dev/null &&
	grep -q 'No findings\.' "$clean" && grep -q 'id="count-errors">0<' "$clean" &&
	! grep -q 'class="finding[ "]' "$clean"; then
	ok "a corpus without findings says so plainly"
else not_ok "the report of a clean record does not say 'No findings.'"; fi

# --- byte stability, render = check, and the golden
check "$scratch/again.html" html 2>/dev/null
if cmp -s "$report" "$scratch/again.html"; then ok "two renders of the fixture are byte-identical"
else not_ok "two renders differ" "$(diff "$report" "$scratch/again.html" | head -10)"; fi
if $ORGCHECK render -o "$scratch/rendered.html" "$scratch/results.xml" 2>"$scratch/render.err" &&
	cmp -s "$report" "$scratch/rendered.html"; then
	ok "render of the saved results equals check --format html"
else not_ok "render of the saved results differs from check --format html" \
	"$(cat "$scratch/render.err"; diff "$report" "$scratch/rendered.html" | head -10)"; fi
if $ORGCHECK render -o "$scratch/golden.html" tests/html/results.xml 2>"$scratch/golden.err" &&
	cmp -s tests/html/expected-report.html "$scratch/golden.html"; then
	ok "render of tests/html/results.xml equals tests/html/expected-report.html byte for byte"
else not_ok "the report differs from tests/html/expected-report.html (regenerate it only if the stylesheet changed on purpose)" \
	"$(cat "$scratch/golden.err"; diff tests/html/expected-report.html "$scratch/golden.html" | head -16)"; fi

# --- --stylesheet: a curator's own report replaces the bundled one
custom=$scratch/custom.html
count=$(xpath "$scratch/results.xml" "count(//*[local-name()='finding'])")
if check "$custom" html --stylesheet tests/html/custom.xsl 2>/dev/null &&
	grep -q "id=\"custom-count\">$count findings<" "$custom" && ! grep -q 'id="count-files"' "$custom"; then
	ok "--stylesheet tests/html/custom.xsl is used instead of the bundled stylesheet"
else not_ok "--stylesheet was not used" "$(head -12 "$custom" 2>/dev/null)"; fi

# only_orgcheck_lines FILE: every line is orgcheck's own (libxml2 and
# libxslt never print), and there is exactly one
only_orgcheck_lines() {
	[ "$(wc -l <"$1" | tr -d ' ')" = 1 ] && ! grep -qv '^orgcheck: ' "$1"
}

# --- a stylesheet can write no file and create no directory
evil=$scratch/evil
mkdir "$evil"
cp tests/html/evil-write.xsl tests/html/evil-read.xsl tests/html/secret.xml "$evil/"
before=$(find "$evil" . -name 'evil-*' -newer tests/html/evil-write.xsl -print 2>/dev/null | sort)
check "$scratch/evil-write.html" html --stylesheet "$evil/evil-write.xsl" 2>"$scratch/evil-write.err"
status=$?
written=$(find "$evil" . -name 'evil-*' -newer tests/html/evil-write.xsl -print 2>/dev/null | sort)
if [ $status = 2 ] && [ ! -e "$scratch/evil-write.html" ] && [ "$written" = "$before" ] &&
	grep -q "evil-write.xsl" "$scratch/evil-write.err" && only_orgcheck_lines "$scratch/evil-write.err"; then
	ok "xsl:document, exsl:document and saxon:output are refused: exit 2, no file, no directory"
else not_ok "a stylesheet wrote (exit $status; new: $written)" "$(cat "$scratch/evil-write.err")"; fi

# --- a stylesheet can read no other file and nothing from the network
check "$scratch/evil-read.html" html --stylesheet "$evil/evil-read.xsl" 2>"$scratch/evil-read.err"
status=$?
if [ $status = 2 ] && [ ! -e "$scratch/evil-read.html" ] &&
	! grep -qE 'root:|orgcheck-secret-5f2c9e' "$scratch/evil-read.err" &&
	grep -q "evil-read.xsl" "$scratch/evil-read.err" && only_orgcheck_lines "$scratch/evil-read.err"; then
	ok "document() of /etc/passwd, a local XML file or a URL is refused: exit 2, nothing leaks"
else not_ok "a stylesheet read a file (exit $status)" "$(cat "$scratch/evil-read.err" "$scratch/evil-read.html" 2>/dev/null)"; fi

# --- a broken stylesheet: exit 2, named with its line, the old report kept
previous=$scratch/previous.html
cp "$report" "$previous"
sum=$(cksum <"$previous")
check "$previous" html --stylesheet tests/html/broken.xsl 2>"$scratch/broken.err"
status=$?
leftovers=$(find "$scratch" -maxdepth 1 -name '.previous.html.*')
if [ $status = 2 ] && grep -q "tests/html/broken.xsl': not well-formed XML: line 6" "$scratch/broken.err" &&
	only_orgcheck_lines "$scratch/broken.err" && [ "$(cksum <"$previous")" = "$sum" ] && [ -z "$leftovers" ]; then
	ok "a stylesheet that is not well-formed: exit 2, its name and line, the existing report untouched"
else not_ok "broken stylesheet: exit $status" "$(cat "$scratch/broken.err"; echo "$leftovers")"; fi

# --- a stylesheet that is missing, or XML that is not XSLT
check "$scratch/missing.html" html --stylesheet tests/html/no-such.xsl 2>"$scratch/missing.err"
status=$?
if [ $status = 2 ] && grep -q "cannot read stylesheet 'tests/html/no-such.xsl'" "$scratch/missing.err" &&
	[ ! -e "$scratch/missing.html" ]; then ok "a missing stylesheet: exit 2, named"
else not_ok "missing stylesheet: exit $status" "$(cat "$scratch/missing.err")"; fi
check "$scratch/not-xslt.html" html --stylesheet "$records/organizations/beta.xml" 2>"$scratch/not-xslt.err"
status=$?
if [ $status = 2 ] && grep -q "beta.xml': line 2 (organization): document is not a stylesheet" "$scratch/not-xslt.err" &&
	only_orgcheck_lines "$scratch/not-xslt.err"; then ok "XML that is not XSLT: exit 2, named with its line"
else not_ok "not-XSLT stylesheet: exit $status" "$(cat "$scratch/not-xslt.err")"; fi

# --- the fixture is left as it was
if [ -z "$(find tests/html reports -newer "$scratch/results.xml" -type f -print 2>/dev/null | grep -v '^reports/out/')" ]; then
	ok "nothing under tests/html or reports/ was written"
else not_ok "files changed under tests/html or reports/"; fi

finish
