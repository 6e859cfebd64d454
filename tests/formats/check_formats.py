#!/usr/bin/env python3
"""Independent checks of orgcheck's CI formats, for tests/format-tests.sh.

    check_formats.py json FILE.json RESULTS.xml   schema + same content as the XML
    check_formats.py sarif FILE.sarif RESULTS.xml SARIF schema + GitHub's requirements
    check_formats.py junit FILE.xml RESULTS.xml   counts, unique names, suites = enabled rules
    check_formats.py gitlab FILE.json RESULTS.xml Code Quality requirements
    check_formats.py github FILE.txt RESULTS.xml  escaping, the 10-per-level cut, the summary

Each prints what is wrong, one line a problem, and exits 1 when anything
is. Only the standard library and python3-jsonschema are used; the
results XML (checked against schemas/results.xsd by xmllint before) is
the reference every other format is compared with.
"""
import json
import re
import sys
import urllib.parse
import xml.etree.ElementTree as ET

import jsonschema

NS = {"o": "urn:orgcheck:results:1"}
SEVERITIES = ("error", "warning", "info")
problems = []



def catalogue_rule(rule):
    """The catalogue rule of a finding's rule id: a Schematron assertion's
    own id stands for OC170."""
    return rule if re.fullmatch(r"OC[0-9]{3}", rule) else "OC170"

def problem(text):
    problems.append(text)


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(doc, schema_path):
    """Validates doc against the JSON schema at schema_path, with formats."""
    schema = load_json(schema_path)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=jsonschema.FormatChecker())
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(root)"
        problem(f"{schema_path}: {where}: {error.message}")


def read_results(path):
    """The results XML as plain Python values."""
    root = ET.parse(path).getroot()

    def location(e):
        return {
            "path": e.get("path"),
            "record": e.get("record"),
            "line": int(e.get("line")),
            "column": int(e.get("column")),
        }

    run = root.find("o:run", NS)
    summary = root.find("o:summary", NS)
    by_rule = {}
    for e in summary.findall("o:rule", NS):
        by_rule[e.get("rule")] = by_rule.get(e.get("rule"), 0) + int(e.get("count"))
    def fixes(e):
        return [
            {
                "safety": x.get("safety"),
                "description": x.find("o:description", NS).text,
                "path": x.get("path"),
                "newPath": x.get("new-path"),
                "edits": [
                    {"start": int(d.get("start")), "end": int(d.get("end")), "text": d.text or ""}
                    for d in x.findall("o:edit", NS)
                ],
                "patch": x.find("o:patch", NS).text if x.find("o:patch", NS) is not None else None,
            }
            for x in e.findall("o:fix", NS)
        ]

    def finding(e):
        f = {
            "rule": e.get("rule"),
            "severity": e.get("severity"),
            "fingerprint": e.get("fingerprint"),
            "baselineState": e.get("baseline-state"),
            "location": location(e.find("o:location", NS)),
            "related": [location(r) for r in e.findall("o:related", NS)],
            "message": e.find("o:message", NS).text,
            "values": [
                {"name": v.get("name"), "text": v.text or "", "source": v.get("source")}
                for v in e.findall("o:value", NS)
            ],
        }
        # Only a finding with fixes has the member, in JSON as here.
        if e.find("o:fix", NS) is not None:
            f["fixes"] = fixes(e)
        return f

    return {
        "run": {
            "today": run.get("today"),
            "failOn": run.get("fail-on"),
            "rulesFile": run.get("rules-file"),
            "failed": run.get("failed") == "true",
        },
        "summary": {
            "files": int(summary.get("files")),
            "organizations": int(summary.get("organizations")),
            "people": int(summary.get("people")),
            "valid": int(summary.get("valid")),
            "total": int(summary.get("total")),
            "bySeverity": {e.get("severity"): int(e.get("count"))
                           for e in summary.findall("o:findings", NS)},
            "byRule": by_rule,
        },
        "rules": [
            {
                "id": e.get("id"),
                "name": e.get("name"),
                "severity": e.get("severity"),
                "defaultSeverity": e.get("default-severity"),
                "enabled": e.get("enabled") == "true",
                "description": e.find("o:description", NS).text,
            }
            for e in root.findall("o:catalog/o:rule", NS)
        ],
        "findings": [finding(e) for e in root.findall("o:findings/o:finding", NS)],
    }


