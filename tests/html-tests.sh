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

# page_title HTML: the document's title (the first; SVG titles follow)
page_title() {
	grep -o '<title>[^<]*</title>' "$1" | head -1 | sed 's:<title>\(.*\)</title>:\1:'
}

# xpath XML EXPRESSION: a value of a results document (any namespace)
xpath() {
	xmllint --xpath "$2" "$1" 2>/dev/null
}

# self_contained LABEL HTML: nothing outside the page is loaded, and it
# links outside only where it should: a location to its file (class loc,
# through the link template), a source that is a URL (class src)
self_contained() {
	# Attributes that load or link something, inside tags only (text from
	# the records is escaped, so its "<" never opens a tag).
	external=$(grep -oiE "<[a-z][^<>]*[[:space:]](src|href|srcset|action|poster|data|formaction)=(\"[^\"]*\"|'[^']*'|[^[:space:]>]+)" "$2" |
		grep -vE '^<a class="(loc|src)" href=' |
		grep -oiE "[[:space:]](src|href|srcset|action|poster|data|formaction)=.*" | grep -vE '^[[:space:]]href="#')
	if [ -z "$external" ]; then ok "$1: every link is in the page (href=\"#...\"), nothing is loaded by src"
	else not_ok "$1: the page refers outside itself" "$external"; fi
	if grep -v 'url(#' "$2" | grep -qiE '<link|@import|url\(|<(iframe|object|embed|img|video|audio|source|base)[[:space:]>]' ||
		grep -oE 'url\([^)]*\)' "$2" | grep -qv '^url(#'; then
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
	if [ "$got" = "$want" ]; then
		ok "$label: $want findings, each listed once (.finding)"
	else not_ok "$label: $got .finding elements for $want findings"; fi

	unmarked=$(grep -oE '<[a-z]+ class="finding[ "][^>]*>' "$dom" |
		grep -vE 'data-rule="OC[0-9]{3}"' | head -3)
	unmarked=$unmarked$(grep -oE '<[a-z]+ class="finding[ "][^>]*>' "$dom" |
		grep -vE 'data-severity="(error|warning|info)"' | head -3)
	unmarked=$unmarked$(grep -oE '<[a-z]+ class="finding[ "][^>]*>' "$dom" |
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
# The page's own script is the one <script>, and it is the report's.
if grep -qiE '<b>bold|<i>Partners|<img' "$dom" || [ "$(grep -oi '<script' "$dom" | wc -l)" != 1 ] ||
	! grep -q 'var f = document.getElementById("filter");' "$dom"; then
	not_ok "markup from the records became elements" "$(grep -oiE '<script[^>]*>[^<]{0,20}|<b>bold|<i>Partners|<img[^>]*>' "$dom" | head -5)"
else ok "no <script>, <img> or other element made from record text (the one script is the report's)"; fi
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
	"$(cat "$scratch/golden.err"; tr '>' '\n' <tests/html/expected-report.html >"$scratch/golden.want"
	   tr '>' '\n' <"$scratch/golden.html" >"$scratch/golden.got"; diff "$scratch/golden.want" "$scratch/golden.got" | head -16)"; fi

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

# --- what to fix first: the groups in the order of an independent sort
# (severity; OC0xx before the rules across records; fewer findings; id),
# each group's findings are those of its rule and severity, none twice
python3 - "$scratch/results.xml" >"$scratch/order.want" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"o": "urn:orgcheck:results:1"}
rank = {"error": 0, "warning": 1, "info": 2}
rows = [(rank[r.get("severity")], 0 if r.get("rule").startswith("OC0") else 1, int(r.get("count")), r.get("rule"), r.get("severity"))
        for r in ET.parse(sys.argv[1]).getroot().find("o:summary", ns).findall("o:rule", ns)]
for row in sorted(rows):
    print("%s %s %d" % (row[3], row[4], row[2]))
PY
tests/html/probe.sh "$report" 1280 '[].map.call(d.querySelectorAll("section.group"), function (g) {
	var rows = g.querySelectorAll("tr.finding"), bad = [].filter.call(rows, function (r) {
		return r.getAttribute("data-severity") !== g.getAttribute("data-severity") || r.getAttribute("data-rule") !== g.getAttribute("data-rule"); });
	return g.getAttribute("data-rule") + " " + g.getAttribute("data-severity") + " " + (bad.length ? "MIXED" : rows.length); }).join("\n")' |
	sed 1d >"$scratch/order.got"
