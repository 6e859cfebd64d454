/* The results document (schemas/results.xsd): the canonical output of a
 * run, written with libxml2's xmlTextWriter. The HTML report is made from
 * it by XSLT, and `orgcheck render` reads it back. */
#ifndef ORGCHECK_RESULTS_H
#define ORGCHECK_RESULTS_H

#include <stdio.h>

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/report.h>

#define ORGCHECK_RESULTS_NS "urn:orgcheck:results:1"

/* Writes the results document of report to out. */
int orgcheck_results_write(FILE *out, const struct orgcheck_report *report,
			   struct orgcheck_error *err);

/* Builds the results document of report in memory; the caller frees *out
 * with xmlFreeDoc. */
int orgcheck_results_build(xmlDocPtr *out, const struct orgcheck_report *report,
			   struct orgcheck_error *err);

/* Parses the results document at path into *out (the caller frees it
 * with xmlFreeDoc). A results document is orgcheck's own output, larger
 * than any record (10,000 findings and their records are some 150,000
 * elements), so the record parser's shape limits do not apply; it is still
 * read as untrusted: nothing is fetched, no entity is substituted, and a
 * document type declaration is refused. ORGCHECK_EINVAL says why a file is
 * not one (with its line), ORGCHECK_EIO that it cannot be read. */
int orgcheck_results_load(xmlDocPtr *out, const char *path, struct orgcheck_error *err);

/* Reads the findings of a results document (already checked against
 * schemas/results.xsd) into out, which the caller initialised, sorted. A
 * rule id outside the catalogue is a Schematron assertion's: the finding
 * is OC170's under that id. A root other than <results> or a finding
 * without a rule is ORGCHECK_EINVAL. */
int orgcheck_results_read(struct orgcheck_findings *out, xmlDocPtr doc, struct orgcheck_error *err);

/* Writes the catalogue alone (root <catalog>, same namespace), as
 * `orgcheck rules --format xml` shows it. */
int orgcheck_results_write_catalog(FILE *out, const struct orgcheck_config *config,
				   struct orgcheck_error *err);

#endif