def check_json(path, xml_path):
    doc = load_json(path)
    validate(doc, "schemas/results.schema.json")
    ref = read_results(xml_path)
    for key in ("run", "summary", "rules"):
        if doc.get(key) != ref[key]:
            problem(f"json: {key} differs from the XML: {doc.get(key)!r} != {ref[key]!r}")
    summary = doc.get("summary", {})
    findings = doc.get("findings", [])
    if summary.get("total") != len(findings):
        problem(f"json: total {summary.get('total')} but {len(findings)} findings")
    for severity in SEVERITIES:
        n = sum(1 for f in findings if f.get("severity") == severity)
        if summary.get("bySeverity", {}).get(severity) != n:
            problem(f"json: bySeverity.{severity} is not the {n} {severity} findings")
    if len(findings) != len(ref["findings"]):
        problem(f"json: {len(findings)} findings, the XML has {len(ref['findings'])}")
    for i, (a, b) in enumerate(zip(findings, ref["findings"])):
        if a != b:
            problem(f"json: finding {i} differs from the XML: {a!r} != {b!r}")
    if list(doc.keys()) != ["tool", "run", "summary", "rules", "findings"]:
        problem(f"json: top-level keys out of order: {list(doc.keys())}")


# RFC 3986 relative-ref with only unreserved characters, '/' and
# percent-encodings (what orgcheck writes), no scheme, not absolute.
RELATIVE_URI = re.compile(r"^(?![A-Za-z][A-Za-z0-9+.-]*:)(?!/)([A-Za-z0-9._~/-]|%[0-9A-F]{2})+$")


def check_sarif(path, xml_path):
    doc = load_json(path)
    validate(doc, "tests/validators/sarif-schema-2.1.0.json")
    ref = read_results(xml_path)
    if doc.get("$schema") != "https://json.schemastore.org/sarif-2.1.0.json":
        problem("sarif: $schema is not the SARIF 2.1.0 schema")
    if doc.get("version") != "2.1.0":
        problem("sarif: version is not 2.1.0")
    runs = doc.get("runs") or []
    if len(runs) != 1:
        problem(f"sarif: {len(runs)} runs, expected 1")
        return
    run = runs[0]
    driver = run.get("tool", {}).get("driver", {})
    for key in ("name", "version", "informationUri"):
        if not driver.get(key):
            problem(f"sarif: tool.driver.{key} missing")
    if not re.match(r"^https://", driver.get("informationUri", "")):
        problem("sarif: informationUri is not an https URI")
    rules = driver.get("rules", [])
    if [r.get("id") for r in rules] != [r["id"] for r in ref["rules"]]:
        problem("sarif: driver.rules are not the catalogue in id order")
    level_of = {"error": "error", "warning": "warning", "info": "note"}
    for rule, catalog in zip(rules, ref["rules"]):
        rid = rule.get("id")
        for key in ("shortDescription", "fullDescription", "help"):
            if not (rule.get(key) or {}).get("text"):
                problem(f"sarif: rule {rid}: {key}.text missing")
        short = (rule.get("shortDescription") or {}).get("text", "")
        if not catalog["description"].startswith(short) or not short.endswith("."):
            problem(f"sarif: rule {rid}: shortDescription is not the first sentence")
        if (rule.get("fullDescription") or {}).get("text") != catalog["description"]:
            problem(f"sarif: rule {rid}: fullDescription is not the description")
        if "orgcheck-rules.xml" not in (rule.get("help") or {}).get("text", ""):
            problem(f"sarif: rule {rid}: help does not say how to configure the rule")
        level = (rule.get("defaultConfiguration") or {}).get("level")
        if level != level_of[catalog["severity"]]:
            problem(f"sarif: rule {rid}: defaultConfiguration.level {level!r}")
    results = run.get("results", [])
    if len(results) != len(ref["findings"]):
        problem(f"sarif: {len(results)} results, the XML has {len(ref['findings'])} findings")
    for i, (result, finding) in enumerate(zip(results, ref["findings"])):
        where = f"sarif: result {i} ({result.get('ruleId')})"
        # A Schematron assertion's id (not a catalogue id) is reported as a
        # hierarchical SARIF rule id below its catalogue rule, OC170.
        catalogued = re.fullmatch(r"OC[0-9]{3}", finding["rule"]) is not None
        expected_id = finding["rule"] if catalogued else "OC170/" + finding["rule"]
        if result.get("ruleId") != expected_id:
            problem(f"{where}: ruleId is not {expected_id}")
        index = result.get("ruleIndex")
        descriptor = expected_id.split("/")[0]
        if not isinstance(index, int) or index >= len(rules) or rules[index].get("id") != descriptor:
            problem(f"{where}: ruleIndex does not point at its rule")
        if result.get("level") != level_of[finding["severity"]]:
            problem(f"{where}: level {result.get('level')!r}")
        if result.get("baselineState") != finding["baselineState"]:
            problem(f"{where}: baselineState {result.get('baselineState')!r}, the XML says {finding['baselineState']!r}")
        if (result.get("message") or {}).get("text") != finding["message"]:
            problem(f"{where}: message.text is not the finding's message")
        fingerprints = result.get("partialFingerprints") or {}
        if fingerprints.get("orgcheckFingerprint/v1") != finding["fingerprint"]:
            problem(f"{where}: partialFingerprints lacks the finding's fingerprint")
        locations = result.get("locations") or []
        if not locations:
            problem(f"{where}: no locations")
            continue
        check_physical(where, locations[0].get("physicalLocation") or {}, finding["location"])
        related = result.get("relatedLocations") or []
        if len(related) != len(finding["related"]):
            problem(f"{where}: {len(related)} related locations, the finding has {len(finding['related'])}")
        ids = [r.get("id") for r in related]
        if len(set(ids)) != len(ids):
            problem(f"{where}: related location ids repeat")
        for r, loc in zip(related, finding["related"]):
            check_physical(where + " related", r.get("physicalLocation") or {}, loc)
            text = (r.get("message") or {}).get("text", "")
            if loc["record"] is not None and loc["record"] not in text:
                problem(f"{where}: related location message does not name record {loc['record']}")


