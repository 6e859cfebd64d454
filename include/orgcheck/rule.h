/* Rules: what each kind of finding is, and the rules the pipeline reports
 * itself.
 *
 * A rule has a stable id, a short name, a default severity and a
 * one-paragraph description that the reports show. The rules found while
 * reading files (OC0xx), Schematron's (OC170) and the configuration's
 * (OC19x) are described here, beside the findings they make; the
 * cross-record rules are described beside their functions in the rules
 * engine, and <orgcheck/catalog.h> lists them all. */
#ifndef ORGCHECK_RULE_H
#define ORGCHECK_RULE_H

#include <stddef.h>

enum orgcheck_severity {
	ORGCHECK_SEVERITY_INFO = 0,
	ORGCHECK_SEVERITY_WARNING = 1,
	ORGCHECK_SEVERITY_ERROR = 2
};

struct orgcheck_rule_run;
struct orgcheck_rule_visitor;

struct orgcheck_rule {
	const char *id;          /* "OC005": stable, never reused */
	const char *name;        /* "schema-invalid": short, kebab-case */
	enum orgcheck_severity severity;  /* default severity */
	const char *description; /* one paragraph, for reports and `orgcheck rules` */
	/* The cross-record check; NULL for findings the pipeline itself makes
	 * while reading files (OC0xx) and for configuration findings. */
	int (*run)(struct orgcheck_rule_run *run);
	/* For a rule that looks at one record at a time, what it does with
	 * each (rules/rules.h), or NULL: the engine then visits every record
	 * once for all such rules instead of each rule walking the corpus on
	 * its own. run does the same for the rule alone. */
	const struct orgcheck_rule_visitor *visitor;
};

/* Ids of the rules the core reports itself, so callers need no strings. */
#define ORGCHECK_RULE_UNREADABLE "OC001"
#define ORGCHECK_RULE_NOT_WELL_FORMED "OC002"
#define ORGCHECK_RULE_FORBIDDEN_MARKUP "OC003"
#define ORGCHECK_RULE_UNKNOWN_RECORD_KIND "OC004"
#define ORGCHECK_RULE_SCHEMA_INVALID "OC005"
#define ORGCHECK_RULE_DIRECTORY_LOOP "OC006"
#define ORGCHECK_RULE_SCHEMATRON "OC170"
#define ORGCHECK_RULE_UNUSED_EXCEPTION "OC190"
#define ORGCHECK_RULE_STALE_BASELINE "OC191"

/* The descriptors of those rules, in three groups sorted by id: reading
 * files (OC001-OC006), custom Schematron rules (OC170), configuration
 * (OC190, OC191). *count_out receives the group's length; the tables are
 * static and live as long as the program. */
const struct orgcheck_rule *orgcheck_rules_reading(size_t *count_out);
const struct orgcheck_rule *orgcheck_rules_custom(size_t *count_out);
const struct orgcheck_rule *orgcheck_rules_configuration(size_t *count_out);

/* The rule with this id among the rules the pipeline reports itself (the
 * groups above), or NULL. orgcheck_catalog_find searches every rule. */
const struct orgcheck_rule *orgcheck_rule_pipeline_find(const char *id);

/* "error", "warning" or "info". */
const char *orgcheck_severity_name(enum orgcheck_severity severity);

/* Parses "error", "warning" or "info" into *out; returns 0, or -1 for
 * anything else. */
int orgcheck_severity_parse(enum orgcheck_severity *out, const char *name);

#endif
