#include <orgcheck/rule.h>

#include <string.h>

#define COUNT(array) (sizeof(array) / sizeof((array)[0]))

/* Reading files. */
static const struct orgcheck_rule reading[] = {
	{ ORGCHECK_RULE_UNREADABLE, "unreadable-file", ORGCHECK_SEVERITY_ERROR,
	  "A record file, or a directory that holds records, could not be read: "
	  "it is unreadable, a dangling link, not a regular file, or larger than "
	  "orgcheck accepts (16 MiB, 100,000 tags, 200,000 attributes or 1,000 "
	  "on one element, 1,000 namespace declarations). Nothing in it was "
	  "checked.",
	  NULL, NULL },
	{ ORGCHECK_RULE_NOT_WELL_FORMED, "not-well-formed", ORGCHECK_SEVERITY_ERROR,
	  "The file is not well-formed XML (or is empty, binary, truncated or in "
	  "an encoding that does not match its declaration), so it cannot be "
	  "read as a record. The parser's first errors are reported with their "
	  "line and column.",
	  NULL, NULL },
	{ ORGCHECK_RULE_FORBIDDEN_MARKUP, "forbidden-markup", ORGCHECK_SEVERITY_ERROR,
	  "The file has a document type declaration (<!DOCTYPE ...>). Records "
	  "never need one, and a DTD is how entity expansion bombs and external "
	  "entities reach a parser, so orgcheck stops reading the file there "
	  "and loads nothing it names. An <?xml-stylesheet?> processing "
	  "instruction, which asks whoever opens the record to fetch and run a "
	  "stylesheet, is reported too; orgcheck never loads it and reads the "
	  "rest of the record.",
	  NULL, NULL },
	{ ORGCHECK_RULE_UNKNOWN_RECORD_KIND, "unknown-record-kind", ORGCHECK_SEVERITY_ERROR,
	  "The root element is not a record orgcheck knows: records are "
	  "<organization> or <person> in the namespace urn:orgcheck:record:1. A "
	  "wrong or missing namespace is the usual cause.",
	  NULL, NULL },
	{ ORGCHECK_RULE_SCHEMA_INVALID, "schema-invalid", ORGCHECK_SEVERITY_ERROR,
	  "The record does not follow the record schema (schemas/record.xsd): a "
	  "missing or unexpected element or attribute, a value of the wrong "
	  "form (a date, a country code, a tax id, a record id), or parts in "
	  "the wrong order. Every violation in the file is reported.",
	  NULL, NULL },
	{ ORGCHECK_RULE_DIRECTORY_LOOP, "directory-loop", ORGCHECK_SEVERITY_WARNING,
	  "A directory was reached a second time through a symbolic link while "
	  "looking for records; orgcheck did not descend into it again. Each "
	  "record file is checked once.",
	  NULL, NULL },
};

/* Custom rules. */
static const struct orgcheck_rule custom[] = {
	{ ORGCHECK_RULE_SCHEMATRON, "schematron", ORGCHECK_SEVERITY_WARNING,
	  "An assertion of a curator's Schematron schema (check --schematron, or "
	  "a schematron entry of the rules configuration) failed, or one of its "
	  "reports fired. The finding is reported under the assertion's own id "
	  "(of the assert or report, else of its rule, else of its pattern), at "
	  "the context node's file and line; its severity comes from the "
	  "assertion's role (error, fatal: error; warning: warning; info: info), "
	  "else from the schema entry's default, else this rule's.",
	  NULL, NULL },
};

/* Configuration. */
static const struct orgcheck_rule configuration[] = {
	{ ORGCHECK_RULE_UNUSED_EXCEPTION, "unused-exception", ORGCHECK_SEVERITY_WARNING,
	  "An exception in the rules configuration matched no finding: the "
	  "problem it excused is gone (or the exception names the wrong rule "
	  "or record). Remove it so the configuration only shrinks.",
	  NULL, NULL },
	{ ORGCHECK_RULE_STALE_BASELINE, "stale-baseline-entry", ORGCHECK_SEVERITY_WARNING,
	  "An entry of the baseline (check --baseline) counts more findings than "
	  "the run has: they were fixed. Run 'orgcheck baseline --prune' so the "
	  "baseline only shrinks.",
	  NULL, NULL },
};

const struct orgcheck_rule *orgcheck_rules_reading(size_t *count_out)
{
	*count_out = COUNT(reading);
	return reading;
}

const struct orgcheck_rule *orgcheck_rules_custom(size_t *count_out)
{
	*count_out = COUNT(custom);
	return custom;
}

const struct orgcheck_rule *orgcheck_rules_configuration(size_t *count_out)
{
	*count_out = COUNT(configuration);
	return configuration;
}

const struct orgcheck_rule *orgcheck_rule_pipeline_find(const char *id)
{
	static const struct {
		const struct orgcheck_rule *rules;
		size_t count;
	} groups[] = {
		{ reading, COUNT(reading) },
		{ custom, COUNT(custom) },
		{ configuration, COUNT(configuration) },
	};
	size_t g;
	size_t i;

	for (g = 0; g < COUNT(groups); g++) {
		for (i = 0; i < groups[g].count; i++) {
			if (strcmp(groups[g].rules[i].id, id) == 0)
				return &groups[g].rules[i];
		}
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
