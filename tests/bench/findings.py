#!/usr/bin/env python3
"""Helpers for the benchmark, on results documents (check --format xml).

    findings.py pairs RESULTS.xml
        prints "RULE record-id" for every finding, sorted, one a line
    findings.py scale RESULTS.xml N OUT.xml
        writes a results document with exactly N findings, made by repeating
        the findings of RESULTS.xml (each copy on a record of its own), with
        the summary counted again and the records section copied alike (a
        copy's records link to that copy's records): the HTML report's
        input at a given size
"""

import copy
import sys
import xml.etree.ElementTree as ET

NS = "urn:orgcheck:results:1"


def q(name):
    return "{%s}%s" % (NS, name)


def pairs(path):
    root = ET.parse(path).getroot()
    out = []
    for finding in root.iter(q("finding")):
        location = finding.find(q("location"))
        out.append("%s %s" % (finding.get("rule"), location.get("record") or location.get("path")))
    for line in sorted(out):
        print(line)


def scale(path, n, out_path):
    ET.register_namespace("", NS)
    tree = ET.parse(path)
    root = tree.getroot()
    container = root.find(q("findings"))
    originals = list(container)
    if not originals:
        raise SystemExit("findings.py: %s has no findings to repeat" % path)
    for child in originals:
        container.remove(child)
    for i in range(n):
        finding = copy.deepcopy(originals[i % len(originals)])
        copy_no = i // len(originals)
        if copy_no:
            for loc in list(finding.iter(q("location"))) + list(finding.iter(q("related"))):
                p = loc.get("path")
                if p and p.endswith(".xml"):
                    loc.set("path", "%s-%d.xml" % (p[:-4], copy_no))
                if loc.get("record"):
                    loc.set("record", "%s-%d" % (loc.get("record"), copy_no))
            fp = finding.get("fingerprint")
            finding.set("fingerprint", "%016x" % ((int(fp, 16) + copy_no * 0x9E3779B97F4A7C15) % (1 << 64)))
        container.append(finding)
    copies = (n + len(originals) - 1) // len(originals)
    records = root.find(q("records"))
    if records is not None:
        first = list(records)
        for copy_no in range(1, copies):
            for record in first:
                r = copy.deepcopy(record)
                r.set("id", "%s-%d" % (r.get("id"), copy_no))
                p = r.get("path")
                if p.endswith(".xml"):
                    r.set("path", "%s-%d.xml" % (p[:-4], copy_no))
                for link in r.iter(q("link")):
                    link.set("target", "%s-%d" % (link.get("target"), copy_no))
                records.append(r)
        # The last copy may hold only some findings: count them again.
        counts = {}
        for f in container:
            record = f.find(q("location")).get("record")
            counts[record] = counts.get(record, 0) + 1
        for r in records:
            r.set("findings", str(counts.get(r.get("id"), 0)))
    summary = root.find(q("summary"))
    if summary is not None:
        findings = list(container)
        summary.set("total", str(len(findings)))
        for element in summary.findall(q("findings")):
            severity = element.get("severity")
            element.set("count", str(sum(1 for f in findings if f.get("severity") == severity)))
        for element in summary.findall(q("rule")):
            rule, severity = element.get("rule"), element.get("severity")
            element.set("count", str(sum(1 for f in findings
                                         if f.get("rule") == rule and f.get("severity") == severity)))
    tree.write(out_path, encoding="UTF-8", xml_declaration=True)


def main(argv):
    if len(argv) == 2 and argv[0] == "pairs":
        pairs(argv[1])
    elif len(argv) == 4 and argv[0] == "scale":
        scale(argv[1], int(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
