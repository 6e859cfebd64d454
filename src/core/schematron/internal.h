/* The compiled form of a Schematron schema, shared by the loader
 * (schematron_load.c) and the evaluator (schematron_eval.c). Internal to
 * the core. */
#ifndef ORGCHECK_SCHEMATRON_INT_H
#define ORGCHECK_SCHEMATRON_INT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xpath.h>
#include <libxslt/xsltInternals.h>

#include <orgcheck/schematron.h>

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"
#define SCH_XSL_NS "http://www.w3.org/1999/XSL/Transform"

/* An expression as written (after abstract-pattern parameters were put
 * in), compiled, and where it is written. */
struct sch_expr {
	char *text;
	xmlXPathCompExprPtr compiled;
	const char *file;     /* borrowed from the schema's file list */
	unsigned long line;
};

/* A variable: a value expression, or element content (a tree fragment
 * built once at load). Global variables (schema, phase and pattern
 * scope) are numbered in one table; rule variables in their rule. */
enum sch_scope { SCH_SCOPE_SCHEMA, SCH_SCOPE_PHASE, SCH_SCOPE_PATTERN, SCH_SCOPE_RULE };

struct sch_let {
	char *name;
	enum sch_scope scope;
	size_t pattern;          /* SCH_SCOPE_PATTERN: the pattern's index; SCH_SCOPE_PHASE:
				    the phase's (under #ALL every phase's variables count) */
	struct sch_expr value;   /* text NULL when the let has content */
	xmlDocPtr fragment;      /* the content, as a document */
	const char *file;
	unsigned long line;
};

/* Mixed content of an assertion, diagnostic or property: text and the
 * elements that compute text. */
enum sch_item_kind {
	SCH_ITEM_TEXT,
	SCH_ITEM_VALUE_OF,   /* expr: string() of it */
	SCH_ITEM_NAME,       /* expr NULL: name of the context node; else name(expr) */
	SCH_ITEM_EMPH,       /* children */
	SCH_ITEM_DIR,        /* attr: @value; children */
	SCH_ITEM_SPAN,       /* attr: @class; children */
	SCH_ITEM_COPY_OF     /* xsl:copy-of: expr's nodes copied into SVRL */
};

struct sch_item {
	enum sch_item_kind kind;
	char *text;            /* TEXT: the text; DIR: value; SPAN: class */
	struct sch_expr expr;  /* VALUE_OF, NAME (text NULL for none), COPY_OF */
	struct sch_item *children;
	size_t child_count;
};

struct sch_content {
	struct sch_item *items;
	size_t count;
};

/* A diagnostic or property as one assertion refers to it (compiled with
 * that assertion's abstract-pattern parameters). */
struct sch_reference {
	char *id;
	char *role;     /* properties */
	char *scheme;   /* properties */
	char *lang;     /* diagnostics: xml:lang */
	char *see;
	char *icon;
	char *fpi;
	struct sch_content content;
};

struct sch_check {
	int is_report;
	struct sch_expr test;
	char *id;
	char *role;
	char *flag;
	char *severity;
	char *see;
	char *icon;
	char *fpi;
	char *lang;
	struct sch_expr subject;   /* text NULL when absent */
	struct sch_content content;
	struct sch_reference *diagnostics;
	size_t diagnostic_count;
	struct sch_reference *properties;
	size_t property_count;
	char *plain_id;     /* the finding's rule id (see schematron.h) */
};

struct sch_rule {
	char *id;
	char *role;
	char *flag;
	char *context_text;       /* as written */
	struct sch_expr context;  /* the XPath that selects what it matches */
	struct sch_expr subject;
	struct sch_let *lets;
	size_t let_count;
	struct sch_check *checks;
	size_t check_count;
	const char *file;
	unsigned long line;
};

struct sch_pattern {
	char *id;
	char *name;       /* sch:title text, or NULL */
	char *role;
	struct sch_expr documents;  /* text NULL: the document being validated */
	struct sch_rule *rules;
	size_t rule_count;
	int active;       /* in the phase in force */
};

struct orgcheck_schematron {
	char *path;
	char *title;
	char *schema_version;
	char *phase;          /* "#ALL" or the phase's id */
	xmlNodePtr *paragraphs;  /* sch:p of the schema (in its documents) */
	size_t paragraph_count;
	char **ns_prefixes;   /* sch:ns, in order */
	char **ns_uris;
	size_t ns_count;
	struct sch_let *globals;  /* schema, phase and pattern lets */
	size_t global_count;
	struct sch_pattern *patterns;  /* concrete patterns, in order */
	size_t pattern_count;
	xsltStylesheetPtr keys;   /* the xsl:key definitions */
	int key_count;
	char **files;             /* every schema file read (schema, includes) */
	size_t file_count;
	xmlDocPtr *docs;          /* the documents behind the schema */
	size_t doc_count;
};

/* Compiles text (an XPath expression) for the schema, checking it: every
 * variable it names must be in names (count of them; used, when not NULL,
 * gets a 1 at the index of each one it names), every function and
 * namespace prefix known. On error sets err naming file and line. */
int orgcheck_schematron__compile(struct sch_expr *out, const struct orgcheck_schematron *schema,
				 const char *text, const char *const *names, size_t name_count,
				 unsigned char *used, const char *file, unsigned long line,
				 struct orgcheck_error *err);

/* The global variable name resolves to for an expression of pattern
 * (SIZE_MAX outside any pattern): the pattern's own, else the phase's,
 * else the schema's, else the one pattern that defines it. Returns its
 * index in schema->globals, or SIZE_MAX when there is none. */
size_t orgcheck_schematron__resolve_global(const struct orgcheck_schematron *schema, const char *name,
					   size_t pattern);

/* Registers what every evaluation context needs: the schema's namespaces,
 * XSLT's functions and orgcheck's (with NULL callbacks at load, for the
 * checks). */
int orgcheck_schematron__setup_context(xmlXPathContextPtr ctxt,
				       const struct orgcheck_schematron *schema);

void orgcheck_schematron__expr_release(struct sch_expr *expr);

#endif
