/* ISO Schematron (ISO/IEC 19757-3) with the XPath 1.0 / XSLT 1.0 query
 * binding, evaluated natively: libxml2's XPath engine runs every
 * expression, libxslt's function library supplies key(), current() and
 * the other XSLT functions, and its pattern compiler builds xsl:key
 * tables. Nothing is compiled to XSLT and libxml2's own (incomplete)
 * xmlSchematron API is not used.
 *
 * A schema is loaded once (includes resolved, abstract patterns and rules
 * expanded, every expression compiled and checked: an undefined variable,
 * an unknown function or namespace prefix, a bad expression, a let
 * defined twice or an include loop is an error naming the schema's file
 * and line) and then validates any number of documents.
 *
 * Threads: libxslt reports errors through one handler for the whole
 * process (xsltSetGenericErrorFunc; libxml2's handlers, unlike it, are
 * per thread). orgcheck_schematron_load and orgcheck_schematron_load_memory
 * point it at the loader while libxslt compiles the schema's xsl:key
 * definitions and then put the caller's handler back. So no load may run
 * while another thread runs a load, orgcheck_schematron_validate (whose
 * key() errors go through that handler), orgcheck_check_run with
 * Schematron schemas, orgcheck_render_html_doc or the html format (which
 * set the handler too), or anything else that uses libxslt. */
#ifndef ORGCHECK_SCHEMATRON_H
#define ORGCHECK_SCHEMATRON_H

#include <stddef.h>

#include <libxml/tree.h>

#include <orgcheck/fix.h>
#include <orgcheck/rule.h>
#include <orgcheck/error.h>

/* The namespace of orgcheck's XPath extension functions, for a schema's
 * <sch:ns prefix="oc" uri="..."/>:
 *   oc:record(string)  the root element of the record with that id, or an
 *                      empty node-set (an O(1) look-up in the corpus index)
 *   oc:record-path(string)  the file of that record, or "" */
#define ORGCHECK_SCHEMATRON_FUNCTIONS_NS "urn:orgcheck:xpath:1"

/* The SVRL namespace. */
#define ORGCHECK_SVRL_NS "http://purl.oclc.org/dsdl/svrl"

struct orgcheck_schematron;
struct orgcheck_schematron_fixing;
struct orgcheck_node_map;

/* Resolves what a schema may reach beyond the document it validates:
 * document() and pattern/@documents (by URI, already resolved against the
 * base of the node or schema that named it), and oc:record() (by record
 * id). Each returns a document the resolver keeps owning (it must live
 * until the validation ends), or NULL when there is none; nothing else is
 * ever loaded. path_out (may be NULL) receives the document's file. */
struct orgcheck_schematron_resolver {
	xmlDocPtr (*document)(void *data, const char *uri);
	xmlDocPtr (*record)(void *data, const char *id, const char **path_out);
	void *data;
};

/* One failed assert or successful report, as the findings list needs it. */
struct orgcheck_schematron_hit {
	const char *id;        /* the assert's @id, else its rule's, else its pattern's,
				  else "schematron" */
	const char *role;      /* @role of the assert, else of its rule, or NULL */
	const char *flag;      /* @flag, or NULL */
	int is_report;         /* 1 for a successful report, 0 for a failed assert */
	const char *test;      /* the expression as written */
	const char *message;   /* the assertion's text, white space normalised */
	const char *location;  /* an XPath to the context node */
	const xmlNode *node;   /* the context node */
	const char *schema_path;  /* where the assertion is written */
	unsigned long schema_line;
	size_t fix_count;      /* the Schematron Quick Fixes @sqf:fix names */
	const struct orgcheck_schematron_fixing *fixing;  /* for orgcheck_schematron_hit_fixes */
};

/* A Schematron Quick Fix (sqf:fix) of a hit, evaluated against the
 * document: fix holds its byte edits of the text the document was parsed
 * from (its path the document's, its description the sqf:title, else
 * the sqf:p text, else the id; a review fix unless the sqf:fix says
 * orgcheck:safety="safe" in orgcheck's namespace), or its refusal says
 * why orgcheck cannot apply it ("schema:line: why"; no edits then). */
