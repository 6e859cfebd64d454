#!/usr/bin/env python3
"""Edits a corpus the way curators do, at random (deterministic for a
seed), for the cache tests: a name changed, a reference pointed at another
record, an id changed, a date changed, a record deleted, one added (a copy
under a new id), one cut in half, one rewritten unchanged.

    mutate.py CORPUS SEED COUNT

prints what it did, one word per edit ("name:isct.xml")."""
import os
import random
import re
import sys


def main(argv):
    root, seed, count = argv[0], int(argv[1]), int(argv[2])
    rng = random.Random(seed)
    files = []
    for d, _, names in os.walk(os.path.join(root, "records")):
        files.extend(os.path.join(d, n) for n in names if n.endswith(".xml"))
    files.sort()
    ids = [os.path.basename(f)[:-4] for f in files]
    done = []
    for _ in range(count):
        path = rng.choice(files)
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        edit = rng.choice(["name", "ref", "delete", "add", "break", "id", "date", "same"])
        if edit == "name":
            text = re.sub(r"(<name[^>]*>)([^<]*)", lambda m: m.group(1) + m.group(2) + " X", text, count=1)
        elif edit == "ref":
            text = re.sub(r'ref="[^"]*"', 'ref="%s"' % rng.choice(ids), text, count=1)
        elif edit == "delete":
            os.remove(path)
            done.append("delete:" + os.path.basename(path))
            continue
        elif edit == "add":
            new = os.path.join(os.path.dirname(path), "added-%d.xml" % rng.randint(0, 10 ** 6))
            text = re.sub(r' id="[^"]*"', ' id="%s"' % os.path.basename(new)[:-4], text, count=1)
            path = new
        elif edit == "break":
            text = text[: len(text) // 2]
        elif edit == "id":
            text = re.sub(r' id="[^"]*"', ' id="%s"' % rng.choice(ids), text, count=1)
        elif edit == "date":
            text = re.sub(r">(1[89]\d\d|20[012]\d)<", lambda m: ">%d<" % rng.randint(1900, 2030), text, count=1)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        done.append(edit + ":" + os.path.basename(path))
    print(" ".join(done))


if __name__ == "__main__":
    main(sys.argv[1:])