if [ -s "$scratch/order.want" ] && cmp -s "$scratch/order.want" "$scratch/order.got" && grep -q '^OC002 error' "$scratch/order.got" &&
	[ "$(head -1 "$scratch/order.got" | cut -d' ' -f1)" = OC002 ]; then
	ok "fix first: errors, then causes (OC002 first), then fewer findings; each group holds only its rule and severity"
else not_ok "fix first: the groups are not in fix-first order" "$(diff "$scratch/order.want" "$scratch/order.got")"; fi
first=$(grep -o '<section class="group[^>]*>' "$report" | head -1)
collapsed=$(grep -o '<details class="more"' "$scratch/corpus.html" | wc -l | tr -d ' ')
if printf '%s' "$first" | grep -q 'data-rule="OC002"' && [ "$collapsed" -ge 1 ] &&
	[ "$(grep -o '<ol class="plan">.*</ol>' "$report" | grep -o '<li ' | wc -l)" = "$(wc -l <"$scratch/order.want")" ]; then
	ok "fix first: the plan lists every group, the first is OC002, the rest of a long group is in <details>"
else not_ok "fix first: plan or collapsing wrong" "$first / $collapsed details"; fi

# --- search and filters, with the script; readable without it
filter_probe() {
	# filter_probe FIELD VALUE: visible findings after setting FIELD, as "rule severity record|..."
	tests/html/probe.sh "$report" 1280 "(function () { var f = d.getElementById('filter'), x = f.elements['$1'];
		if (x.length && x[0].type === 'checkbox') { [].forEach.call(x, function (c) { if (c.value === '$2') c.checked = false; }); }
		else x.value = '$2';
		f.dispatchEvent(new Event('input'));
		return [].filter.call(d.querySelectorAll('tr.finding'), function (r) { return r.offsetParent !== null; })
			.map(function (r) { return r.getAttribute('data-rule') + ' ' + r.getAttribute('data-severity') + ' ' +
				(r.getAttribute('data-record') || '-') + ' ' + (r.textContent.toLowerCase().indexOf('pwned') >= 0); }).join('|'); })()" | sed 1d
}
want_rule=$(xpath "$scratch/results.xml" "count(//*[local-name()='finding'][@rule='OC112'])")
got=$(filter_probe rule OC112)
n=$(printf '%s' "$got" | tr '|' '\n' | grep -c .)
if [ "$want_rule" -gt 0 ] && [ "$n" = "$want_rule" ] && ! printf '%s' "$got" | tr '|' '\n' | grep -qv '^OC112 '; then
	ok "filter by rule: OC112 shows its $n findings and nothing else"
else not_ok "filter by rule OC112: $n shown, want $want_rule" "$got"; fi
got=$(filter_probe sev error)
if [ -n "$got" ] && ! printf '%s' "$got" | tr '|' '\n' | grep -q ' error '; then
	ok "filter by severity: without errors no error is shown, the others are"
else not_ok "filter by severity: errors still shown" "$got"; fi
got=$(filter_probe record gamma)
want=$(xpath "$scratch/results.xml" "count(//*[local-name()='finding'][*[local-name()='location']/@record='gamma'])")
n=$(printf '%s' "$got" | tr '|' '\n' | grep -c ' gamma ')
if [ "$want" -gt 0 ] && [ "$n" = "$want" ] && [ "$(printf '%s' "$got" | tr '|' '\n' | grep -c .)" = "$want" ]; then
	ok "filter by record: gamma shows its $n findings"
else not_ok "filter by record gamma: want $want" "$got"; fi
got=$(filter_probe q pwned)
if [ -n "$got" ] && ! printf '%s' "$got" | tr '|' '\n' | grep -q ' false$'; then
	ok "search by text: every finding shown contains 'pwned' ($(printf '%s' "$got" | tr '|' '\n' | wc -l | tr -d ' '))"
