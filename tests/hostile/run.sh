#!/bin/sh
# Hostile inputs, end to end. Each case drops one hostile input (made by
# generate.py at test time, or a link, a FIFO, a loop...) among two valid
# records, runs
#   $ORGCHECK check --today 2026-11-21 --fail-on none records
# under a time limit (timeout 20) and, for a plain build, a memory limit
# (ulimit -v), and checks that:
#   - the run ends normally (exit status 0: no crash, no timeout);
#   - a finding names the hostile file with the expected rule (or, for an
#     input that is fine, that none does);
#   - the two valid records were still checked (each has a known finding);
#   - no output holds the secret kept in a file outside the records, which
#     the inputs try to pull in (entities, DTDs, XInclude, stylesheets);
#   - no network connection was attempted: the run has no network
#     (unshare -n) and strace sees no connect() but to AF_UNIX sockets;
#   - no record file changed (checksums, types and modes before and after);
#   - the peak memory stays under a bound (/usr/bin/time).
# Then the same for reference cycles, HTML escaping, and report writing:
# a failed write (file size limit, read-only directory) keeps the previous
# report and exits 2; a device or FIFO given to -o stays what it is.
#
# Run from the top of the source tree with ORGCHECK set (make hostile-tests).
# Each case prints its time and peak memory.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
scratch=$(mktemp -d)
chmod 755 "$scratch"
public=""
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch" ${public:+"$public"}' EXIT

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# --- the environment: a secret outside the records, the tools at hand
secret="ORGCHECK-SECRET-$$-7f3a91c2"
outside="$scratch/outside"
mkdir "$outside"
printf '%s\n' "$secret" >"$outside/secret.txt"
printf '<!ENTITY x "%s">\n' "$secret" >"$outside/secret.dtd"
printf '<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="1.0"><xsl:template match="/">%s</xsl:template></xsl:stylesheet>\n' \
	"$secret" >"$outside/secret.xsl"