def check_physical(where, physical, loc):
    artifact = physical.get("artifactLocation") or {}
    uri = artifact.get("uri", "")
    if not RELATIVE_URI.match(uri):
        problem(f"{where}: uri {uri!r} is not a relative, escaped URI reference")
    if artifact.get("uriBaseId") != "%SRCROOT%":
        problem(f"{where}: uriBaseId is not %SRCROOT%")
    path = re.sub(r"^(\./)+", "", loc["path"])
    if urllib.parse.unquote_to_bytes(uri) != path.encode("utf-8"):
        problem(f"{where}: uri {uri!r} does not decode to {path!r}")
    region = physical.get("region") or {}
    line = region.get("startLine")
    if not isinstance(line, int) or line < 1:
        problem(f"{where}: startLine {line!r} is not >= 1")
    elif line != max(loc["line"], 1):
        problem(f"{where}: startLine {line} is not line {loc['line']}")
    if loc["line"] > 0 and loc["column"] > 0 and region.get("startColumn") != loc["column"]:
        problem(f"{where}: startColumn is not column {loc['column']}")


SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2, "none": 3}


def check_junit(path, xml_path):
    root = ET.parse(path).getroot()
    ref = read_results(xml_path)
    enabled = [f"{r['id']} {r['name']}" for r in ref["rules"] if r["enabled"]]
    suites = root.findall("testsuite")
    if [s.get("name") for s in suites] != enabled:
        problem("junit: the suites are not the enabled rules in id order")
    cases = root.findall("testsuite/testcase")
    failures = root.findall("testsuite/testcase/failure")
    if root.get("tests") != str(len(cases)) or root.get("failures") != str(len(failures)):
        problem(f"junit: testsuites tests={root.get('tests')} failures={root.get('failures')}, "
                f"counted {len(cases)} and {len(failures)}")
    if root.get("errors") != "0":
        problem("junit: errors is not 0")
    pairs = {}
    for f in ref["findings"]:
        pairs.setdefault((catalogue_rule(f["rule"]), f["location"]["path"]), []).append(f)
    seen = 0
    for suite in suites:
        rule = suite.get("name").split(" ")[0]
        suite_cases = suite.findall("testcase")
        names = [c.get("name") for c in suite_cases]
        if len(set(names)) != len(names):
            problem(f"junit: {rule}: test case names repeat: {names}")
        if suite.get("tests") != str(len(suite_cases)):
            problem(f"junit: {rule}: tests={suite.get('tests')}, {len(suite_cases)} test cases")
        suite_failures = suite.findall("testcase/failure")
        if suite.get("failures") != str(len(suite_failures)):
            problem(f"junit: {rule}: failures={suite.get('failures')}, {len(suite_failures)} failures")
        for case in suite_cases:
            if not case.get("name", "").startswith(rule + " "):
                problem(f"junit: {rule}: test case {case.get('name')!r} does not start with the rule id")
            failure = case.findall("failure")
            out = case.findall("system-out")
            if not failure and not out:
                if case.get("name") != f"{rule} (all records)":
                    problem(f"junit: {rule}: passing test case {case.get('name')!r}")
                continue
            seen += 1
            found = pairs.get((rule, case.get("classname")), [])
            if len(failure) + len(out) != 1 or not found:
                problem(f"junit: {rule}: {case.get('name')!r} has no findings behind it")
                continue
            # A failure when a finding is at or above fail-on, else system-out.
            fails = any(SEVERITY_RANK[f["severity"]] >= SEVERITY_RANK.get(ref["run"]["failOn"], 3) for f in found)
            if fails != bool(failure):
                problem(f"junit: {rule}: {case.get('name')!r}: "
                        f"{'failure' if failure else 'system-out'} with fail-on {ref['run']['failOn']}")
            if failure:
                if failure[0].get("type") != rule or failure[0].get("message") != found[0]["message"]:
                    problem(f"junit: {rule}: {case.get('name')!r}: failure type or message")
            else:
                failure = out
            lines = (failure[0].text or "").splitlines()
            if len(lines) != len(found):
                problem(f"junit: {rule}: {case.get('name')!r}: {len(lines)} lines for {len(found)} findings")
            for line, f in zip(lines, found):
                loc = f["location"]
                where = loc["path"]
                if loc["line"]:
                    where += f":{loc['line']}" + (f":{loc['column']}" if loc["column"] else "")
                own = "" if catalogue_rule(f["rule"]) == f["rule"] else f" [{f['rule']}]"
                if line != f"{where}: {f['severity']}: {f['message']}{own}":
                    problem(f"junit: {rule}: line {line!r}")
    if seen != len(pairs):
        problem(f"junit: {seen} failing test cases for {len(pairs)} (rule, file) pairs with findings")


GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def check_gitlab(path, xml_path):
    doc = load_json(path)
    ref = read_results(xml_path)
    if not isinstance(doc, list):
        problem("gitlab: not a JSON array")
        return
    if len(doc) != len(ref["findings"]):
        problem(f"gitlab: {len(doc)} entries, the XML has {len(ref['findings'])} findings")
    fingerprints = [e.get("fingerprint") for e in doc]
    if len(set(fingerprints)) != len(fingerprints):
        problem("gitlab: fingerprints are not unique")
    mapped = {"error": "major", "warning": "minor", "info": "info"}
    for i, (entry, finding) in enumerate(zip(doc, ref["findings"])):
        where = f"gitlab: entry {i}"
        keys = {"description", "check_name", "fingerprint", "severity", "location"}
        if set(entry) != keys:
            problem(f"{where}: keys {sorted(entry)}")
        if not isinstance(entry.get("description"), str) or not entry.get("description"):
            problem(f"{where}: empty description")
        if entry.get("check_name") != finding["rule"]:
            problem(f"{where}: check_name is not {finding['rule']}")
        if not re.match(r"^" + re.escape(finding["fingerprint"]) + r"(-[2-9][0-9]*)?$",
                        str(entry.get("fingerprint"))):
            problem(f"{where}: fingerprint {entry.get('fingerprint')!r} is not the finding's")
        if entry.get("severity") not in GITLAB_SEVERITIES:
            problem(f"{where}: severity {entry.get('severity')!r} is not a Code Quality severity")
        elif entry.get("severity") != mapped[finding["severity"]]:
            problem(f"{where}: severity {entry.get('severity')!r} for a finding of severity {finding['severity']}")
        location = entry.get("location") or {}
        if not isinstance(location.get("path"), str) or location.get("path").startswith(("/", "./")):
            problem(f"{where}: path {location.get('path')!r} is not relative")
        begin = (location.get("lines") or {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            problem(f"{where}: lines.begin {begin!r} is not >= 1")


ANNOTATION = re.compile(
    r"^::(error|warning|notice) file=([^,:]+)(?:,line=([1-9][0-9]*)(?:,col=([1-9][0-9]*))?)?"
    r",title=([^,:]+)::(.*)$")
CUT = re.compile(r"^::(error|warning|notice) title=orgcheck::([1-9][0-9]*) more "
                 r"(errors?|warnings?|notices?) not shown; see the full report: .+$")


def unescape(text, property_value):
    table = {"%25": "%", "%0D": "\r", "%0A": "\n"}
    if property_value:
        table.update({"%3A": ":", "%2C": ","})
    return re.sub("%25|%0D|%0A|%3A|%2C", lambda m: table.get(m.group(0), m.group(0)), text)


def check_escaped(where, text, property_value):
    """Every '%' starts an escape, and property values hold no ':' or ','."""
    allowed = "%25|%0D|%0A" + ("|%3A|%2C" if property_value else "")
    if "%" in re.sub(allowed, "", text):
        problem(f"{where}: unescaped '%' in {text!r}")
    if property_value and re.search("[:,]", text):
        problem(f"{where}: unescaped ':' or ',' in property {text!r}")


def check_github(path, xml_path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    ref = read_results(xml_path)
    if not text.endswith("\n") or "\r" in text:
        problem("github: output does not end with a newline, or holds a CR")
    lines = text.split("\n")[:-1]
    level_of = {"error": "error", "warning": "warning", "info": "notice"}
    # The causes (unreadable, not well-formed, schema errors) come first,
    # so a cut keeps them; then the others, each group in report order.
    causes = {"OC001", "OC002", "OC003", "OC004", "OC005"}
    expected = {level: [f for f in ref["findings"] if level_of[f["severity"]] == level and f["rule"] in causes] +
                       [f for f in ref["findings"] if level_of[f["severity"]] == level and f["rule"] not in causes]
                for level in ("error", "warning", "notice")}
    shown = {"error": [], "warning": [], "notice": []}
    cut = {}
    for i, line in enumerate(lines[:-1]):
        m = ANNOTATION.match(line)
        if m:
            level, path_value, line_no, col, title, message = m.groups()
            check_escaped(f"github: line {i + 1} file", path_value, True)
            check_escaped(f"github: line {i + 1} title", title, True)
            check_escaped(f"github: line {i + 1} message", message, False)
            shown[level].append((unescape(path_value, True), line_no, col, unescape(title, True),
                                 unescape(message, False)))
            if cut:
                problem(f"github: line {i + 1}: an annotation after the summaries")
            continue
        m = CUT.match(line)
        if m:
            cut[m.group(1)] = int(m.group(2))
            continue
        problem(f"github: line {i + 1} is not an annotation: {line!r}")
    titles = {r["id"]: f"{r['id']} {r['name']}" for r in ref["rules"]}
    for level, findings in expected.items():
        want = findings[:10]
        got = shown[level]
        if len(got) != len(want):
            problem(f"github: {len(got)} {level} annotations, expected {len(want)}")
        for (p, line_no, col, title, message), f in zip(got, want):
            loc = f["location"]
            if p != re.sub(r"^(\./)+", "", loc["path"]) or title != titles.get(f["rule"], f"{f['rule']} schematron") or message != f["message"]:
                problem(f"github: {level} annotation for {p} does not match finding {f['message']!r}")
            if (line_no or "0") != str(loc["line"]) or (loc["line"] and (col or "0") != str(loc["column"])):
                problem(f"github: {level} annotation for {p}: line {line_no} col {col}")
        more = len(findings) - 10
        if more > 0 and cut.get(level) != more:
            problem(f"github: expected '{more} more' for {level}, got {cut.get(level)}")
        if more <= 0 and level in cut:
            problem(f"github: a summary for {level} that was not cut")
    n = {s: sum(1 for f in ref["findings"] if f["severity"] == s) for s in SEVERITIES}
    last = (f"orgcheck: {n['error']} error{'' if n['error'] == 1 else 's'}, "
            f"{n['warning']} warning{'' if n['warning'] == 1 else 's'}, {n['info']} info")
    if not lines or lines[-1] != last:
        problem(f"github: last line {lines[-1] if lines else None!r}, expected {last!r}")


def main():
    checks = {"json": check_json, "sarif": check_sarif, "junit": check_junit,
              "gitlab": check_gitlab, "github": check_github}
    if len(sys.argv) != 4 or sys.argv[1] not in checks:
        sys.exit(__doc__)
    try:
        checks[sys.argv[1]](sys.argv[2], sys.argv[3])
    except (OSError, ValueError, ET.ParseError, KeyError, TypeError, AttributeError) as e:
        problem(f"{sys.argv[1]}: cannot check {sys.argv[2]}: {e!r}")
    for p in problems:
        print(p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
