/* The rule catalogue: every kind of finding orgcheck can report.
 *
 * Rules live in one table. Each has a stable id, a short name, a default
 * severity and a one-paragraph description that the reports show. */
#ifndef ORGCHECK_CATALOG_H
#define ORGCHECK_CATALOG_H

#include <stddef.h>

enum orgcheck_severity {
	ORGCHECK_SEVERITY_INFO = 0,
	ORGCHECK_SEVERITY_WARNING = 1,
	ORGCHECK_SEVERITY_ERROR = 2
};

struct orgcheck_rule_run;

struct orgcheck_rule {
	const char *id;          /* "OC005": stable, never reused */
	const char *name;        /* "schema-invalid": short, kebab-case */
	enum orgcheck_severity severity;  /* default severity */
	const char *description; /* one paragraph, for reports and `orgcheck rules` */
	/* The cross-record check; NULL for findings the pipeline itself makes
	 * while reading files (OC0xx) and for configuration findings. */
	int (*run)(struct orgcheck_rule_run *run);
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

/* The whole catalogue, sorted by id. *count_out receives its length. The
 * table is static and lives as long as the program. */
const struct orgcheck_rule *orgcheck_catalog_rules(size_t *count_out);

/* The rule with this id, or NULL. */
const struct orgcheck_rule *orgcheck_catalog_find(const char *id);

/* "error", "warning" or "info". */
const char *orgcheck_severity_name(enum orgcheck_severity severity);

/* Parses "error", "warning" or "info" into *out; returns 0, or -1 for
 * anything else. */
int orgcheck_severity_parse(enum orgcheck_severity *out, const char *name);

#endif