# The binary is the last word of ORGCHECK (a wrapper may come first). An
# ASan build reserves terabytes of address space, so no ulimit -v for it,
# a looser memory bound, and no strace (LeakSanitizer cannot run under a
# tracer; the run still has no network).
binary=${ORGCHECK##* }
asan=0
if grep -q __asan_init "$binary" 2>/dev/null; then asan=1; fi
if [ $asan = 1 ]; then max_kb=3000000; else max_kb=1000000; fi
vlimit=1500000

timer=""
if [ -x /usr/bin/time ]; then timer=/usr/bin/time; fi
netns=""
if unshare -n true 2>/dev/null; then netns="unshare -n"; fi
tracer=""
if [ $asan = 0 ] && command -v strace >/dev/null 2>&1 &&
	strace -f -qq --seccomp-bpf -e trace=connect -o /dev/null true 2>/dev/null; then
	tracer=strace
fi
# Unreadable paths need a user that permissions apply to.
runas=""
if [ "$(id -u)" = 0 ]; then
	if command -v setpriv >/dev/null 2>&1; then runas="setpriv --reuid=65534 --regid=65534 --clear-groups"; fi
fi
# The unprivileged user may not reach the build (a clone under /root is
# 0700): it runs a world-readable copy of the binary and the data files.
nobody_orgcheck=$ORGCHECK
nobody_data=${ORGCHECK_DATA_DIR:-}
if [ -n "$runas" ]; then
	bin=${ORGCHECK##* }
	if ! $runas sh -c 'test -x "$1" && test -r "$2/schemas/record.xsd"' sh "$bin" "${ORGCHECK_DATA_DIR:-.}" 2>/dev/null; then
		public=$(mktemp -d /tmp/orgcheck-public-XXXXXX)
		mkdir -p "$public/data"
		cp "$bin" "$public/orgcheck"
		cp -r "${ORGCHECK_DATA_DIR:-.}/schemas" "${ORGCHECK_DATA_DIR:-.}/rules" "${ORGCHECK_DATA_DIR:-.}/reports" "$public/data/"
		chmod -R a+rX "$public"
		nobody_orgcheck="$public/orgcheck"
		nobody_data="$public/data"
	fi
fi
echo "# hostile-tests: asan=$asan, time=${timer:-none}, network namespace=${netns:-none}, strace=${tracer:-none}, unprivileged user=${runas:+nobody}"

# --- helpers

# new_case NAME: a directory with records/ holding the two valid records.
new_case() {
	mkdir -p "$scratch/$1/records"
	cp "$here/valid/ada-society.xml" "$here/valid/ben-ode.xml" "$scratch/$1/records/"
	chmod -R a+rX "$scratch/$1"
}

# generate NAME CASE [FILE]: the hostile input CASE as records/FILE (x.xml).
generate() {
	python3 "$here/generate.py" "$2" "$scratch/$1/records/${3:-x.xml}" "$outside" ||
		not_ok "$1: generate.py $2 failed"
}

# A listing of every entry under records (type, mode, size) and the
# checksum of every regular file, to show nothing was written there.
snapshot() {
	(cd "$scratch/$1" && find records -printf '%p %y %m %s\n' 2>/dev/null | sort &&
		find records -type f -readable -exec sha256sum {} + 2>/dev/null | sort)
}

# run NAME [ARGS...]: runs the check in NAME's directory with every guard;
# sets status, seconds and peak_kb.
run() {
	name=$1
	shift
	d="$scratch/$name"
	rm -f "$d/time" "$d/connect"
	(
		cd "$d" || exit 125
		if [ $asan = 0 ]; then ulimit -v $vlimit; fi
		if [ -n "$as_nobody" ] && [ -n "$runas" ]; then
			export ORGCHECK_DATA_DIR="$nobody_data"
			set --  timeout 20 $runas $nobody_orgcheck check --today 2026-11-21 --fail-on none "$@" records
		else
			set --  timeout 20 $ORGCHECK check --today 2026-11-21 --fail-on none "$@" records
		fi
		if [ -n "$tracer" ]; then set -- strace -f -qq --seccomp-bpf -e trace=connect -o "$d/connect" "$@"; fi
		if [ -n "$netns" ]; then set -- $netns "$@"; fi
		if [ -n "$timer" ]; then set -- $timer -f '%e %M' -o "$d/time" "$@"; fi
		exec "$@"
	) >"$d/out" 2>"$d/err"
	status=$?
	seconds="?"
	peak_kb=0
	if [ -f "$d/time" ]; then
		seconds=$(tail -1 "$d/time" | cut -d' ' -f1)
		peak_kb=$(tail -1 "$d/time" | cut -d' ' -f2)
	fi
}

as_nobody=""

# check NAME PATH RULE [ARGS...]: runs NAME and checks everything; PATH is
# the hostile entry under records/, RULE the rule of its finding or "none".
check() {
	name=$1
	path=$2
	rule=$3
	shift 3
	before=$(snapshot "$name")
	run "$name" "$@"
	after=$(snapshot "$name")
	d="$scratch/$name"
	problems=""
	case $status in
	0) ;;
	124) problems="$problems; timed out after 20 s" ;;
	*) problems="$problems; exit status $status" ;;
	esac
	if [ "$rule" = none ]; then
		if grep -q "^records/$path[:/]" "$d/out"; then problems="$problems; a finding names records/$path"; fi
	elif ! grep -q "^records/$path:.*\[$rule\]\$" "$d/out"; then
		problems="$problems; no $rule finding for records/$path"
	fi
	grep -q '^records/ada-society.xml:.*\[OC152\]$' "$d/out" || problems="$problems; ada-society.xml was not checked"
	grep -q '^records/ben-ode.xml:.*\[OC143\]$' "$d/out" || problems="$problems; ben-ode.xml was not checked"
	grep -Eq '^orgcheck: [0-9]+ files? checked \([1-9][0-9]* organizations?, [1-9][0-9]* (person|people)(, [1-9][0-9]* unreadable)?\)' "$d/err" ||
		problems="$problems; no summary counting both valid records"
	if grep -q "$secret" "$d/out" "$d/err"; then problems="$problems; the secret leaked into the output"; fi
	if [ -f "$d/connect" ] && grep 'connect(' "$d/connect" | grep -vq 'AF_UNIX'; then
		problems="$problems; a connection was attempted: $(grep 'connect(' "$d/connect" | head -1)"
	fi
	if [ "$before" != "$after" ]; then problems="$problems; the records changed"; fi
	if [ "$peak_kb" -gt $max_kb ] 2>/dev/null; then problems="$problems; peak memory $peak_kb KB over $max_kb KB"; fi
	summary="$name: ${rule} for records/$path ($seconds s, $((peak_kb / 1024)) MB)"
	if [ -z "$problems" ]; then
		ok "$summary"
	else
		not_ok "$summary${problems}" "$(head -5 "$d/out"; tail -3 "$d/err")"
	fi
}

# simple NAME CASE RULE: generate CASE as x.xml among the valid records.
simple() {
	new_case "$1"
	generate "$1" "$2"
	check "$1" x.xml "$3"
}

