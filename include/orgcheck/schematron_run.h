/* Schematron findings: running schemas over documents and over the
 * corpus, each failed assert or successful report a finding of OC170
 * under the assertion's own id. */
#ifndef ORGCHECK_SCHEMATRON_RUN_H
#define ORGCHECK_SCHEMATRON_RUN_H

#include <stddef.h>

#include <libxml/tree.h>

#include <orgcheck/findings.h>
#include <orgcheck/schematron.h>

struct orgcheck_corpus;

/* A schema to run over the corpus and the severity of its assertions
 * whose role names none. */
struct orgcheck_schematron_entry {
	const struct orgcheck_schematron *schema;
	enum orgcheck_severity default_severity;
};

/* Validates doc (the file path; record, when not NULL, is the record id
 * findings attach to) and adds a finding per failed assert or successful
 * report: at the context node's line and column, with the assertion's
 * place in the schema as related location and the node's XPath location
 * and the test as values. When svrl is not NULL the SVRL goes there too. */
int orgcheck_schematron_add_findings(struct orgcheck_findings *findings,
				     const struct orgcheck_schematron *schema, xmlDocPtr doc,
				     const char *path, const char *record,
				     const struct orgcheck_schematron_resolver *resolver,
				     enum orgcheck_severity default_severity, xmlDocPtr svrl,
				     struct orgcheck_error *err);

/* orgcheck_schematron_add_findings (without SVRL) for a document parsed
 * from the size bytes at text: a finding of an assertion that names
 * Schematron Quick Fixes (@sqf:fix) carries them (<orgcheck/fix.h>) as
 * edits of text, or with the reason orgcheck cannot make them. Without
 * text (NULL) findings carry no fixes, as with
 * orgcheck_schematron_add_findings. */
int orgcheck_schematron_add_findings_text(struct orgcheck_findings *findings,
					  const struct orgcheck_schematron *schema, xmlDocPtr doc,
					  const char *path, const char *record,
					  const struct orgcheck_schematron_resolver *resolver,
					  enum orgcheck_severity default_severity, const char *text,
					  size_t size, struct orgcheck_error *err);

/* Runs every schema over every record of corpus, parsing each record from
 * the bytes the check read (orgcheck_record.source; the check keeps no
 * DOM, and a file is never read twice, so the findings are about the
 * version the rest of the check saw). A record without them is left
 * out. oc:record(id) finds records through the corpus index and
 * document() only the corpus's own files. Findings carry their
 * Schematron Quick Fixes, as orgcheck_schematron_add_findings_text. */
int orgcheck_schematron_check_corpus(struct orgcheck_findings *findings,
				     const struct orgcheck_corpus *corpus,
				     const struct orgcheck_schematron_entry *entries, size_t entry_count,
				     struct orgcheck_error *err);

#endif
