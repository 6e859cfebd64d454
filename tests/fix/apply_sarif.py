"""Applies the SARIF fixes of `orgcheck check --format sarif` to the files
under the current directory: each replacement's byteOffset and
byteLength in the bytes of its artifact, all of a file's at once, last
first. Prints the files changed. A fix whose properties.safety is not in
the classes named on the command line is skipped.

usage: python3 apply_sarif.py FILE.sarif CLASS...
"""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
classes = set(sys.argv[2:])
by_file = {}
for run in doc["runs"]:
    for result in run.get("results", []):
        for fix in result.get("fixes", []):
            if fix.get("properties", {}).get("safety") not in classes:
                continue
            for change in fix["artifactChanges"]:
                uri = change["artifactLocation"]["uri"]
                for r in change["replacements"]:
                    region = r["deletedRegion"]
                    text = r.get("insertedContent", {}).get("text", "")
                    by_file.setdefault(uri, []).append(
                        (region["byteOffset"], region["byteLength"], text.encode("utf-8")))
for uri, edits in sorted(by_file.items()):
    data = open(uri, "rb").read()
    for offset, length, text in sorted(edits, key=lambda e: e[0], reverse=True):
        data = data[:offset] + text + data[offset + length:]
    open(uri, "wb").write(data)
    print(uri)