struct orgcheck_schematron_fix {
	char *id;
	char *title;     /* sqf:title, or NULL */
	struct orgcheck_fix fix;
};

/* Evaluates the fixes of hit (only inside the hit callback, while the
 * validation runs) against the document it was reported on, whose
 * original text map maps to its nodes (see input/nodemap.h; NULL: every
 * fix is refused, for the reason unmapped says). A fix whose sqf:fix/@use-when is
 * false is left out. *out (freed with orgcheck_schematron_fixes_free)
 * receives *count_out fixes. Errors are tool failures (no memory, an
 * expression failing at run time); a fix orgcheck does not support is
 * a refusal, not an error. */
int orgcheck_schematron_hit_fixes(struct orgcheck_schematron_fix **out, size_t *count_out,
				  const struct orgcheck_schematron_hit *hit,
				  const struct orgcheck_node_map *map, const char *unmapped,
				  struct orgcheck_error *err);

void orgcheck_schematron_fixes_free(struct orgcheck_schematron_fix *fixes, size_t count);

/* Called for each hit; a negative return stops the validation with that
 * error (set err). */
typedef int orgcheck_schematron_hit_fn(void *data, const struct orgcheck_schematron_hit *hit,
				       struct orgcheck_error *err);

/* Loads and compiles the schema at path for phase (NULL or "#DEFAULT"
 * for the schema's defaultPhase, "#ALL" for every pattern). Errors in the
 * schema are ORGCHECK_ESCHEMATRON with "file:line: message" in err. The
 * caller frees *out with orgcheck_schematron_free. */
int orgcheck_schematron_load(struct orgcheck_schematron **out, const char *path,
			     const char *phase, struct orgcheck_error *err);

/* The same for a schema held in memory; path names it in messages and is
 * the base its includes resolve against. */
int orgcheck_schematron_load_memory(struct orgcheck_schematron **out, const char *path,
				    const char *data, size_t size, const char *phase,
				    struct orgcheck_error *err);

void orgcheck_schematron_free(struct orgcheck_schematron *schema);

/* The phase in force ("#ALL" or a phase id) and the schema's title (or
 * NULL); borrowed, they live as long as the schema. */
const char *orgcheck_schematron_phase(const struct orgcheck_schematron *schema);
const char *orgcheck_schematron_title(const struct orgcheck_schematron *schema);

/* Starts an SVRL report for schema: *out receives a document whose root is
 * svrl:schematron-output (title, phase, schemaVersion, the schema's
 * paragraphs and namespace declarations). The caller frees it with
 * xmlFreeDoc. */
int orgcheck_schematron_svrl_new(xmlDocPtr *out, const struct orgcheck_schematron *schema,
				 struct orgcheck_error *err);

/* Validates doc (read from path) with schema. *failures_out receives the
 * number of failed asserts and successful reports. When svrl is not NULL
 * the active patterns, fired rules, failed asserts and successful reports
 * are appended to its root; when hit is not NULL it is called for each
 * failed assert and successful report. resolver may be NULL (then
 * document() finds nothing and oc:record() is empty). A dynamic error
 * (an expression that fails at run time) is ORGCHECK_ESCHEMATRON naming
 * the schema's file and line. */
int orgcheck_schematron_validate(size_t *failures_out, const struct orgcheck_schematron *schema,
				 xmlDocPtr doc, const char *path,
				 const struct orgcheck_schematron_resolver *resolver,
				 xmlDocPtr svrl, orgcheck_schematron_hit_fn *hit, void *hit_data,
				 struct orgcheck_error *err);

/* The severity a role names: "error", "fatal" and "critical" are errors,
 * "warning" and "warn" warnings, "info", "information" and "note" info
 * (case-insensitive). Returns -1 for any other role (or NULL), when the
 * caller's default applies. */
int orgcheck_schematron_role_severity(enum orgcheck_severity *out, const char *role);

#endif
