#!/bin/sh
# The cache of the per-file work: whatever state it is in (cold, warm,
# corrupt, truncated, from another version, read-only, full, written by
# two runs at once) and whatever happened to the records between runs
# (edited with the same size and modification time, deleted, touched),
# every report is byte-identical to a run with --no-cache. The figures of
# --timings show the cache was used where it should be.
# Run from the top of the source tree with ORGCHECK set.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"

pass=0
fail=0
scratch=$(mktemp -d)
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
here=$(pwd)
unset ORGCHECK_CACHE_DIR

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; [ $# -gt 1 ] && printf '%s\n' "$2" | head -20; }

# The corpus: the bundled records in a directory of their own, whose
# files are older than the racy window once the test sleeps.
corpus=$scratch/corpus
mkdir -p "$corpus"
cp -R records "$corpus/records"
cd "$corpus" || exit 1

common="--today 2026-11-21 --fail-on none --rules $here/rules/default.xml -q"

# check NAME ARGS...: runs check with the cache in ./cache, the report in
# NAME.out, standard error in NAME.err (with --timings).
check() {
	name=$1
	shift
	# shellcheck disable=SC2086
	$ORGCHECK check $common --timings --cache-dir cache "$@" >"$scratch/$name.out" 2>"$scratch/$name.err"
	echo $? >"$scratch/$name.status"
}
# reference NAME ARGS...: the same without the cache.
reference() {
	name=$1
	shift
	# shellcheck disable=SC2086
	$ORGCHECK check $common --no-cache "$@" >"$scratch/$name.out" 2>/dev/null
}
# from_cache NAME: "HITS UNREAD" from the cache line of NAME.err.
from_cache() {
	sed -n 's/^orgcheck: cache: \([0-9]*\) of [0-9]* files from the cache, \([0-9]*\) of them not read$/\1 \2/p' \
		"$scratch/$1.err"
}
same() { cmp -s "$scratch/$1.out" "$scratch/$2.out"; }
files=$(find records -name '*.xml' | wc -l | tr -d ' ')
sleep 3

# --- cold, then warm, in every format: the same bytes as without the cache
bad=""
for format in text xml json junit sarif github gitlab html; do
	rm -rf cache
	reference "ref-$format" --format "$format" records
	check "cold-$format" --format "$format" records
	check "warm-$format" --format "$format" records
	same "ref-$format" "cold-$format" || bad="$bad $format(cold)"
	same "ref-$format" "warm-$format" || bad="$bad $format(warm)"
	[ "$(from_cache "warm-$format")" = "$files $files" ] || bad="$bad $format(not from the cache: $(from_cache "warm-$format"))"
done
if [ -z "$bad" ]; then ok "every format is byte-identical cold, warm and without the cache; warm reads no record"
else not_ok "the cache changed a report:$bad"; fi

if [ -f cache/.gitignore ] && grep -qx '\*' cache/.gitignore && [ -f cache/CACHEDIR.TAG ]; then
	ok "the cache directory ignores itself in git (.gitignore '*') and has a CACHEDIR.TAG"
else not_ok "no .gitignore or CACHEDIR.TAG in the cache"; fi

# --- the default place is .orgcheck-cache in the current directory, and
# ORGCHECK_CACHE_DIR moves it
rm -rf .orgcheck-cache envcache
# shellcheck disable=SC2086
$ORGCHECK check $common records >/dev/null 2>&1
# shellcheck disable=SC2086
ORGCHECK_CACHE_DIR=envcache $ORGCHECK check $common records >/dev/null 2>&1
if [ -f .orgcheck-cache/records-00 ] || [ -n "$(ls .orgcheck-cache 2>/dev/null | grep records-)" ]; then
	if [ -n "$(ls envcache 2>/dev/null | grep records-)" ]; then ok "the cache goes to ./.orgcheck-cache, or \$ORGCHECK_CACHE_DIR"
	else not_ok "ORGCHECK_CACHE_DIR was not used"; fi
else not_ok "no cache in ./.orgcheck-cache"; fi
rm -rf .orgcheck-cache envcache

# --- --no-cache neither reads nor writes it
rm -rf cache
# shellcheck disable=SC2086
$ORGCHECK check $common --no-cache --cache-dir cache records >/dev/null 2>&1
if [ ! -e cache ]; then ok "--no-cache writes nothing"
else not_ok "--no-cache wrote the cache"; fi

# --- a record edited between runs, keeping its size and its modification time
reference ref-text records
check cold records
victim=records/organizations/isct.xml
[ -f "$victim" ] || victim=$(find records -name '*.xml' | sort | head -1)
cp -p "$victim" "$scratch/victim.orig"
# Same size: one date digit changed; same mtime: restored with touch -r.
sed 's/\(<founded[^>]*>[0-9][0-9][0-9]\)[0-9]/\19/' "$scratch/victim.orig" >"$scratch/victim.new"
if cmp -s "$scratch/victim.orig" "$scratch/victim.new"; then
	# No founding date: change one letter of the name.
	sed '0,/<name\([^>]*\)>\(.\)/s//<name\1>X/' "$scratch/victim.orig" >"$scratch/victim.new"
fi
cat "$scratch/victim.new" >"$victim"
touch -r "$scratch/victim.orig" "$victim"
size_before=$(wc -c <"$scratch/victim.orig")
size_after=$(wc -c <"$victim")
reference ref-edited records
check edited records
if [ "$size_before" = "$size_after" ] && ! cmp -s "$scratch/victim.orig" "$victim" &&
	same ref-edited edited && ! same ref-text ref-edited; then
	ok "a record edited to the same size and modification time is read again (its ctime changed)"
else not_ok "an edit with the same size and mtime was missed" "$(diff "$scratch/ref-edited.out" "$scratch/edited.out" | head)"; fi
cp -p "$scratch/victim.orig" "$victim"

# --- a record touched (new stat, same bytes) is answered by its hash
sleep 3
check settle records
touch "$victim"
check touched records
set -- $(from_cache touched)
if same ref-text touched && [ "$1" = "$files" ] && [ "$2" = $((files - 1)) ]; then
	ok "a touched record is recognised by the hash of its bytes, the others by their stat"
else not_ok "a touched record: $(from_cache touched) from the cache of $files"; fi

# --- a record written within the racy window is never trusted by its stat
sleep 3
check settle2 records
cat "$scratch/victim.orig" >"$victim"
check racy1 records
check racy2 records
set -- $(from_cache racy2)
if same ref-text racy2 && [ "$2" -lt "$files" ]; then
	ok "an entry made within 2 s of the file's change is checked by hash, not stat, next time"
else not_ok "a racy entry was trusted: $(from_cache racy2)"; fi

# --- a deleted record
sleep 3
check settle3 records
mv "$victim" "$scratch/victim.moved"
reference ref-deleted records
check deleted records
mv "$scratch/victim.moved" "$victim"
sleep 3
if same ref-deleted deleted && ! same ref-text ref-deleted; then ok "a deleted record is gone from the report"
else not_ok "a deleted record: the report differs"; fi

# --- corrupt and truncated entries are ignored and rebuilt
damage() {
	# damage MODE: corrupts (a byte in the middle) or truncates (to half) every shard
	for f in cache/records-*; do
		size=$(wc -c <"$f")
		if [ "$1" = corrupt ]; then
			printf 'X' | dd of="$f" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
		else
			head -c $((size / 2)) "$f" >"$f.cut" && mv "$f.cut" "$f"
		fi
	done
}
for mode in corrupt truncate; do
	rm -rf cache
	check "cold-$mode" records
	damage "$mode"
	check "damaged-$mode" records
	check "rebuilt-$mode" records
	set -- $(from_cache "damaged-$mode")
	hits=$1
	if same ref-text "damaged-$mode" && same ref-text "rebuilt-$mode" && [ "$hits" -lt "$files" ] &&
		[ "$(from_cache "rebuilt-$mode")" = "$files $files" ] && ! grep -q warning "$scratch/damaged-$mode.err"; then
		ok "a $mode cache gives the same report, silently, and is rebuilt ($hits of $files entries survived)"
	else not_ok "a $mode cache: $(from_cache "damaged-$mode") then $(from_cache "rebuilt-$mode")" \
		"$(cat "$scratch/damaged-$mode.err")"; fi
done

# --- a cache from another version (format) or other schemas is ignored
rm -rf cache
check cold-version records
for f in cache/records-*; do
	printf '\377' | dd of="$f" bs=1 seek=8 conv=notrunc 2>/dev/null
done
check other-version records
mkdir -p "$scratch/data/schemas"
cp "$here"/schemas/*.xsd "$scratch/data/schemas/"
printf '<!-- another version -->\n' >>"$scratch/data/schemas/record.xsd"
check other-schema --data-dir "$scratch/data" records
check other-schema-warm --data-dir "$scratch/data" records
if same ref-text other-version && [ "$(from_cache other-version)" = "0 0" ] &&
	same ref-text other-schema && [ "$(from_cache other-schema)" = "0 0" ] &&
	[ "$(from_cache other-schema-warm)" = "$files $files" ]; then
	ok "a cache of another format version or other schema bytes is ignored and rebuilt"
else not_ok "version change: $(from_cache other-version), $(from_cache other-schema)"; fi

# --- a cache that cannot be written: one warning, the same report
printf 'not a directory\n' >"$scratch/plainfile"
# shellcheck disable=SC2086
$ORGCHECK check $common --cache-dir "$scratch/plainfile/cache" records >"$scratch/nodir.out" 2>"$scratch/nodir.err"
warnings=$(grep -c 'warning' "$scratch/nodir.err")
if same ref-text nodir && [ "$warnings" = 1 ] && grep -q "^orgcheck: warning: cannot write the cache in '$scratch/plainfile/cache'" "$scratch/nodir.err"; then
	ok "a cache directory that cannot be made: one warning, the same report"
else not_ok "unwritable cache: $warnings warnings" "$(cat "$scratch/nodir.err")"; fi
rm -rf cache
check ro-cold records
if [ "$(id -u)" != 0 ]; then
	chmod a-w cache
	cat "$scratch/victim.new" >"$victim"
	check ro-warm records
	chmod u+w cache
	cp -p "$scratch/victim.orig" "$victim"
	if same ref-edited ro-warm && [ "$(grep -c warning "$scratch/ro-warm.err")" = 1 ]; then
		ok "a read-only cache is read, not written: one warning, the right report"
	else not_ok "read-only cache" "$(cat "$scratch/ro-warm.err")"; fi
else
	echo "ok - # skip a read-only cache directory (root writes anyway)"
fi
# A full disk, as a file size limit: writes fail with EFBIG.
rm -rf cache
(
	trap '' XFSZ
	ulimit -f 8
	# shellcheck disable=SC2086
	exec $ORGCHECK check $common --cache-dir cache records
) 2>"$scratch/full.err" | cat >"$scratch/full.out"
check after-full records
if same ref-text full && [ "$(grep -c warning "$scratch/full.err")" = 1 ] && same ref-text after-full; then
	ok "a full cache directory: one warning, the same report, and no damage left behind"
else not_ok "full cache" "$(cat "$scratch/full.err")"; fi

# --- concurrent runs on one cache, records edited meanwhile
rm -rf cache
cat "$scratch/victim.new" >"$victim"
i=1
while [ $i -le 4 ]; do
	check "concurrent-$i" records &
	i=$((i + 1))
done
wait
check after-concurrent records
bad=""
i=1
while [ $i -le 4 ]; do
	same ref-edited "concurrent-$i" || bad="$bad $i"
	i=$((i + 1))
done
cp -p "$scratch/victim.orig" "$victim"
check after-concurrent-restore records
same ref-edited after-concurrent || bad="$bad after"
same ref-text after-concurrent-restore || bad="$bad restored"
if [ -z "$bad" ] && ! ls cache | grep -q tmp; then ok "four runs at once on one cache: every report right, no temporary file left"
else not_ok "concurrent runs:$bad" "$(ls cache)"; fi

# --- from a subdirectory, the corpus root's cache: the same entries
# (named below the root), in .orgcheck-cache at the root by default
rm -rf cache .orgcheck-cache
check sub-ref records
(cd "$corpus/records/organizations" && $ORGCHECK check $common --timings \
	>"$scratch/sub-cold.out" 2>"$scratch/sub-cold.err")
(cd "$corpus/records/organizations" && $ORGCHECK check $common --timings \
	>"$scratch/sub-warm.out" 2>"$scratch/sub-warm.err")
check sub-root --cache-dir .orgcheck-cache records
set -- $(from_cache sub-warm)
warm_hits=${1:-0}
set -- $(from_cache sub-root)
if same sub-cold sub-warm && [ -d .orgcheck-cache ] && [ ! -e records/organizations/.orgcheck-cache ] &&
	[ "$warm_hits" = "$files" ] && [ "${1:-0}" = "$files" ] && same sub-ref sub-root; then
	ok "from a subdirectory the corpus root's cache is used, its entries shared with runs at the root"
else not_ok "the cache from a subdirectory: $(from_cache sub-warm) / $(from_cache sub-root)" "$(ls -a . records/organizations | head)"; fi
rm -rf .orgcheck-cache

# --- nothing from outside the corpus root goes into the cache: a draft
# named beside the corpus is checked, not stored
rm -rf cache
cp records/organizations/isct.xml "$scratch/draft-isct.xml"
check outside-1 "$scratch/draft-isct.xml"
check outside-2 "$scratch/draft-isct.xml"
set -- $(from_cache outside-2)
if [ "${1:-0}" = "$files" ] && same outside-1 outside-2 &&
	! grep -rqs 'draft-isct' cache; then ok "a file outside the corpus root is checked but not cached"
else not_ok "a file outside the root: $(from_cache outside-2)"; fi

# --- the pre-commit hook (check --staged) checks the index: the files the
# working tree holds as staged are answered by their stat, one changed
# since git add is read from the index (and not cached), with the report
# of --no-cache; and the run leaves the working tree's entries alone, so
# the next check answers every file by its stat
repo=$scratch/repo
mkdir -p "$repo" && cp -R records "$repo/records"
if (cd "$repo" && git init -q && git add records && git -c user.email=t@example.org -c user.name=t commit -qm init) \
	>/dev/null 2>&1; then
	edited=$(cd "$repo" && find records -name '*.xml' | sort | head -1)
	sed -i '1a<!-- staged -->' "$repo/$edited"
	git -C "$repo" add "$edited"
	sed -i '1a<!-- not staged -->' "$repo/$edited"
	sleep 3
	(cd "$repo" && $ORGCHECK check $common --no-cache --staged >"$scratch/staged-ref.out" 2>/dev/null)
	(cd "$repo" && $ORGCHECK check $common --cache-dir cache records >/dev/null 2>&1)
	(cd "$repo" && $ORGCHECK check $common --timings --cache-dir cache --staged \
		>"$scratch/staged-warm.out" 2>"$scratch/staged-warm.err")
	(cd "$repo" && $ORGCHECK check $common --timings --cache-dir cache records \
		>/dev/null 2>"$scratch/staged-after.err")
	set -- $(from_cache staged-warm)
	if same staged-ref staged-warm && [ "${1:-0}" = $((files - 1)) ] && [ "${2:-0}" = $((files - 1)) ]; then
		ok "check --staged answers the files the working tree holds as staged by their stat, the one changed since git add from the index"
	else not_ok "check --staged and the cache: $(from_cache staged-warm) of $files" "$(diff "$scratch/staged-ref.out" "$scratch/staged-warm.out" | head)"; fi
	set -- $(from_cache staged-after)
	if [ "${1:-0}" = "$files" ] && [ "${2:-0}" = "$files" ]; then
		ok "after check --staged, a check answers every file by its stat: the staged run left the cache alone"
	else not_ok "a check after check --staged: $(from_cache staged-after) of $files"; fi
else not_ok "cannot make a git repository for --staged"; fi

# --- Schematron: the records are read (the pass needs their bytes), the
# per-file work comes from the cache
sch=$here/tests/cases/rule-OC170-schematron/checks.sch
rm -rf cache
reference ref-sch --schematron "$sch" records
check cold-sch --schematron "$sch" records
check warm-sch --schematron "$sch" records
set -- $(from_cache warm-sch)
if same ref-sch cold-sch && same ref-sch warm-sch && [ "$1" = "$files" ] && [ "$2" = 0 ]; then
	ok "with Schematron, warm runs read the records but take the per-file work from the cache"
else not_ok "Schematron and the cache: $(from_cache warm-sch)"; fi

# --- the rules' findings kept from the last check: after edits of every
# kind (names, references, ids, dates; records deleted, added, broken),
# a warm check says what --no-cache says, visiting again only the records
# near the edits; a damaged or foreign rules file is ignored
gen=$scratch/gen
python3 "$here/tests/bench/gencorpus.py" --records 3000 --seed 5 --out "$gen" >/dev/null 2>&1 ||
	not_ok "gencorpus.py failed"
cd "$gen" || exit 1
rm -rf cache
check gen-cold records
bad=""
kept=0
remade=""
round=1
while [ "$round" -le 30 ]; do
	edits=$(python3 "$here/tests/cache/mutate.py" . "$round" $((round % 3 + 1)))
	reference gen-ref records
	check gen-warm records
	same gen-ref gen-warm || bad="$bad [$edits]"
	grep -q "findings kept from the last check" "$scratch/gen-warm.err" && kept=$((kept + 1))
	# The rules file a warm check writes (an unchanged file's record
	# copied from the last one) is the one made from nothing.
	if [ $((round % 5)) = 0 ]; then
		rm -rf "$scratch/remade" && cp -R cache "$scratch/remade" && rm -f "$scratch/remade/rules"
		# shellcheck disable=SC2086
		$ORGCHECK check $common --cache-dir "$scratch/remade" records >/dev/null 2>&1
		cmp -s cache/rules "$scratch/remade/rules" || remade="$remade [$edits]"
	fi
	round=$((round + 1))
done
if [ -z "$bad" ] && [ "$kept" -ge 8 ]; then
	ok "after 30 rounds of edits the rules' kept findings give --no-cache's report ($kept rounds visited only near the edits)"
else not_ok "kept rule findings after edits ($kept rounds kept):$bad"; fi
if [ -z "$remade" ] && [ -f cache/rules ]; then
	ok "the rules file a warm check writes, unchanged files' records copied from the last one, is the one a check without it makes"
else not_ok "the rules file written after edits differs from one made from nothing:$remade"; fi
# Damaged (cut, a byte changed) or of another key (another --today): ignored.
python3 "$here/tests/cache/mutate.py" . 99 1 >/dev/null
reference gen-ref records
head -c 5000 cache/rules >"$scratch/rules.cut" && cp "$scratch/rules.cut" cache/rules
check gen-cut records
cut_visits=$(grep -c "findings kept" "$scratch/gen-cut.err")
python3 "$here/tests/cache/mutate.py" . 98 1 >/dev/null
reference gen-ref2 records
printf 'X' | dd of=cache/rules bs=1 seek=40000 conv=notrunc 2>/dev/null
check gen-flip records
flip_visits=$(grep -c "findings kept" "$scratch/gen-flip.err")
$ORGCHECK check --today 2026-11-22 --fail-on none --rules "$here/rules/default.xml" -q --timings --cache-dir cache \
	records >"$scratch/gen-today.out" 2>"$scratch/gen-today.err"
$ORGCHECK check --today 2026-11-22 --fail-on none --rules "$here/rules/default.xml" -q --no-cache \
	records >"$scratch/gen-today-ref.out" 2>/dev/null
today_visits=$(grep -c "findings kept" "$scratch/gen-today.err")
if same gen-ref gen-cut && same gen-ref2 gen-flip && same gen-today-ref gen-today &&
	[ "$cut_visits" = 0 ] && [ "$flip_visits" = 0 ] && [ "$today_visits" = 0 ]; then
	ok "a cut, damaged or foreign (other --today) rules file is ignored: every record visited, the same report"
else not_ok "damaged rules file: cut $cut_visits, flipped $flip_visits, today $today_visits kept"; fi

cd "$here" || exit 1
echo "cache-tests: $pass passed, $fail failed"
[ $fail = 0 ]
