#!/usr/bin/env python3
"""Writes a synthetic corpus of organization and person records for the
benchmark, with a known set of discrepancies.

    gencorpus.py --records N --seed S --out DIR

DIR/records/organizations/*.xml and DIR/records/people/*.xml follow
schemas/record.xsd. Most records are clean: names, acronyms that fit them,
partial dates, sourced claims, links stated on both sides with agreeing
dates (partnerships, memoranda, memberships, parent/child, co-founders).
A few groups of records are built to hold one discrepancy each, for every
cross-record rule (OC101 to OC161, or those given with --rules), at a
fixed rate per 10,000 records.
DIR/expected.txt lists the findings they must give, one "RULE record-id"
line each, sorted: orgcheck must report exactly these and nothing else
(with --today 2026-11-21 and the shipped rules/default.xml).

The same N and seed always give the same files.
"""

import argparse
import bisect
import os
import random
import shutil
import sys

TODAY_YEAR = 2025          # no clean date lies after this year
INJECTIONS_PER_10K = 3     # per rule
PERSON_SHARE = 0.4
# Tries of a plain "Given M. Family" name before a double-barrelled family
# name: so many never fail while plain names are left (at 100,000 records
# a try fails a quarter of the time), so smaller corpora stay as they were.
PERSON_NAME_ATTEMPTS = 60

CONSONANTS = "bcdfghjklmnprstvz"
VOWELS = "aeiou"
ENDINGS = ["", "", "n", "r", "l", "s"]

TYPES = [
    ("Society", "professional-society"), ("Association", "professional-society"),
    ("Foundation", "foundation"), ("Institute", "nonprofit"), ("Network", "research-network"),
    ("Alliance", "alliance"), ("Council", "standards-body"), ("Consortium", "research-network"),
    ("Academy", "academy"), ("Committee", "committee"), ("Federation", "professional-society"),
    ("Agency", "government-agency"), ("Registry", "registry"), ("Centre", "research-infrastructure"),
]
FIELDS = [
    "Cell Therapy", "Gene Therapy", "Cell and Gene Therapy", "Regenerative Medicine",
    "Stem Cell Research", "Blood and Marrow Transplantation", "Tissue Engineering",
    "Cord Blood Banking", "Transfusion Medicine", "Immunotherapy", "Biobanking",
    "Cellular Therapy Accreditation", "Advanced Therapies", "Haematology", "Bone Marrow Donors",
    "Extracellular Vesicles", "Biotherapeutics", "Organ Donation", "Clinical Translation",
]
COUNTRIES = [
    ("US", ["Boston", "Chicago", "Bethesda", "Milwaukee", "Omaha", "Seattle"]),
    ("GB", ["London", "Oxford", "Manchester"]), ("DE", ["Berlin", "Heidelberg", "Munich"]),
    ("FR", ["Paris", "Lyon"]), ("NL", ["Leiden", "Amsterdam"]), ("ES", ["Granada", "Madrid"]),
    ("JP", ["Tokyo", "Osaka"]), ("KR", ["Seoul"]), ("CA", ["Toronto", "Ottawa"]),
    ("AU", ["Melbourne", "Sydney"]), ("BR", ["Sao Paulo"]), ("CH", ["Geneva", "Zürich"]),
    ("SG", ["Singapore"]), ("IT", ["Florence", "Modena"]),
]
LEGAL = ["non-profit corporation", "registered charity", "501(c)(3) organization",
         "limited company", "association under Swiss law"]
ROLES = ["President", "Chief Executive Officer", "Chair", "Executive Director", "Secretary General"]
EVENTS = [("meeting", "Annual Meeting"), ("meeting", "Regional Meeting"), ("launch", "Training Programme"),
          ("statement", "Joint Statement"), ("programme", "Fellowship Programme"),
          ("other", "Workforce Survey")]
PUBLICATIONS = [("journal", "Journal"), ("guidelines", "Standards"), ("report", "Annual Report"),
                ("magazine", "Newsletter")]
GIVEN = """Abba Adele Aiko Alan Alejandro Amander Ana Anders Antonio Arjun Astrid Beatriz Boris
Carla Carlos Chen Claire Daniel Dmitri Dominique Elena Emeka Erik Fatima Fermin Franco Freya
George Hana Hiroshi Ines Ingrid Isabel Ivan Jana Janice Javier Jin Joseph Julia Kaito Kamala
Karin Kenji Kurt Lars Laura Leigh Leonard Lina Lucia Magnus Maria Marta Massimo Mei Miguel
Min Nadim Nadia Ngaire Nils Olga Omar Paolo Patrick Pedro Priya Queenie Rafael Rania Ravi
Rosa Ruth Sakura Samuel Sara Sean Sofia Sowmya Stefan Tariq Teresa Thomas Tomas Uma Valeria
Vera Viktor Wanxing Wei Yara Yoshie Yusuf Zainab Zora""".split()
FAMILY = """Abe Ahmed Alvarez Andersen Bambi Bauer Berg Bianchi Brandt Cano Castro Chen Cui
Dahl Dominici Eriksen Elwood Farge Ferreira Fischer Fogarty Garcia Gunter Hanley Hansen
Hoffmann Horvat Ibrahim Ito Jang Jensen Kato Keller Kim Klein Kowalski Kumar Laning Larsen
Lee Lindqvist Lopez Lund Mahmud Marino Martin Meyer Moreau Mori Muller Nakamura Navarro Nguyen
Nielsen Novak Okafor Olsen Ortiz Park Patel Perez Petrov Poston Quinn Rossi Ruiz Sanchez
Sato Schmidt Shpall Silva Singh Sorensen Suzuki Tanaka Torres Tsurumaki Varga Vidal Viswanathan
Vogel Wagner Walsh Weber Weiss Wong Yamamoto Zon Zubair Zimmermann""".split()
DEGREES = ["MD", "PhD", "MSc", "BSc", "MBA"]

