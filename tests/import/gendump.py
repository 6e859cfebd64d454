#!/usr/bin/env python3
"""Writes a ROR v2 data dump of N records (one JSON array, as ROR publishes
it) made from the real records in tests/import/json/, each copy with an id
of its own, its relationships pointing at the copies of the same round.
For measuring 'orgcheck import ror' at the registry's size (~120,000):

    python3 tests/import/gendump.py 120000 > /tmp/dump.json
    /usr/bin/time -v orgcheck import ror -o /tmp/out /tmp/dump.json
"""
import json
import os
import sys

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # ROR's Crockford base 32


def rid(n):
    digits = ""
    for _ in range(6):
        digits = ALPHABET[n % 32] + digits
        n //= 32
    return "0" + digits + "zz"


def main():
    count = int(sys.argv[1])
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "json")
    base = [json.load(open(os.path.join(here, f), encoding="utf-8")) for f in sorted(os.listdir(here))]
    ids = [r["id"].rsplit("/", 1)[1] for r in base]
    out = sys.stdout
    out.write("[")
    for n in range(count):
        rnd, k = divmod(n, len(base))
        record = json.loads(json.dumps(base[k]))
        mapping = {old: rid(rnd * len(base) + i) for i, old in enumerate(ids)}
        record["id"] = "https://ror.org/" + mapping[ids[k]]
        for rel in record["relationships"]:
            old = rel["id"].rsplit("/", 1)[1]
            if old in mapping:
                rel["id"] = "https://ror.org/" + mapping[old]
        out.write(",\n" if n else "\n")
        json.dump(record, out, ensure_ascii=False, indent=2)
    out.write("\n]\n")


if __name__ == "__main__":
    main()
