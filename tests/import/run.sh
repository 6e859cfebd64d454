#!/bin/sh
# orgcheck import ror, end to end:
#   - json/ (44 real ROR v2 records, whole groups; see README.md and
#     LICENSE) imports into exactly the files in expected/, with the report
#     in expected.err, and again into the same bytes;
#   - the same records as one data dump import into the same bytes;
#   - every imported record is valid for orgcheck check and for xmllint
#     --schema, and check's findings on them are those in expected-check.out;
#   - bad/ (inputs written for this test) gives the problems in
#     bad.expected.err, exit 1, and writes only the good records;
#   - an output directory that cannot be made, or whose records/ is a
#     symbolic link, is exit 2 and nothing is written there.
# ORGCHECK is the command to run; ORGCHECK_DATA_DIR the source tree.
set -u
: "${ORGCHECK:?set ORGCHECK to the orgcheck binary}"
here=$(cd "$(dirname "$0")" && pwd)
data=${ORGCHECK_DATA_DIR:-$here/../..}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { fail=$((fail + 1)); echo "not ok - $1"; return 1; }
check() { if [ "$1" = 0 ]; then ok "$2"; else not_ok "$2"; fi; }

cd "$tmp" || exit 2

# The sample corpus, from a directory of one record per file.
$ORGCHECK import ror -o a "$here/json" >a.out 2>a.err
check $? "directory import exits 0"
test ! -s a.out
check $? "directory import prints nothing on standard output"
diff -u "$here/expected.err" a.err >a.diff
check $? "the import report equals expected.err" || cat a.diff
diff -r "$here/expected/records" a/records >a.rdiff
check $? "the records equal expected/records" || head -40 a.rdiff

# Again over the same directory: the same bytes (and no temporary files left).
$ORGCHECK import ror -o a "$here/json" 2>/dev/null
diff -r "$here/expected/records" a/records >/dev/null && test -z "$(find a -name '.*' -type f)"
check $? "importing twice gives byte-identical files and leaves no temporary file"

# The same records as one dump (an array, as ROR publishes it).
{
	printf '['
	first=1
	for f in "$here"/json/*.json; do
		[ $first = 1 ] || printf ','
		first=0
		cat "$f"
	done
	printf ']\n'
} >dump.json
$ORGCHECK import ror -o b dump.json 2>b.err
check $? "dump import exits 0"
diff -r a/records b/records >/dev/null
check $? "a dump and a directory of the same records give the same files"

# Every imported record is valid, by orgcheck and by xmllint.
$ORGCHECK check --today 2026-12-01 --fail-on none -q --color=never a/records >check.out 2>check.err
check $? "check runs on the imported records"
! grep -q '\[OC00[0-9]\]' check.out
check $? "orgcheck finds every imported record schema-valid"
xmllint --noout --schema "$data/schemas/record.xsd" a/records/organizations/*.xml 2>xmllint.err
check $? "xmllint --schema finds every imported record valid"
diff -u "$here/expected-check.out" check.out >check.diff
check $? "check's findings on the imported records equal expected-check.out" || head -40 check.diff

# Bad inputs: each named, the others imported.
$ORGCHECK import ror -o c "$here/bad" >c.out 2>c.err
status=$?
sed "s|$here/|tests/import/|g" c.err >c.err.rel
test $status = 1
check $? "bad inputs exit 1"
diff -u "$here/bad.expected.err" c.err.rel >c.diff
check $? "the problems equal bad.expected.err" || cat c.diff
test "$(ls c/records/organizations | tr '\n' ' ')" = "0aaaaaa11.xml 0bbbbbb22.xml 0iiiiii99.xml 0kkkkkk11.xml "
check $? "only the good records of bad/ are written"
test -z "$(find c -name '*etc*')" && test ! -e etc
check $? "an id that is a path writes nothing"

# A rejected input, even one read only in part, stops nothing: the inputs
# after it are imported.
$ORGCHECK import ror -o h "$here/bad/k-dump-brackets-mismatch.json" /nonexistent "$here/json" 2>h.err
test $? = 1 && test "$(ls h/records/organizations | wc -l)" = 44 && grep -q "cannot read '/nonexistent'" h.err
check $? "the inputs after a rejected one are imported"

# An output directory that cannot be made: exit 2.
: >not-a-directory
$ORGCHECK import ror -o not-a-directory "$here/json" 2>d.err
test $? = 2 && grep -q "not-a-directory" d.err
check $? "an output directory that is a file is exit 2, named"

# records/ a symbolic link out of the output directory: refused, nothing written.
mkdir -p e outside
ln -s ../outside e/records
$ORGCHECK import ror -o e "$here/json" 2>e.err
test $? = 2 && test -z "$(ls outside)" && grep -q "symbolic link" e.err
check $? "records/ as a symbolic link is exit 2 and nothing is written through it"

# Usage.
$ORGCHECK import ror 2>f.err
test $? = 2 && grep -q "no INPUT" f.err
check $? "no INPUT is a usage error"
$ORGCHECK import jsonld x 2>g.err
test $? = 2 && grep -q "not a registry" g.err
check $? "an unknown registry is a usage error"

echo "import-tests: $pass passed, $fail failed"
test $fail = 0