# The cross-record rules the generator can inject, with the records one
# injection adds.
RULES = {"OC101": 2, "OC102": 1, "OC103": 2, "OC110": 1, "OC111": 1, "OC112": 1, "OC113": 1,
         "OC114": 2, "OC120": 2, "OC121": 2, "OC122": 2, "OC130": 2, "OC131": 2, "OC132": 3,
         "OC133": 2, "OC140": 1, "OC141": 1, "OC142": 2, "OC143": 1, "OC144": 1, "OC150": 1,
         "OC151": 1, "OC152": 1, "OC160": 1, "OC161": 1}


# ------------------------------------------------------------------ names

def fold_name(name):
    """orgcheck_fold_name: lower-case letters and digits, "&" as "and",
    dots and apostrophes dropped, other runs one space, no leading "the"."""
    out = []
    pending = False
    for ch in name:
        if ch.isascii() and ch.isalnum() or not ch.isascii():
            if ch == "\u2019":
                continue
            if pending and out:
                out.append(" ")
            pending = False
            out.append(ch.lower() if ch.isascii() else ch)
        elif ch == "&":
            if out:
                out.append(" ")
            out.append("and")
            pending = True
        elif ch in "'.":
            pass
        else:
            pending = True
    text = "".join(out)
    return text[4:] if text.startswith("the ") else text


# Words that acronyms leave out (a few of those OC152 knows).
STOP_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to", "de", "des", "du",
              "et", "la", "le", "les", "y", "da", "di", "der", "die", "und", "van", "voor"}


def words_of(name):
    words = []
    current = []
    for ch in name:
        if ch.isalnum() or not ch.isascii():
            current.append(ch.lower())
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def acronym_fits(acronym, name):
    """The acronym-mismatch rule's test: a prefix (maybe empty) of each
    word of name, in order, spells the acronym's letters and digits."""
    letters = [c.lower() for c in acronym if c.isalnum() or not c.isascii()]
    n = len(letters)
    reach = [False] * (n + 1)
    reach[0] = True
    for word in words_of(name):
        nxt = list(reach)
        for at in range(n):
            if not reach[at]:
                continue
            k = 0
            while k < len(word) and at + k < n and word[k] == letters[at + k]:
                nxt[at + k + 1] = True
                k += 1
        reach = nxt
    return reach[n]


def slug(text):
    out = []
    for ch in text.lower():
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