else not_ok "search by text 'pwned' shows other findings" "$got"; fi
# Without scripts the page is the HTML as written (headless Chromium
# dumps no DOM with scripts off): the filters, which need the script, are
# hidden; every finding is there and none is hidden.
if grep -q '<form id="filter"[^>]*hidden' "$report" &&
	[ "$(grep -o 'class="finding[ "]' "$report" | wc -l | tr -d ' ')" = "$(xpath "$scratch/results.xml" "count(//*[local-name()='finding'])")" ] &&
	! grep -q '<tr class="finding"[^>]*hidden' "$report"; then
	ok "without scripts: the filters stay hidden and every finding is in the page, none hidden"
else not_ok "without scripts the page hides findings or shows dead filters"; fi

# --- link templates: locations link to their file and line; URL sources are links
graph_html=$scratch/graph.html
$ORGCHECK check -q --today $today --rules rules/default.xml --fail-on none --format html \
	--link-template 'https://example.org/repo/blob/main/{path}#L{line}' -o "$graph_html" tests/html/graph 2>/dev/null
if grep -q '<a class="loc" href="https://example.org/repo/blob/main/tests/html/graph/organizations/hub.xml#L10">tests/html/graph/organizations/hub.xml:10</a>' "$graph_html" &&
	grep -q '<a class="src" href="https://example.org/hub/history"' "$graph_html" &&
	! grep -q '<a class="loc" href="tests/' "$graph_html"; then
	ok "--link-template: each location links to https://example.org/repo/blob/main/PATH#LLINE; a URL source is a link"
else not_ok "--link-template not applied" "$(grep -o '<a class="loc"[^>]*>' "$graph_html" | head -3)"; fi
$ORGCHECK render --link-template 'x/{path}?l={line}' -o "$scratch/render-template.html" "$scratch/results.xml" 2>/dev/null
if grep -q '<a class="loc" href="tests/html/records/' "$report" &&
	grep -q '<a class="loc" href="x/tests/html/records/organizations/alpha.xml?l=' "$scratch/render-template.html"; then
	ok "default link is the relative path; render --link-template applies too"
else not_ok "default or render link template wrong"; fi

# --- the neighbourhood graph and the timeline of the case corpus
# (tests/html/graph: hub <-> left partnership, right -> hub collaboration
# that hub does not state, hub founded 1990 and 1992)
svg_of() { # svg_of CLASS RECORD: the svg element of that record, one line
	tr -d '\n' <"$graph_html" | grep -o "<svg[^>]*class=\"$1\"[^>]*data-record=\"$2\".*" | sed 's:</svg>.*::'
}
hub=$(svg_of graph hub)
nodes=$(printf '%s' "$hub" | grep -o '<g[^>]*data-id="[^"]*"' | grep -o 'data-id="[^"]*"' | sort | tr '\n' ' ')
edges=$(printf '%s' "$hub" | grep -o '<g class="edge[^"]*" data-from="[^"]*" data-to="[^"]*"' |
	sed 's/<g class="\([^"]*\)" data-from="\([^"]*\)" data-to="\([^"]*\)"/\2>\3:\1/' | sort | tr '\n' ' ')
if [ "$nodes" = 'data-id="hub" data-id="left" data-id="right" ' ] &&
	[ "$edges" = 'hub>left:edge right>hub:edge one-sided ' ]; then
	ok "graph of hub: nodes hub, left, right; edges hub>left and right>hub, the one-sided one marked"
else not_ok "graph of hub: nodes '$nodes' edges '$edges'"; fi
if printf '%s' "$hub" | grep -q '<title id="gt-[^"]*">Links of hub' && printf '%s' "$hub" | grep -q 'one side'; then
	ok "graph of hub: a title says what it shows; the one-sided link says so in words"
else not_ok "graph of hub lacks its title or the 'one side' words"; fi
conflicts=$(svg_of timeline hub | grep -o '<g class="tl-item conflict"' | wc -l | tr -d ' ')
marks=$(svg_of timeline hub | grep -o 'conflict · ' | wc -l | tr -d ' ')
others=$(svg_of timeline right | grep -o 'class="tl-item[^"]*"' | tr '\n' ' ')
if [ "$conflicts" = 2 ] && [ "$marks" = 2 ] && [ "$others" = 'class="tl-item" class="tl-item" ' ] &&
	svg_of timeline hub | grep -q 'Source: https://example.org/hub/history, line 10'; then
	ok "timeline of hub: both founding claims marked conflict (shape and word), sources on hover; right's 1999 and 1999-06 agree, unmarked"
else not_ok "timeline conflicts: $conflicts marked, $marks words, right: $others"; fi
if self_contained graph "$graph_html" >/dev/null; then :; fi

# --- the overview of the bundled corpus's hubs
if tr -d '\n' <"$scratch/corpus.html" | grep -o '<svg[^>]*class="overview".*' | sed 's:</svg>.*::' |
	grep -o 'data-id="[^"]*"' | grep -qx 'data-id="isct"' &&
	tr -d '\n' <"$scratch/corpus.html" | grep -q '<line[^>]*data-to="jacie"[^>]*class="ov-edge' &&
	tr -d '\n' <"$scratch/corpus.html" | grep -q '<path[^>]*data-from="isct" data-to="jacie" class="ov-edge hub-link'; then
	ok "bundled corpus: an overview of how ISCT, ISSCR, FACT, JACIE and partners are linked"
else not_ok "bundled corpus: no overview picture"; fi

# --- phones: no horizontal overflow at 400 px
for page in "$report" "$scratch/corpus.html" "$graph_html"; do
	got=$(tests/html/probe.sh "$page" 400 | head -1)
	sw=$(printf '%s' "$got" | sed -n 's/.*scrollWidth=\([0-9]*\).*/\1/p')
	cw=$(printf '%s' "$got" | sed -n 's/.*clientWidth=\([0-9]*\).*/\1/p')
	if [ -n "$sw" ] && [ "$sw" -le "$cw" ]; then ok "400 px: $(basename "$page") does not overflow ($got)"
	else not_ok "400 px: $(basename "$page") overflows horizontally ($got)"; fi
done

# --- accessibility: landmarks, headings in order, pictures with a text equivalent
heads=$(tr -d '\n' <"$scratch/corpus.html" | grep -o '<h[1-6]' | tr -d '<h' | tr '\n' ' ')
skip=$(printf '%s' "$heads" | awk '{ p = 0; for (i = 1; i <= NF; i++) { if ($i > p + 1) { print "h" p " to h" $i; exit } p = $i } }')
untitled=$(tr -d '\n' <"$scratch/corpus.html" | grep -o '<svg[^>]*>' | grep -v 'role="img" aria-labelledby=' | head -2)
if grep -q '<header' "$scratch/corpus.html" && grep -q '<main' "$scratch/corpus.html" && grep -q '<nav' "$scratch/corpus.html" &&
	grep -q '<footer' "$scratch/corpus.html" && [ -z "$skip" ] && [ -z "$untitled" ] &&
	[ "$(printf '%s' "$heads" | cut -d' ' -f1)" = 1 ]; then
	ok "landmarks header, nav, main, footer; headings start at h1 and skip no level; every picture has a title"
else not_ok "accessibility: skipped heading $skip; untitled svg: $untitled"; fi

# --- as pages: -o DIR/ writes an index, a page per group and per record, in DIR only
pages=$scratch/pages
if $ORGCHECK render -o "$pages/" "$scratch/corpus.xml" 2>"$scratch/pages.err" && [ -s "$pages/index.html" ] &&
	[ -s "$pages/report.css" ] && [ -s "$pages/records.html" ] && ls "$pages"/rule-OC120-warning.html >/dev/null 2>&1 &&
	[ "$(ls "$pages"/record-*.html | wc -l | tr -d ' ')" = "$(xpath "$scratch/corpus.xml" "count(//*[local-name()='record'][@findings > 0])")" ]; then
	ok "render -o DIR/: index.html, report.css, records.html, a page per group and per record with findings"
else not_ok "render -o DIR/ failed" "$(cat "$scratch/pages.err"; ls "$pages" | head)"; fi
missing=""
for f in "$pages"/*.html; do
	for target in $(grep -oE 'href="[^"#:]+\.(html|css)' "$f" | sed 's/^href="//' | sort -u); do
		[ -e "$pages/$target" ] || missing="$missing $(basename "$f")->$target"
	done
done
if [ -z "$missing" ]; then ok "pages: every link between the pages lands on a page that was written"
else not_ok "pages: links to missing pages:$(echo "$missing" | cut -c1-300)"; fi
got=$(tests/html/probe.sh "$pages/index.html" 1280 'd.querySelectorAll("tr.finding").length' | tail -1)
if [ "$got" -gt 0 ] && [ "$got" -lt "$(xpath "$scratch/corpus.xml" "count(//*[local-name()='finding'])")" ]; then
	ok "pages: the index shows the first findings of each group ($got), the group pages the rest"
else not_ok "pages: the index shows $got findings"; fi
mkdir "$scratch/jail"
cat >"$scratch/escape.xsl" <<'XSL'
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template match="/">
    <html><body>x</body></html>
    <xsl:document href="../escaped.html" method="html"><html><body>out</body></html></xsl:document>
    <xsl:document href="sub/deeper.html" method="html"><html><body>out</body></html></xsl:document>
  </xsl:template>
</xsl:stylesheet>
XSL
$ORGCHECK render --stylesheet "$scratch/escape.xsl" -o "$scratch/jail/" "$scratch/corpus.xml" 2>"$scratch/escape.err"
status=$?
if [ $status = 2 ] && [ ! -e "$scratch/escaped.html" ] && [ ! -e "$scratch/jail/sub" ] && [ ! -e "$scratch/jail/index.html" ] &&
	only_orgcheck_lines "$scratch/escape.err"; then
	ok "pages: a stylesheet cannot write outside DIR (../) or make a directory in it: exit 2, nothing written"
else not_ok "pages: a write outside DIR was not refused (exit $status)" "$(cat "$scratch/escape.err"; ls -R "$scratch/jail")"; fi

# --- pages replace the earlier run's: each moved into place whole, the stale ones removed
if [ -s "$pages/.orgcheck-pages" ] && [ -z "$(ls -A "$pages" | grep '^\.' | grep -v '^\.orgcheck-pages$')" ] &&
	[ "$(grep -v '^#' "$pages/.orgcheck-pages" | sort)" = "$(ls "$pages" | sort)" ]; then
	ok "pages: DIR/.orgcheck-pages lists every file written, no staging directory or temporary file is left"
else not_ok "pages: manifest or leftovers" "$(ls -A "$pages"; cat "$pages/.orgcheck-pages")"; fi
site=$scratch/site
$ORGCHECK render -o "$site/" "$scratch/corpus.xml" 2>/dev/null
first=$(ls "$site"/record-*.html | wc -l | tr -d ' ')
echo "the curator's notes" >"$site/notes.txt"
echo "<p>mine</p>" >"$site/record-mine.html"
$ORGCHECK render -o "$site/" tests/html/results.xml 2>"$scratch/site.err"
status=$?
kept=$(ls "$site"/record-*.html | sed 's:.*/::' | sort | tr '\n' ' ')
if [ $status = 0 ] && [ "$first" -gt 4 ] && [ "$kept" = "record-alpha.html record-beta.html record-gamma.html record-mine.html " ] &&
	[ -s "$site/notes.txt" ] && [ ! -e "$site/rule-OC114-warning.html" ] && [ -s "$site/records.html" ] &&
	! grep -q 'isct' "$site/records.html" && ! grep -q 'mine\|notes' "$site/.orgcheck-pages"; then
	ok "pages: a second run into DIR removes the first run's pages it does not write ($first record pages, then 3), never the user's files"
else not_ok "pages: stale pages after a second run (exit $status)" "$(cat "$scratch/site.err"; ls "$site")"; fi
$ORGCHECK render --stylesheet "$scratch/escape.xsl" -o "$site/" "$scratch/corpus.xml" 2>/dev/null
status=$?
if [ $status = 2 ] && [ "$(ls "$site"/record-*.html | sed 's:.*/::' | sort | tr '\n' ' ')" = "$kept" ] &&
	[ -z "$(ls -A "$site" | grep '^\.' | grep -v '^\.orgcheck-pages$')" ] && grep -q '^record-alpha.html$' "$site/.orgcheck-pages"; then
	ok "pages: a render that fails leaves DIR as it was (its pages are never moved in, nothing is removed)"
else not_ok "pages: a failed render changed DIR (exit $status)" "$(ls -A "$site")"; fi

# --- the fixture is left as it was
if [ -z "$(find tests/html reports -newer "$scratch/results.xml" -type f -print 2>/dev/null | grep -v '^reports/out/')" ]; then
	ok "nothing under tests/html or reports/ was written"
else not_ok "files changed under tests/html or reports/"; fi

finish
