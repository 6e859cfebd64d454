/* The compiled form of a Schematron schema, shared by the loader
 * (schematron_load.c) and the evaluator (schematron_eval.c). Internal to
 * the core. */
#ifndef ORGCHECK_SCHEMATRON_INT_H
#define ORGCHECK_SCHEMATRON_INT_H

#include <stddef.h>

#include <libxml/tree.h>
#include <libxml/xmlregexp.h>
#include <libxml/xpath.h>
#include <libxslt/xsltInternals.h>

#include <orgcheck/schematron.h>

#define SCH_NS "http://purl.oclc.org/dsdl/schematron"
#define SCH_XSL_NS "http://www.w3.org/1999/XSL/Transform"
#define SQF_NS "http://www.schematron-quickfix.com/validator/process"

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

/* Schematron Quick Fixes (the SQF draft of March 2018, see sqf.c): what
 * an activity element (sqf:add, sqf:delete, sqf:replace,
 * sqf:stringReplace) does. */
enum sqf_op_kind { SQF_ADD, SQF_DELETE, SQF_REPLACE, SQF_STRING_REPLACE };

/* @node-type; NONE when the new content is the select's or the
 * element's content as it is. */
enum sqf_node_type {
	SQF_NODE_NONE = 0,
	SQF_NODE_ELEMENT,
	SQF_NODE_ATTRIBUTE,
	SQF_NODE_COMMENT,
	SQF_NODE_PI,
	SQF_NODE_KEEP   /* the anchor node's own type */
};

enum sqf_position { SQF_FIRST_CHILD = 0, SQF_LAST_CHILD, SQF_BEFORE, SQF_AFTER };

/* The template an activity element's content is: text, literal elements
 * (the schema's node, borrowed: the schema keeps its documents) with
 * their children, sch:value-of, sch:name and sqf:copy-of. */
enum sqf_item_kind { SQF_ITEM_TEXT, SQF_ITEM_ELEMENT, SQF_ITEM_VALUE_OF, SQF_ITEM_NAME, SQF_ITEM_COPY_OF };

struct sqf_item {
	enum sqf_item_kind kind;
	char *text;             /* TEXT */
	const xmlNode *element; /* ELEMENT: its name, namespace and attributes */
	struct sch_expr expr;   /* VALUE_OF, NAME (text NULL: the anchor), COPY_OF */
	struct sqf_item *children;
	size_t child_count;
};

struct sqf_op {
	enum sqf_op_kind kind;
	struct sch_expr match;      /* text NULL: the context node */
	struct sch_expr use_when;   /* text NULL: always */
	enum sqf_node_type node_type;
	char *target_local;         /* @target, its prefix resolved in the schema */
	char *target_uri;           /* NULL: no namespace */
	enum sqf_position position;
	struct sch_expr select;     /* text NULL: the content */
	struct sqf_item *content;
	size_t content_count;
	xmlRegexpPtr *regex;        /* stringReplace: one per top-level branch */
	xmlRegexpPtr *prefix;       /* per branch: a match and anything after it, or NULL */
	xmlRegexpPtr *contains;     /* per branch: a match anywhere, or NULL */
	unsigned char *anchored_start;  /* per branch: it began with ^ */
	unsigned char *anchored_end;    /* per branch: it ended with $ */
	size_t branch_count;
	char *regex_text;
	const char *file;
	unsigned long line;
};

/* An sqf:fix an assertion refers to. refusal is not NULL when orgcheck
 * cannot apply it ("file:line: what"); the check itself is not
 * affected, only `orgcheck fix`. */
struct sch_fix {
	char *id;
	char *title;         /* sqf:title, white space collapsed, or NULL */
	char *description;   /* the sqf:p paragraphs, or NULL */
	char *role;
	int safe;            /* orgcheck:safety="safe" on the sqf:fix */
	struct sch_expr use_when;
	struct sqf_op *ops;
	size_t op_count;
	char *refusal;
	const char *file;
	unsigned long line;
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
	struct sch_fix *fixes;   /* @sqf:fix, groups expanded, in order */
	size_t fix_count;
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

void orgcheck_schematron__fixes_free(struct sch_fix *fixes, size_t count);

/* One validation under way (eval.c). */
struct sch_eval;

/* What a hit's fixes are evaluated with: the validation, the assertion
 * and its context node (see orgcheck_schematron_hit_fixes). */
struct orgcheck_schematron_fixing {
	struct sch_eval *eval;
	const struct sch_check *check;
	xmlNodePtr node;
};

/* Evaluates expr at node within the validation e (its variables, its
 * functions); errors name the expression's place in the schema. */
int orgcheck_schematron__eval(xmlXPathObjectPtr *out, struct sch_eval *e, const struct sch_expr *expr,
			      xmlNodePtr node);
struct orgcheck_error *orgcheck_schematron__eval_error(struct sch_eval *e);
const char *orgcheck_schematron__eval_path(const struct sch_eval *e);

#endif