def esc(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr(text):
    return esc(text).replace('"', "&quot;")


# ------------------------------------------------------------------ dates

def fmt(date):
    y, m, d = date
    if m == 0:
        return "%04d" % y
    if d == 0:
        return "%04d-%02d" % (y, m)
    return "%04d-%02d-%02d" % (y, m, d)


class Corpus:
    def __init__(self, records, seed, rules):
        self.rng = random.Random(seed)
        self.total = records
        self.rules = rules
        self.names = set()        # folded names in use, for uniqueness
        self.ids = set()
        self.next_suffix = {}  # stem -> the suffix claim_id tries first
        self.coined = set()
        self.orgs = []
        self.people = []
        self.expected = []
        self.sources = ["%03d_%016x.txt" % (self.rng.randrange(1000), self.rng.getrandbits(64))
                        for _ in range(max(40, records // 8))]

    # -------------------------------------------------------------- helpers

    def source(self):
        return self.rng.choice(self.sources)

    def other_source(self, not_this):
        while True:
            s = self.source()
            if s != not_this:
                return s

    def claim_name(self, value):
        key = fold_name(value)
        if not key or key in self.names:
            return False
        self.names.add(key)
        return True

    def regular_person(self):
        """A person for a reference: never one an injection made (a person
        with an organization's id, or born after what it founded), whose
        references would bring findings of their own. Drawn as before, and
        again on an injected one: a corpus that drew none stays as it was."""
        while True:
            p = self.rng.choice(self.people)
            if not p.injected:
                return p

    def claim_id(self, wanted):
        candidate = wanted[:60].strip("-")
        stem = wanted[:56].strip("-")
        # The smallest free suffix, searched from where the last search for
        # this stem stopped: every suffix below it is taken, and ids are
        # never given back, so the ids are those of a search from 2, found
        # without the quadratic scan common names cost at a million records.
        n = self.next_suffix.get(stem, 2)
        while candidate in self.ids:
            candidate = "%s-%d" % (stem, n)
            n += 1
        if n > 2:
            self.next_suffix[stem] = n
        self.ids.add(candidate)
        return candidate

    def new_coined(self):
        rng = self.rng
        while True:
            syllables = rng.choice((2, 2, 3, 3, 3))
            word = "".join(rng.choice(CONSONANTS) + rng.choice(VOWELS) for _ in range(syllables))
            word += rng.choice(ENDINGS)
            if word not in self.coined:
                self.coined.add(word)
                return word.capitalize()

    def year_in(self, lo, hi):
        return self.rng.randint(lo, hi) if lo <= hi else None

    def date_in(self, org, lo=None, hi=None, others=()):
        """A date no rule objects to: inside org's lifetime (and every org
        of others), not after TODAY_YEAR. Boundary years are written as
        years alone, so they overlap a founding given with its month."""
        lo_year = max([org.start] + [o.start for o in others] + ([lo] if lo else []))
        hi_year = min([org.end] + [o.end for o in others] + ([hi] if hi else []))
        year = self.year_in(lo_year, hi_year)
        if year is None:
            return None
        bounds = {org.start, org.end} | {o.start for o in others} | {o.end for o in others}
        if year not in bounds and self.rng.random() < 0.3:
            return (year, self.rng.randint(1, 12), 0)
        return (year, 0, 0)

    # -------------------------------------------------------------- records

    def new_person(self, born_lo=1930, born_hi=1985, born=None):
        rng = self.rng
        attempts = 0
        while True:
            given = rng.choice(GIVEN)
            family = rng.choice(FAMILY)
            middle = rng.choice(["", "", ""] + [c + "." for c in "ABCDEFGHJKLMNPRSTW"])
            attempts += 1
            if attempts > PERSON_NAME_ATTEMPTS:
                # The single family names run out past some 160,000 people
                # (a million records need 400,000): a double-barrelled one.
                family = "%s-%s" % (family, rng.choice(FAMILY))
            name = " ".join(p for p in (given, middle, family) if p)
            if self.claim_name(name):
                break
        p = Person(self.claim_id(slug(name)), name)
        p.sources = [self.source()]
        if rng.random() < 0.6:
            p.degrees = rng.sample(DEGREES[:3], rng.choice((1, 1, 2)))
        p.born = born if born is not None else rng.randint(born_lo, born_hi)
        if rng.random() < 0.15:
            p.born_month = rng.randint(1, 12)
        return p

    def new_org(self, founded=None):
        rng = self.rng
        coined = self.new_coined()
        type_word, type_kind = rng.choice(TYPES)
        field = rng.choice(FIELDS)
        template = rng.randrange(3)
        if template == 0:
            name = "%s %s for %s" % (coined, type_word, field)
        elif template == 1:
            name = "%s %s %s" % (coined, field, type_word)
        else:
            name = "%s %s of %s" % (field, type_word, coined)
        assert self.claim_name(name), name
        org = Org(coined, name, type_kind)
        org.about = "A %s for %s" % (type_word.lower(), field.lower())
        org.sources = [self.source()]
        if rng.random() < 0.4:
            org.sources.append(self.other_source(org.sources[0]))
        # An acronym from the initials, with more of the coined word until
        # it is unique: "KSCT", "KOSCT", "KORSCT", ...
        acronym = None
        if rng.random() < 0.85:
            words = name.split()
            for take in range(1, len(coined) + 1):
                letters = []
                for w in words:
                    if w == coined:
                        letters.append(w[:take].upper())
                    elif w not in ("for", "of", "and"):
                        letters.append(w[0].upper())
                candidate = "".join(letters)
                if acronym_fits(candidate, name) and self.claim_name(candidate):
                    acronym = candidate
                    break
        org.acronym = acronym
        base = slug(acronym) if acronym else slug("%s %s" % (coined, type_word))
        org.id = self.claim_id(base)
        if " and " in name and rng.random() < 0.5:
            # The same source writing "&": typography, no second spelling.
            org.variants.append((name.replace(" and ", " & "), org.sources[0]))
        org.start = founded if founded is not None else rng.choice(
            [rng.randint(1900, 1960)] + [rng.randint(1950, 2015)] * 4)
        org.end = TODAY_YEAR
        org.founded = [((org.start, 0, 0), org.sources[0])]
        if rng.random() < 0.25:
            org.founded.append(((org.start, rng.randint(1, 12), 0), self.other_source(org.sources[0])))
        country, cities = rng.choice(COUNTRIES)
        org.country = country
        org.city = rng.choice(cities)
        if country == "US" and rng.random() < 0.6:
            org.tax_id = "%02d-%07d" % (rng.randint(10, 99), rng.randint(0, 9999999))
        if rng.random() < 0.5:
            org.legal = rng.choice(LEGAL)
        return org

    def label_for(self, org):
        r = self.rng.random()
        if org.acronym and r < 0.35:
            return org.acronym
        if org.acronym and r < 0.5:
            return "%s (%s)" % (org.name, org.acronym)
        return org.name

    def person_label(self, person):
        if person.degrees and self.rng.random() < 0.5:
            return "%s, %s" % (person.name, ", ".join(person.degrees))
        return person.name

    def add_figures(self, org):
        rng = self.rng
        if rng.random() < 0.6:
            as_of = self.date_in(org, lo=max(org.start, 2000))
            n = rng.choice((120, 450, 800, 1500, 2300, 5000, 12000))
            src = org.sources[0]
            org.figures.append(("members", "over", n, "over %d" % n, as_of, src))
            if rng.random() < 0.4 and as_of is not None:
                m = n + rng.randint(1, max(1, n // 10))
                org.figures.append(("members", "exact", m, "{:,}".format(m), as_of,
                                    self.other_source(src)))
        if rng.random() < 0.3:
            n = rng.randint(5, 400)
            org.figures.append(("employees", "about", n, None, None, org.sources[0]))

    def add_events(self, org, count=None):
        rng = self.rng
        # Distinct titles: attendances of one event are compared.
        for kind, title in rng.sample(EVENTS, rng.choice((0, 1, 1, 2)) if count is None else count):
            date = self.date_in(org)
            partner = rng.choice(self.orgs) if self.orgs and rng.random() < 0.4 else None
            attendance = rng.choice((None, 150, 900, 3200)) if kind == "meeting" else None
            org.events.append({"kind": kind, "title": "%s %s" % (org.coined, title), "date": date,
                               "ref": (partner.id, self.label_for(partner)) if partner else None,
                               "attendance": attendance, "source": org.sources[-1]})

    def add_publication(self, org):
        rng = self.rng
        if rng.random() < 0.35:
            kind, title = rng.choice(PUBLICATIONS)
            publisher = rng.choice(self.orgs) if self.orgs and rng.random() < 0.3 else None
            org.publications.append({"kind": kind, "title": "%s %s" % (org.coined, title),
                                     "date": self.date_in(org),
                                     "ref": (publisher.id, self.label_for(publisher)) if publisher else None,
                                     "source": org.sources[0]})

    def add_leaders(self, org):
        rng = self.rng
        for _ in range(rng.choice((0, 1, 1, 2))):
            person = self.regular_person()
            start = self.year_in(max(org.start, person.born + 25), org.end)
            if start is None:
                continue
            end = self.year_in(start, org.end) if rng.random() < 0.5 else None
            org.leaders.append({"role": rng.choice(ROLES), "from": (start, 0, 0),
                                "to": (end, 0, 0) if end else None, "person": person,
                                "source": org.sources[0]})

    def relate(self, a, b, kind_a, kind_b, dates, source_a=None, source_b=None, reps=True):
        ra = {"kind": kind_a, "target": b, "label": self.label_for(b), "source": source_a or a.sources[0],
              "reps": [], **dates}
        rb = {"kind": kind_b, "target": a, "label": self.label_for(a), "source": source_b or b.sources[0],
              "reps": [], **dates}
        if reps and self.people and self.rng.random() < 0.2:
            p = self.regular_person()
            ra["reps"].append((p.id, self.person_label(p)))
        a.relationships.append(ra)
        b.relationships.append(rb)
        return ra, rb

    def found(self, org, founder, date, source=None, co_date="same", co_source=None):
        """founder co-founded org: a founder entry on org, a co-founding
        entry on founder."""
        org.founders.append({"target": founder, "label": self.label_for(founder), "date": date,
                             "source": source or org.sources[0], "person": False})
        founder.cofounded.append({"target": org, "label": self.label_for(org),
                                  "date": date if co_date == "same" else co_date,
                                  "source": co_source or founder.sources[0], "reps": []})

    # -------------------------------------------------------------- links

    LINK_KINDS = [
        # kind on A, kind on B, dates, weight
        ("partnership", "partnership", "from", 4),
        ("memorandum", "memorandum", "date", 4),
        ("collaboration", "collaboration", "from", 4),
        ("liaison", "liaison", "none", 1),
        ("related", "related", "none", 1),
        ("member-of", "has-member", "from", 4),
        ("affiliate-of", "has-affiliate", "from", 1),
        ("parent", "child", "from", 1),
        ("advises", "advised-by", "from", 2),
    ]

    def link_regular(self, orgs):
        rng = self.rng
        kinds = [k for k in self.LINK_KINDS for _ in range(k[3])]
        seen = set()
        for a in orgs:
            for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
                b = rng.choice(orgs)
                kind_a, kind_b, dates, _ = rng.choice(kinds)
                key = (min(kind_a, kind_b), min(a.id, b.id), max(a.id, b.id))
                if b is a or key in seen:
                    continue
                if dates == "none":
                    values = {}
                else:
                    d = self.date_in(a, others=(b,))
                    if d is None:
                        continue
                    values = {dates: d}
                    if dates == "from" and rng.random() < 0.25:
                        end = self.year_in(d[0] + 1, min(a.end, b.end))
                        if end is not None:
                            values["to"] = (end, 0, 0)
                seen.add(key)
                self.relate(a, b, kind_a, kind_b, values)
        # Founders: earlier organizations, each stating the co-founding.
        by_start = sorted(orgs, key=lambda o: (o.start, o.id))
        starts = [o.start for o in by_start]
        for a in orgs:
            if rng.random() >= 0.3:
                continue
            earlier = bisect.bisect_left(starts, a.start)
            if earlier == 0:
                continue
            chosen = []
            for _ in range(rng.choice((1, 1, 2))):
                b = by_start[rng.randrange(earlier)]
                if b not in chosen:
                    chosen.append(b)
            date = a.founded[0][0] if rng.random() < 0.7 else None
            source = a.sources[0]
            for b in chosen:
                self.found(a, b, date, source=source)
                if self.people and rng.random() < 0.2:
                    p = self.regular_person()
                    b.cofounded[-1]["reps"].append((p.id, self.person_label(p)))
            if rng.random() < 0.2:
                p = self.regular_person()
                if p.born + 25 < a.start:
                    a.founders.append({"target": p, "label": self.person_label(p), "date": None,
                                       "source": source, "person": True})

    def affiliate_people(self, people, orgs):
        rng = self.rng
        for p in people:
            for _ in range(rng.choice((0, 1, 1, 2))):
                o = rng.choice(orgs)
                start = self.year_in(max(p.born + 22, o.start), o.end)
                if start is None:
                    continue
                end = self.year_in(start, TODAY_YEAR) if rng.random() < 0.5 else None
                p.affiliations.append({"target": o, "label": self.label_for(o), "from": (start, 0, 0),
                                       "to": (end, 0, 0) if end else None,
                                       "role": rng.choice(("member", "professor", "fellow", "director")),
                                       "source": p.sources[0]})

    # -------------------------------------------------------------- injections

    def bare_org(self, founded=None):
        org = self.new_org(founded)
        org.injected = True
        self.orgs.append(org)
        return org

    def expect(self, rule, record_id):
        self.expected.append("%s %s" % (rule, record_id))

    def inject(self, rule, regular_orgs):
        """Builds the records for one discrepancy of rule and records the
        findings it must give."""
        rng = self.rng
        if rule == "OC101":
            a = self.bare_org()
            # A person file with the organization's id: later by path.
            p = self.new_person()
            p.id = a.id
            p.injected = True
            self.people.append(p)
            self.expect(rule, a.id)
        elif rule == "OC102":
            a = self.bare_org()
            a.file_id = a.id + "-record"
            self.ids.add(a.file_id)
            self.expect(rule, a.id)
        elif rule == "OC103":
            a = self.bare_org()
            b = self.bare_org()
            b.aliases.append((a.name, b.sources[0]))
            # In the same country, as OC103 wants of a likely duplicate.
            b.country, b.city = a.country, a.city
            if b.country != "US":
                b.tax_id = None
            later = max((a, b), key=lambda o: o.file_id + ".xml")
            self.expect(rule, later.id)
        elif rule == "OC110":
            a = self.bare_org()
            missing = self.claim_id("former-" + slug(self.new_coined()) + "-secretariat")
            self.ids.add(missing)
            a.events.append({"kind": "meeting", "title": "%s Joint Session" % a.coined,
                             "date": None, "ref": (missing, "Former Secretariat"), "attendance": None,
                             "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC111":
            a = self.bare_org()
            p = self.regular_person()
            a.events.append({"kind": "meeting", "title": "%s Joint Session" % a.coined,
                             "date": None, "ref": (p.id, p.name), "attendance": None,
                             "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC112":
            a = self.bare_org()
            t = rng.choice(regular_orgs)
            words = t.name.split()
            last = words[-1]
            words[-1] = last[:-1] + last[-1] * 2   # "Therapyy"
            a.events.append({"kind": "meeting", "title": "%s Joint Session" % a.coined,
                             "date": None, "ref": (t.id, " ".join(words)), "attendance": None,
                             "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC113":
            a = self.bare_org()
            a.relationships.append({"kind": "related", "target": a, "label": a.name,
                                    "source": a.sources[0], "reps": []})
            self.expect(rule, a.id)
        elif rule == "OC114":
            a = self.bare_org()
            b = self.bare_org()
            ra, _ = self.relate(a, b, "memorandum", "memorandum", {"date": self.date_in(a, others=(b,))},
                                reps=False)
            a.relationships.append(dict(ra))
            self.expect(rule, a.id)
        elif rule == "OC120":
            a = self.bare_org()
            b = self.bare_org()
            self.relate(a, b, "member-of", "has-member", {"from": self.date_in(a, others=(b,))}, reps=False)
            b.relationships.pop()
            self.expect(rule, a.id)
        elif rule == "OC121":
            a = self.bare_org(founded=rng.randint(1950, 1990))
            b = self.bare_org(founded=rng.randint(1950, 1990))
            lo = max(a.start, b.start) + 1
            y1 = rng.randint(lo, 2010)
            y2 = y1 + rng.randint(2, 10)
            ra, rb = self.relate(a, b, "memorandum", "memorandum", {"date": (y1, 0, 0)}, reps=False)
            rb["date"] = (y2, 0, 0)
            self.expect(rule, min(a.id, b.id))
        elif rule == "OC122":
            a = self.bare_org(founded=rng.randint(1960, 2010))
            b = self.bare_org(founded=a.start - rng.randint(5, 30))
            self.found(a, b, (a.start + 2, 0, 0), co_date=None)
            self.expect(rule, a.id)
        elif rule == "OC130":
            a = self.bare_org(founded=rng.randint(1950, 1990))
            b = self.bare_org(founded=a.start + rng.randint(3, 20))
            self.found(a, b, (a.start, 0, 0))
            # Both records state the founding: each gets a finding.
            self.expect(rule, a.id)
            self.expect(rule, b.id)
        elif rule == "OC131":
            a = self.bare_org(founded=rng.randint(1960, 2000))
            p = self.new_person(born=a.start + rng.randint(2, 15))
            p.injected = True
            self.people.append(p)
            a.founders.append({"target": p, "label": p.name, "date": None, "source": a.sources[0],
                               "person": True})
            self.expect(rule, a.id)
        elif rule == "OC132":
            a = self.bare_org(founded=rng.randint(1970, 2010))
            b = self.bare_org(founded=a.start - rng.randint(3, 30))
            c = self.bare_org(founded=a.start - rng.randint(3, 30))
            first = a.sources[0]
            second = self.other_source(first)
            self.found(a, b, None, source=first)
            self.found(a, c, None, source=first)
            a.founders.append({"target": b, "label": self.label_for(b), "date": None,
                               "source": second, "person": False})
            self.expect(rule, a.id)
        elif rule == "OC133":
            # Each the other's parent (and child): a loop of ancestors,
            # stated on both sides, reported once on the smaller id.
            a = self.bare_org()
            b = self.bare_org()
            self.relate(a, b, "parent", "child", {}, reps=False)
            self.relate(b, a, "parent", "child", {}, reps=False)
            self.expect(rule, min(a.id, b.id))
        elif rule == "OC140":
            a = self.bare_org(founded=rng.randint(1950, 2010))
            a.founded = a.founded[:1]
            a.dissolved = [((a.start - rng.randint(1, 5), 0, 0), self.other_source(a.sources[0]))]
            self.expect(rule, a.id)
        elif rule == "OC141":
            a = self.bare_org(founded=rng.randint(1950, 2010))
            a.events.append({"kind": "meeting", "title": "%s Founding Assembly" % a.coined,
                             "date": (a.start - rng.randint(2, 6), 0, 0), "ref": None,
                             "attendance": None, "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC142":
            a = self.bare_org(founded=rng.randint(1950, 1980))
            b = self.bare_org(founded=a.start + rng.randint(5, 20))
            y = rng.randint(a.start + 1, b.start - 1)
            _, rb = self.relate(a, b, "memorandum", "memorandum", {"date": (y, 0, 0)}, reps=False)
            del rb["date"]
            self.expect(rule, a.id)
        elif rule == "OC143":
            a = self.bare_org()
            a.events.append({"kind": "meeting", "title": "%s Congress" % a.coined,
                             "date": (2027, rng.randint(1, 12), 0), "ref": None,
                             "attendance": None, "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC144":
            a = self.bare_org(founded=rng.randint(1950, 2000))
            p = self.regular_person()
            y1 = rng.randint(a.start + 1, 2015)
            a.leaders.append({"role": "President", "from": (y1 + rng.randint(2, 8), 0, 0),
                              "to": (y1, 0, 0), "person": p, "source": a.sources[0]})
            self.expect(rule, a.id)
        elif rule == "OC150":
            a = self.bare_org(founded=rng.randint(1950, 2010))
            if rng.random() < 0.5:
                a.founded = a.founded[:1] + [((a.start + rng.randint(2, 6), 0, 0),
                                              self.other_source(a.sources[0]))]
            else:
                other = [c for c, _ in COUNTRIES if c != a.country]
                a.extra_hq = (rng.choice(other), self.other_source(a.sources[0]))
            self.expect(rule, a.id)
        elif rule == "OC151":
            a = self.bare_org()
            variant = a.name.replace(" for ", " of ") if " for " in a.name else a.name + " International"
            assert self.claim_name(variant)
            a.variants = [(variant, self.other_source(a.sources[0]))]
            self.expect(rule, a.id)
        elif rule == "OC152":
            a = self.bare_org()
            # A slip of the name's initials, what OC152 reports and nothing
            # else: one letter wrong (a letter the name does not have, so
            # that no reading of the name's words can fit it), the last
            # letter first; then two neighbours swapped. In a million
            # records every wrong last letter of some names is taken.
            initials = "".join(w[0] for w in words_of(a.name) if w not in STOP_WORDS).upper()
            letters = [c for c in "QXZJKWY" if c.lower() not in a.name.lower()]
            candidates = [initials[:i] + c + initials[i + 1:]
                          for i in reversed(range(len(initials))) for c in letters] + \
                [initials[:i] + initials[i + 1] + initials[i] + initials[i + 2:]
                 for i in reversed(range(len(initials) - 1)) if initials[i] != initials[i + 1]]
            for candidate in candidates:
                if len(candidate) >= 3 and not acronym_fits(candidate, a.name) and \
                        self.claim_name(candidate):
                    a.extra_acronyms.append(candidate)
                    break
            else:
                raise SystemExit("gencorpus: no slipped acronym for " + a.name)
            self.expect(rule, a.id)
        elif rule == "OC160":
            a = self.bare_org()
            a.figures = [("employees", "exact", -rng.randint(1, 50), None, None, a.sources[0])]
            self.expect(rule, a.id)
        elif rule == "OC161":
            a = self.bare_org(founded=rng.randint(1950, 2000))
            as_of = (rng.randint(2005, 2020), 0, 0)
            n = rng.choice((1000, 2300, 4000))
            a.figures = [("members", "over", n, "over %d" % n, as_of, a.sources[0]),
                         ("members", "exact", n * 8 // 10, None, as_of, self.other_source(a.sources[0]))]
            self.expect(rule, a.id)
        else:
            raise SystemExit("gencorpus: no injection for " + rule)

    # -------------------------------------------------------------- build

    def build(self):
        rng = self.rng
        rounds = max(1, round(self.total * INJECTIONS_PER_10K / 10000))
        # Records the injections add: counted first so the total is N.
        injected_records = rounds * sum(RULES[rule] for rule in self.rules)
        regular = self.total - injected_records
        if regular < 20:
            raise SystemExit("gencorpus: --records must be at least %d" % (injected_records + 20))
        n_people = int(regular * PERSON_SHARE)
        n_orgs = regular - n_people
        for _ in range(n_people):
            self.people.append(self.new_person())
        for _ in range(n_orgs):
            self.orgs.append(self.new_org())
        regular_orgs = list(self.orgs)
        for org in regular_orgs:
            self.add_figures(org)
            self.add_events(org)
            self.add_publication(org)
            self.add_leaders(org)
            if rng.random() < 0.04:
                # Dissolved after everything it did.
                last = max([org.start + 5] + [e["date"][0] for e in org.events if e["date"]] +
                           [p["date"][0] for p in org.publications if p["date"]] +
                           [f[4][0] for f in org.figures if f[4]] +
                           [max(l["from"][0], l["to"][0] if l["to"] else 0) for l in org.leaders])
                if last <= TODAY_YEAR - 1:
                    org.end = rng.randint(last, TODAY_YEAR - 1)
                    org.dissolved = [((org.end, 0, 0), org.sources[0])]
        self.link_regular(regular_orgs)
        self.affiliate_people(self.people, regular_orgs)
        for _ in range(rounds):
            for rule in self.rules:
                self.inject(rule, regular_orgs)
        assert len(self.orgs) + len(self.people) == self.total, (len(self.orgs), len(self.people))

    def write(self, out):
        records = os.path.join(out, "records")
        if os.path.exists(records):
            shutil.rmtree(records)
        os.makedirs(os.path.join(records, "organizations"))
        os.makedirs(os.path.join(records, "people"))
        for org in self.orgs:
            with open(os.path.join(records, "organizations", org.file_id + ".xml"), "w",
                      encoding="utf-8") as f:
                f.write(org.xml())
        for p in self.people:
            with open(os.path.join(records, "people", p.id + ".xml"), "w", encoding="utf-8") as f:
                f.write(p.xml())
        with open(os.path.join(out, "expected.txt"), "w", encoding="utf-8") as f:
            for line in sorted(self.expected):
                f.write(line + "\n")


class Person:
    def __init__(self, pid, name):
        self.id = pid
        self.name = name
        self.degrees = []
        self.sources = []
        self.born = 1950
        self.born_month = 0
        self.affiliations = []
        self.injected = False

    def xml(self):
        src = self.sources[0]
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
               '<person xmlns="urn:orgcheck:record:1" id="%s">\n' % self.id,
               '  <name source="%s">%s</name>\n' % (src, esc(self.name))]
        if self.degrees:
            out.append("  <honorifics>\n")
            for d in self.degrees:
                out.append('    <honorific source="%s">%s</honorific>\n' % (src, d))
            out.append("  </honorifics>\n")
        out.append('  <description source="%s">A researcher and clinician named in %s.</description>\n'
                   % (src, src))
        out.append('  <born source="%s">%s</born>\n' % (src, fmt((self.born, self.born_month, 0))))
        if self.affiliations:
            out.append("  <affiliations>\n")
            for a in self.affiliations:
                extra = ' from="%s"' % fmt(a["from"])
                if a["to"]:
                    extra += ' to="%s"' % fmt(a["to"])
                out.append('    <affiliation role="%s"%s source="%s">\n' % (a["role"], extra, a["source"]))
                out.append('      <org-ref ref="%s">%s</org-ref>\n' % (a["target"].id, esc(a["label"])))
                out.append("    </affiliation>\n")
            out.append("  </affiliations>\n")
        out.append("</person>\n")
        return "".join(out)


class Org:
    def __init__(self, coined, name, type_kind):
        self.coined = coined
        self.name = name
        self.type_kind = type_kind
        self.about = ""
        self.id = None
        self._file_id = None
        self.acronym = None
        self.extra_acronyms = []
        self.variants = []
        self.aliases = []
        self.sources = []
        self.start = 1990
        self.end = TODAY_YEAR
        self.founded = []
        self.dissolved = []
        self.country = "US"
        self.city = None
        self.extra_hq = None
        self.tax_id = None
        self.legal = None
        self.figures = []
        self.leaders = []
        self.founders = []
        self.cofounded = []
        self.relationships = []
        self.events = []
        self.publications = []
        self.injected = False

    @property
    def file_id(self):
        return self._file_id or self.id

    @file_id.setter
    def file_id(self, value):
        self._file_id = value

    def xml(self):
        src = self.sources[0]
        all_sources = " ".join(self.sources)
        out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
               '<organization xmlns="urn:orgcheck:record:1" id="%s">\n' % self.id,
               '  <name source="%s">%s</name>\n' % (src, esc(self.name))]
        others = ([("acronym", a, all_sources) for a in ([self.acronym] if self.acronym else [])] +
                  [("acronym", a, src) for a in self.extra_acronyms] +
                  [("variant", v, s) for v, s in self.variants] +
                  [("alias", v, s) for v, s in self.aliases])
        if others:
            out.append("  <other-names>\n")
            for kind, value, s in others:
                out.append('    <name kind="%s" source="%s">%s</name>\n' % (kind, s, esc(value)))
            out.append("  </other-names>\n")
        out.append('  <description source="%s">%s, bringing together clinicians, researchers, '
                   'regulators and industry partners from %s.</description>\n'
                   % (src, esc(self.about), esc(self.city)))
        out.append('  <type source="%s">%s</type>\n' % (all_sources, self.type_kind))
        if self.legal:
            out.append('  <legal-status source="%s">%s</legal-status>\n' % (src, esc(self.legal)))
        out.append('  <headquarters source="%s">\n    <city>%s</city>\n    <country>%s</country>\n'
                   '  </headquarters>\n' % (src, esc(self.city), self.country))
        if self.extra_hq:
            out.append('  <headquarters source="%s">\n    <country>%s</country>\n  </headquarters>\n'
                       % (self.extra_hq[1], self.extra_hq[0]))
        if self.tax_id:
            out.append('  <identifiers>\n    <us-tax-id source="%s">%s</us-tax-id>\n  </identifiers>\n'
                       % (src, self.tax_id))
        out.append("  <dates>\n")
        for date, s in self.founded:
            out.append('    <founded source="%s">%s</founded>\n' % (s, fmt(date)))
        for date, s in self.dissolved:
            out.append('    <dissolved source="%s">%s</dissolved>\n' % (s, fmt(date)))
        out.append("  </dates>\n")
        if self.figures:
            out.append("  <figures>\n")
            for kind, qualifier, value, written, as_of, s in self.figures:
                extra = ' qualifier="%s"' % qualifier
                if written:
                    extra += ' as-written="%s"' % attr(written)
                if as_of:
                    extra += ' as-of="%s"' % fmt(as_of)
                out.append('    <figure kind="%s"%s source="%s">%d</figure>\n' % (kind, extra, s, value))
            out.append("  </figures>\n")
        if self.leaders:
            out.append("  <leaders>\n")
            for l in self.leaders:
                extra = ' from="%s"' % fmt(l["from"])
                if l["to"]:
                    extra += ' to="%s"' % fmt(l["to"])
                out.append('    <leader role="%s"%s source="%s">\n' % (l["role"], extra, l["source"]))
                out.append('      <person-ref ref="%s">%s</person-ref>\n'
                           % (l["person"].id, esc(l["person"].name)))
                out.append("    </leader>\n")
            out.append("  </leaders>\n")
        if self.founders:
            out.append("  <founders>\n")
            for f in self.founders:
                extra = ' date="%s"' % fmt(f["date"]) if f["date"] else ""
                out.append('    <founder%s source="%s">\n' % (extra, f["source"]))
                element = "person-ref" if f["person"] else "org-ref"
                out.append('      <%s ref="%s">%s</%s>\n' % (element, f["target"].id, esc(f["label"]), element))
                out.append("    </founder>\n")
            out.append("  </founders>\n")
        if self.cofounded:
            out.append("  <co-founded>\n")
            for c in self.cofounded:
                extra = ' date="%s"' % fmt(c["date"]) if c["date"] else ""
                out.append('    <co-founding%s source="%s">\n' % (extra, c["source"]))
                out.append('      <org-ref ref="%s">%s</org-ref>\n' % (c["target"].id, esc(c["label"])))
                for pid, label in c["reps"]:
                    out.append('      <representative role="board" source="%s">\n'
                               '        <person-ref ref="%s">%s</person-ref>\n'
                               '      </representative>\n' % (c["source"], pid, esc(label)))
                out.append("    </co-founding>\n")
            out.append("  </co-founded>\n")
        if self.relationships:
            out.append("  <relationships>\n")
            for r in self.relationships:
                extra = ""
                for key in ("date", "from", "to"):
                    if r.get(key):
                        extra += ' %s="%s"' % (key, fmt(r[key]))
                out.append('    <relationship kind="%s"%s source="%s">\n' % (r["kind"], extra, r["source"]))
                out.append('      <org-ref ref="%s">%s</org-ref>\n' % (r["target"].id, esc(r["label"])))
                for pid, label in r["reps"]:
                    out.append('      <representative source="%s">\n'
                               '        <person-ref ref="%s">%s</person-ref>\n'
                               '      </representative>\n' % (r["source"], pid, esc(label)))
                out.append("    </relationship>\n")
            out.append("  </relationships>\n")
        if self.events:
            out.append("  <events>\n")
            for e in self.events:
                extra = ' date="%s"' % fmt(e["date"]) if e["date"] else ""
                out.append('    <event kind="%s"%s source="%s">\n' % (e["kind"], extra, e["source"]))
                out.append("      <title>%s</title>\n" % esc(e["title"]))
                if e["attendance"]:
                    out.append('      <attendance qualifier="nearly">%d</attendance>\n' % e["attendance"])
                if e["ref"]:
                    out.append('      <org-ref ref="%s">%s</org-ref>\n' % (e["ref"][0], esc(e["ref"][1])))
                out.append("    </event>\n")
            out.append("  </events>\n")
        if self.publications:
            out.append("  <publications>\n")
            for p in self.publications:
                extra = ' date="%s"' % fmt(p["date"]) if p["date"] else ""
                out.append('    <publication kind="%s"%s source="%s">\n' % (p["kind"], extra, p["source"]))
                out.append("      <title>%s</title>\n" % esc(p["title"]))
                if p["ref"]:
                    out.append('      <publisher>\n        <org-ref ref="%s">%s</org-ref>\n'
                               '      </publisher>\n' % (p["ref"][0], esc(p["ref"][1])))
                out.append("    </publication>\n")
            out.append("  </publications>\n")
        out.append("</organization>\n")
        return "".join(out)


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, required=True, help="how many records to write")
    parser.add_argument("--seed", type=int, default=1, help="the random seed (default 1)")
    parser.add_argument("--out", required=True, help="the directory to write into")
    parser.add_argument("--rules", default=",".join(RULES),
                        help="comma-separated rule ids to inject (default: every one known); "
                             "ids the generator cannot inject are reported and skipped")
    args = parser.parse_args(argv)
    rules = []
    for rule in args.rules.split(","):
        rule = rule.strip()
        if not rule:
            continue
        if rule not in RULES:
            sys.stderr.write("gencorpus: cannot inject %s; skipped\n" % rule)
        elif rule not in rules:
            rules.append(rule)
    rules.sort()
    corpus = Corpus(args.records, args.seed, rules)
    corpus.build()
    os.makedirs(args.out, exist_ok=True)
    corpus.write(args.out)
    print("gencorpus: %d records (%d organizations, %d people), %d expected findings in %s"
          % (args.records, len(corpus.orgs), len(corpus.people), len(corpus.expected), args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