# --- entities, DTDs, XInclude, stylesheets: nothing outside the file is read
simple xxe-file xxe-file OC003
simple xxe-relative xxe-relative OC003
simple xxe-network xxe-network OC003
simple parameter-entity parameter-entity OC003
simple external-dtd external-dtd OC003
simple external-dtd-network external-dtd-network OC003
simple xinclude xinclude OC005
simple xinclude-network xinclude-network OC005
simple xml-stylesheet xml-stylesheet OC003
simple billion-laughs billion-laughs OC003
simple quadratic-blowup quadratic-blowup OC003

# --- size and shape: each refused early, in linear time
simple deep-nesting-200000 deep-nesting OC001
simple deep-nesting-5000 deep-nesting-5000 OC002
simple attribute-40mb attribute-40mb OC001
simple attribute-15mb attribute-15mb OC002
simple attributes-100000 attributes-100000 OC001
simple attributes-1001 attributes-1001 OC001
simple attributes-200000-in-file attributes-total OC001
simple siblings-500000 siblings-500000 OC001
simple namespaces-5000 namespaces-5000 OC001
simple name-1000000 name-1000000 OC002

# --- bytes that are not (this) XML
simple invalid-utf8 invalid-utf8 OC002
simple nul-bytes nul-bytes OC002
simple empty empty OC002
simple binary binary OC002
simple truncated truncated OC002
simple utf16-invalid utf16-invalid OC002
simple unknown-encoding unknown-encoding OC002
# Fine records in UTF-16: read as such, whatever their declaration says.
simple utf16-bom utf16-bom none
simple utf16-declares-latin1 utf16-declares-latin1 none

# --- the file system
new_case directory-loop
mkdir "$scratch/directory-loop/records/sub"
ln -s .. "$scratch/directory-loop/records/sub/loop"
check directory-loop sub/loop OC006

new_case dangling-symlink
ln -s nowhere.xml "$scratch/dangling-symlink/records/x.xml"
check dangling-symlink x.xml OC001

new_case directory-named-x.xml
mkdir "$scratch/directory-named-x.xml/records/x.xml"
check directory-named-x.xml x.xml none

new_case fifo
mkfifo "$scratch/fifo/records/x.xml"
check fifo x.xml OC001

new_case device
ln -s /dev/zero "$scratch/device/records/x.xml"
check device x.xml OC001

if [ "$(id -u)" != 0 ] || [ -n "$runas" ]; then
	new_case unreadable-file
	generate unreadable-file utf16-bom
	chmod 000 "$scratch/unreadable-file/records/x.xml"
	as_nobody=1
	check unreadable-file x.xml OC001
	new_case unreadable-directory
	mkdir "$scratch/unreadable-directory/records/locked"
	cp "$here/valid/ada-society.xml" "$scratch/unreadable-directory/records/locked/"
	chmod 000 "$scratch/unreadable-directory/records/locked"
	check unreadable-directory locked OC001
	as_nobody=""
else
	echo "ok - unreadable paths # SKIP root without setpriv: permissions do not apply"
fi

# --- all of the small ones at once, among the valid records
new_case all-together
for c in xxe-file xxe-network parameter-entity external-dtd xinclude xml-stylesheet billion-laughs \
	quadratic-blowup deep-nesting attributes-100000 siblings-500000 name-1000000 invalid-utf8 \
	nul-bytes empty binary truncated utf16-invalid; do
	generate all-together "$c" "$c.xml"
done
check all-together billion-laughs.xml OC003
for c in xxe-file:OC003 xinclude:OC005 deep-nesting:OC001 siblings-500000:OC001 binary:OC002 \
	utf16-invalid:OC002 truncated:OC002; do
	grep -q "^records/${c%%:*}.xml:.*\[${c#*:}\]\$" "$scratch/all-together/out" ||
		not_ok "all-together: no ${c#*:} finding for ${c%%:*}.xml"
done

# --- reference cycles terminate and are reported
new_case cycles
cp "$here/../cases/rule-OC133-founding-cycle/records/organizations/"*.xml "$scratch/cycles/records/"
check cycles alpha.xml OC133
grep -q '^records/delta.xml:.*parent cycle delta -> epsilon -> gamma -> delta.*\[OC133\]$' "$scratch/cycles/out" &&
	ok "cycles: the parent cycle is reported once, on delta" ||
	not_ok "cycles: no parent cycle on delta" "$(cat "$scratch/cycles/out")"

