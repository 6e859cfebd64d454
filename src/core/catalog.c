#include "catalog.h"

#include <string.h>

static const struct orgcheck_rule rules[] = {
	{ ORGCHECK_RULE_UNREADABLE, "unreadable-file", ORGCHECK_SEVERITY_ERROR,
	  "A record file, or a directory that holds records, could not be read: "
	  "it is unreadable, a dangling link, not a regular file, or larger than "
	  "orgcheck accepts. Nothing in it was checked." },
	{ ORGCHECK_RULE_NOT_WELL_FORMED, "not-well-formed", ORGCHECK_SEVERITY_ERROR,
	  "The file is not well-formed XML (or is empty, binary, truncated or in "
	  "an encoding that does not match its declaration), so it cannot be "
	  "read as a record. The parser's first errors are reported with their "
	  "line and column." },
	{ ORGCHECK_RULE_FORBIDDEN_MARKUP, "forbidden-markup", ORGCHECK_SEVERITY_ERROR,
	  "The file has a document type declaration (<!DOCTYPE ...>). Records "
	  "never need one, and a DTD is how entity expansion bombs and external "
	  "entities reach a parser, so orgcheck stops reading the file there "
	  "and loads nothing it names." },
	{ ORGCHECK_RULE_UNKNOWN_RECORD_KIND, "unknown-record-kind", ORGCHECK_SEVERITY_ERROR,
	  "The root element is not a record orgcheck knows: records are "
	  "<organization> or <person> in the namespace urn:orgcheck:record:1. A "
	  "wrong or missing namespace is the usual cause." },
	{ ORGCHECK_RULE_SCHEMA_INVALID, "schema-invalid", ORGCHECK_SEVERITY_ERROR,
	  "The record does not follow the record schema (schemas/record.xsd): a "
	  "missing or unexpected element or attribute, a value of the wrong "
	  "form (a date, a country code, a tax id, a record id), or parts in "
	  "the wrong order. Every violation in the file is reported." },
	{ ORGCHECK_RULE_DIRECTORY_LOOP, "directory-loop", ORGCHECK_SEVERITY_WARNING,
	  "A directory was reached a second time through a symbolic link while "
	  "looking for records; orgcheck did not descend into it again. Each "
	  "record file is checked once." },
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
