#include <orgcheck/catalog.h>

#include <string.h>

#include "rules/rules.h"

static const struct orgcheck_rule rules[] = {
	{ ORGCHECK_RULE_UNREADABLE, "unreadable-file", ORGCHECK_SEVERITY_ERROR,
	  "A record file, or a directory that holds records, could not be read: "
	  "it is unreadable, a dangling link, not a regular file, or larger than "
	  "orgcheck accepts (16 MiB, 100,000 tags, 200,000 attributes or 1,000 "
	  "on one element, 1,000 namespace declarations). Nothing in it was "
	  "checked.",
	  NULL },
	{ ORGCHECK_RULE_NOT_WELL_FORMED, "not-well-formed", ORGCHECK_SEVERITY_ERROR,
	  "The file is not well-formed XML (or is empty, binary, truncated or in "
	  "an encoding that does not match its declaration), so it cannot be "
	  "read as a record. The parser's first errors are reported with their "
	  "line and column.",
	  NULL },
	{ ORGCHECK_RULE_FORBIDDEN_MARKUP, "forbidden-markup", ORGCHECK_SEVERITY_ERROR,
	  "The file has a document type declaration (<!DOCTYPE ...>). Records "
	  "never need one, and a DTD is how entity expansion bombs and external "
	  "entities reach a parser, so orgcheck stops reading the file there "
	  "and loads nothing it names. An <?xml-stylesheet?> processing "
	  "instruction, which asks whoever opens the record to fetch and run a "
	  "stylesheet, is reported too; orgcheck never loads it and reads the "
	  "rest of the record.",
	  NULL },
	{ ORGCHECK_RULE_UNKNOWN_RECORD_KIND, "unknown-record-kind", ORGCHECK_SEVERITY_ERROR,
	  "The root element is not a record orgcheck knows: records are "
	  "<organization> or <person> in the namespace urn:orgcheck:record:1. A "
	  "wrong or missing namespace is the usual cause.",
	  NULL },
	{ ORGCHECK_RULE_SCHEMA_INVALID, "schema-invalid", ORGCHECK_SEVERITY_ERROR,
	  "The record does not follow the record schema (schemas/record.xsd): a "
	  "missing or unexpected element or attribute, a value of the wrong "
	  "form (a date, a country code, a tax id, a record id), or parts in "
	  "the wrong order. Every violation in the file is reported.",
	  NULL },
	{ ORGCHECK_RULE_DIRECTORY_LOOP, "directory-loop", ORGCHECK_SEVERITY_WARNING,
	  "A directory was reached a second time through a symbolic link while "
	  "looking for records; orgcheck did not descend into it again. Each "
	  "record file is checked once.",
	  NULL },

	/* Identity */
	{ "OC101", "duplicate-id", ORGCHECK_SEVERITY_ERROR,
	  "Two or more records have the same id. Ids must be unique across the "
	  "corpus, or references to them are ambiguous; every record but the "
	  "first (by path) is reported, with the first as related location.",
	  orgcheck_rule_duplicate_id },
	{ "OC102", "id-file-mismatch", ORGCHECK_SEVERITY_ERROR,
	  "A record's id differs from its file name (without \".xml\"). The file "
	  "name is how curators find a record, so the two must agree.",
	  orgcheck_rule_id_file_mismatch },
	{ "OC103", "possible-duplicate", ORGCHECK_SEVERITY_WARNING,
	  "Two records share a name, alias or acronym (compared case- and "
	  "punctuation-folded). They may describe the same organization or "
	  "person twice; if they do not, one name is ambiguous.",
	  orgcheck_rule_possible_duplicate },

	/* References */
	{ "OC110", "unresolved-reference", ORGCHECK_SEVERITY_ERROR,
	  "A reference names a record id that no record has. The message "
	  "suggests the closest ids and names by edit distance.",
	  orgcheck_rule_unresolved_reference },
	{ "OC111", "wrong-target-kind", ORGCHECK_SEVERITY_ERROR,
	  "An <org-ref> points to a person record, or a <person-ref> to an "
	  "organization record.",
	  orgcheck_rule_wrong_target_kind },
	{ "OC112", "label-mismatch", ORGCHECK_SEVERITY_WARNING,
	  "The label a source wrote for a reference matches none of the "
	  "target's names, aliases or acronyms (case- and punctuation-folded; "
	  "\"Name (ACRONYM)\" and a person's degrees after a comma are "
	  "understood). Either the source misspells the name or the reference "
	  "points to the wrong record; the closest known name is suggested.",
	  orgcheck_rule_label_mismatch },
	{ "OC113", "self-reference", ORGCHECK_SEVERITY_ERROR,
	  "A record names itself as its founder, partner, parent or other "
	  "relation.",
	  orgcheck_rule_self_reference },
	{ "OC114", "duplicate-entry", ORGCHECK_SEVERITY_WARNING,
	  "The same target is listed twice under one kind of relationship in "
	  "one record (two partnerships with the same organization, the same "
	  "founder twice from one source).",
	  orgcheck_rule_duplicate_entry },

	/* Links */
	{ "OC120", "one-sided-link", ORGCHECK_SEVERITY_WARNING,
	  "A link whose kind is symmetric (partnership, memorandum, "
	  "collaboration, liaison, related) or has an inverse (member-of and "
	  "has-member, parent and child, co-founded and founded-by, ...) is "
	  "stated on one record but not on the other. The finding is on the "
	  "record that holds the link, with the other record as related "
	  "location. A person named as founder is not expected to list the "
	  "co-founding; references to missing records or to the record itself "
	  "are left to OC110 and OC113; a link listed twice is reported once.",
	  orgcheck_rule_one_sided_link },
	{ "OC121", "link-dates-disagree", ORGCHECK_SEVERITY_WARNING,
	  "Both records state a link and a date for it (the year of a "
	  "memorandum, the start of a membership) and the dates cannot be the "
	  "same at the precision given. Each disagreement is reported once, "
	  "on the record whose id sorts first, with the other record's link "
	  "as related location.",
	  orgcheck_rule_link_dates_disagree },
	{ "OC122", "cofounding-date-mismatch", ORGCHECK_SEVERITY_WARNING,
	  "A founder says it co-founded an organization on a date that none "
	  "of that organization's founding dates allows, or an organization "
	  "dates a founder's founding on a date that none of its own founding "
	  "dates allows. Silent when no founding date is stated.",
	  orgcheck_rule_cofounding_date_mismatch },

	/* Founders */
	{ "OC130", "founder-founded-later", ORGCHECK_SEVERITY_ERROR,
	  "A founding organization was itself founded after the organization "
	  "it founded (stated by a founder on the founded record, or by a "
	  "co-founding on the founder's record; each record that states it "
	  "gets a finding).",
	  orgcheck_rule_founder_founded_later },
	{ "OC131", "founder-born-later", ORGCHECK_SEVERITY_ERROR,
	  "A founding person was born after the organization they founded was "
	  "founded.",
	  orgcheck_rule_founder_born_later },
	{ "OC132", "founder-sets-differ", ORGCHECK_SEVERITY_WARNING,
	  "Different sources name different sets of founders for one "
	  "organization (a founder claim with several sources counts for "
	  "each); every source is compared with the first by name, and the "
	  "first difference is reported, with both sets and their sources. "
	  "Silent when a founder reference does not resolve.",
	  orgcheck_rule_founder_sets_differ },
	{ "OC133", "founding-cycle", ORGCHECK_SEVERITY_ERROR,
	  "Organizations found each other in a circle (a was founded by b, "
	  "which was founded by a, stated by founders or co-foundings), or "
	  "parent organizations loop (a has the parent b, whose parent is a). "
	  "No organization can be its own founder or ancestor. Each circle is "
	  "reported once, on its record with the smallest id, with the "
	  "shortest cycle through it and the other records' statements as "
	  "related locations.",
	  orgcheck_rule_founding_cycle },

	/* Dates */
	{ "OC140", "dissolved-before-founded", ORGCHECK_SEVERITY_ERROR,
	  "An organization was dissolved wholly before the earliest founding "
	  "date claimed for it (or a person died before the earliest birth "
	  "date), at the precision given.",
	  orgcheck_rule_dissolved_before_founded },
	{ "OC141", "outside-lifetime", ORGCHECK_SEVERITY_WARNING,
	  "A leader's term, an event, a publication, a founder's date, a "
	  "figure's as-of date or a relationship date lies wholly before the "
	  "earliest founding date or after the latest dissolution date of the "
	  "organization; dates that overlap at the precision given are "
	  "accepted.",
	  orgcheck_rule_outside_lifetime },
	{ "OC142", "relationship-before-party", ORGCHECK_SEVERITY_ERROR,
	  "A relationship starts before the other party existed: a "
	  "partnership, memorandum, collaboration, liaison, membership, "
	  "affiliation, parent/child or advisory link whose date (or start) "
	  "lies wholly before the other organization's earliest founding "
	  "date.",
	  orgcheck_rule_relationship_before_party },
	{ "OC143", "date-in-future", ORGCHECK_SEVERITY_ERROR,
	  "A date lies after today (--today fixes \"today\" for reproducible "
	  "runs).",
	  orgcheck_rule_date_in_future },
	{ "OC144", "term-reversed", ORGCHECK_SEVERITY_ERROR,
	  "A term, relationship or affiliation starts after it ends.",
	  orgcheck_rule_term_reversed },

	/* Claims */
	{ "OC150", "conflicting-claims", ORGCHECK_SEVERITY_WARNING,
	  "One fact that has a single value (a founding, incorporation or "
	  "dissolution date, a birth or death date, a headquarters country, a "
	  "US tax id, an identifier in another scheme, a legal status) is "
	  "stated with different values by claims with different sources; "
	  "both values and both sources are quoted. Dates conflict only when "
	  "they cannot be the same at the precision given; legal statuses are "
	  "compared ignoring case and spacing.",
	  orgcheck_rule_conflicting_claims },
	{ "OC151", "name-spellings-differ", ORGCHECK_SEVERITY_WARNING,
	  "Sources spell an organization's name differently: the record keeps "
	  "a variant spelling beside its display name, from another source, or "
	  "from the same source spelling the name two ways (not counting case, "
	  "punctuation, \"&\" for \"and\" or a leading \"The\").",
	  orgcheck_rule_name_spellings_differ },
	{ "OC152", "acronym-mismatch", ORGCHECK_SEVERITY_INFO,
	  "An acronym does not fit any of the record's names: its letters and "
	  "digits cannot be spelled by taking a leading part (possibly none) "
	  "of each of the name's words in order. Often harmless (an acronym "
	  "from another language), sometimes a sign that the name or the "
	  "acronym is wrong.",
	  orgcheck_rule_acronym_mismatch },

	/* Figures */
	{ "OC160", "negative-count", ORGCHECK_SEVERITY_ERROR,
	  "A count (members, employees, committees, countries, attendance) is "
	  "negative.",
	  orgcheck_rule_negative_count },
	{ "OC161", "figures-disagree", ORGCHECK_SEVERITY_WARNING,
	  "Two claims about the same figure (same kind, same event for "
	  "attendance, same as-of date at the same precision, or both without "
	  "one) cannot both be true given their qualifiers (\"nearly n\" is "
	  "90-100% of n, \"about n\" within 10%): \"over 2300\" and \"2,350\" "
	  "agree, \"over 2300\" and \"1,900\" do not.",
	  orgcheck_rule_figures_disagree },

	/* Custom rules */
	{ ORGCHECK_RULE_SCHEMATRON, "schematron", ORGCHECK_SEVERITY_WARNING,
	  "An assertion of a curator's Schematron schema (check --schematron, or "
	  "a schematron entry of the rules configuration) failed, or one of its "
	  "reports fired. The finding is reported under the assertion's own id "
	  "(of the assert or report, else of its rule, else of its pattern), at "
	  "the context node's file and line; its severity comes from the "
	  "assertion's role (error, fatal: error; warning: warning; info: info), "
	  "else from the schema entry's default, else this rule's.",
	  NULL },

	/* Configuration */
	{ ORGCHECK_RULE_UNUSED_EXCEPTION, "unused-exception", ORGCHECK_SEVERITY_WARNING,
	  "An exception in the rules configuration matched no finding: the "
	  "problem it excused is gone (or the exception names the wrong rule "
	  "or record). Remove it so the configuration only shrinks.",
	  NULL },
	{ ORGCHECK_RULE_STALE_BASELINE, "stale-baseline-entry", ORGCHECK_SEVERITY_WARNING,
	  "An entry of the baseline (check --baseline) counts more findings than "
	  "the run has: they were fixed. Run 'orgcheck baseline --prune' so the "
	  "baseline only shrinks.",
	  NULL },
};

const struct orgcheck_rule *orgcheck_catalog_rules(size_t *count_out)
{
	*count_out = sizeof(rules) / sizeof(rules[0]);
	return rules;
}

const struct orgcheck_rule *orgcheck_catalog_find(const char *id)
{
	size_t i;

	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		if (strcmp(rules[i].id, id) == 0)
			return &rules[i];
	}
	return NULL;
}

const char *orgcheck_severity_name(enum orgcheck_severity severity)
{
	switch (severity) {
	case ORGCHECK_SEVERITY_ERROR:
		return "error";
	case ORGCHECK_SEVERITY_WARNING:
		return "warning";
	case ORGCHECK_SEVERITY_INFO:
		return "info";
	}
	return "error";
}

int orgcheck_severity_parse(enum orgcheck_severity *out, const char *name)
{
	if (strcmp(name, "error") == 0)
		*out = ORGCHECK_SEVERITY_ERROR;
	else if (strcmp(name, "warning") == 0)
		*out = ORGCHECK_SEVERITY_WARNING;
	else if (strcmp(name, "info") == 0)
		*out = ORGCHECK_SEVERITY_INFO;
	else
		return -1;
	return 0;
}