# --- text from records never becomes markup in the HTML report
new_case html-escaping
generate html-escaping script-in-text
check html-escaping x.xml OC152
run html-escaping -f html -o report.html
report="$scratch/html-escaping/report.html"
if [ $status = 0 ] && [ -s "$report" ] && ! grep -qi '<script>alert\|<img src=x\|<svg onload\|</title><script' "$report" &&
	grep -q 'alert(3)' "$report"; then
	ok "html-escaping: the record's text is text in report.html"
else
	not_ok "html-escaping: record text became markup (or is missing) in report.html" \
		"$(grep -i 'alert' "$report" | head -5)"
fi

# --- reports: a failed write keeps the previous report and exits 2
new_case write-too-large
d="$scratch/write-too-large"
printf 'previous report\n' >"$d/report.xml"
(
	cd "$d" || exit 125
	trap '' XFSZ
	ulimit -f 4
	exec $ORGCHECK check --today 2026-11-21 -f xml -o report.xml records
) >"$d/out" 2>"$d/err"
status=$?
if [ $status = 2 ] && [ "$(cat "$d/report.xml")" = "previous report" ] &&
	[ -z "$(find "$d" -maxdepth 1 -name '.report.xml.*')" ] && grep -q "cannot write\|File too large" "$d/err"; then
	ok "write-too-large: over the file size limit, exit 2, the previous report intact, no temporary file"
else
	not_ok "write-too-large: exit $status" "$(cat "$d/err"; ls -la "$d")"
fi

if [ "$(id -u)" != 0 ] || [ -n "$runas" ]; then
	new_case write-read-only
	d="$scratch/write-read-only"
	mkdir "$d/ro"
	printf 'previous report\n' >"$d/ro/report.txt"
	chmod 555 "$d/ro"
	(
		cd "$d" || exit 125
		if [ "$(id -u)" = 0 ]; then
			export ORGCHECK_DATA_DIR="$nobody_data"
			set -- $runas $nobody_orgcheck check --today 2026-11-21 -o ro/report.txt records
		else
			set -- $ORGCHECK check --today 2026-11-21 -o ro/report.txt records
		fi
		exec "$@"
	) >"$d/out" 2>"$d/err"
	status=$?
	if [ $status = 2 ] && [ "$(cat "$d/ro/report.txt")" = "previous report" ] &&
		[ "$(ls -A "$d/ro")" = report.txt ] && grep -q "cannot write 'ro/report.txt'" "$d/err"; then
		ok "write-read-only: a read-only directory, exit 2, the previous report intact"
	else
		not_ok "write-read-only: exit $status" "$(cat "$d/err")"
	fi
else
	echo "ok - write-read-only # SKIP root without setpriv: permissions do not apply"
fi

new_case write-full
(cd "$scratch/write-full" && exec $ORGCHECK check --today 2026-11-21 records >/dev/full) 2>"$scratch/write-full/err"
status=$?
if [ $status = 2 ] && grep -q 'cannot write' "$scratch/write-full/err"; then
	ok "write-full: standard output on a full device, exit 2"
else
	not_ok "write-full: exit $status" "$(cat "$scratch/write-full/err")"
fi

# -o onto a device: written to, never replaced. As root a private copy of
# /dev/null stands in for it, so that a failure cannot break the system's.
new_case write-device
d="$scratch/write-device"
if [ "$(id -u)" = 0 ] && mknod "$d/null" c 1 3 2>/dev/null; then device="$d/null"; else device=/dev/null; fi
(cd "$d" && exec $ORGCHECK check --today 2026-11-21 --fail-on none -f xml -o "$device" records) >"$d/out" 2>"$d/err"
status=$?
if [ $status = 0 ] && [ -c "$device" ] && [ -z "$(find "$(dirname "$device")" -maxdepth 1 -name ".$(basename "$device").*")" ]; then
	ok "write-device: -o $device stays a character device"
else
	not_ok "write-device: exit $status, $(ls -la "$device")" "$(cat "$d/err")"
fi

new_case write-fifo
d="$scratch/write-fifo"
mkfifo "$d/report.fifo"
timeout 30 cat "$d/report.fifo" >"$d/received" &
reader=$!
(cd "$d" && exec timeout 20 $ORGCHECK check --today 2026-11-21 --fail-on none -f json -o report.fifo records) \
	>"$d/out" 2>"$d/err"
status=$?
wait $reader
if [ $status = 0 ] && [ -p "$d/report.fifo" ] && grep -q 'ada-society' "$d/received"; then
	ok "write-fifo: -o onto a FIFO writes through it and leaves it a FIFO"
else
	not_ok "write-fifo: exit $status" "$(cat "$d/err")"
fi

echo "hostile-tests: $pass passed, $fail failed"
[ $fail = 0 ]
