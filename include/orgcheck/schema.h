/* Schema validation of records.
 *
 * Each record kind is known by its root element in the record namespace
 * and validated against the XSD for that root. The compiled schemas are
 * read-only after loading, so one set can serve several validations.
 * Validating a record, which yields its record kind, is declared in the
 * core's input/schema.h. */
#ifndef ORGCHECK_SCHEMA_H
#define ORGCHECK_SCHEMA_H

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

#define ORGCHECK_RECORD_NS "urn:orgcheck:record:1"

/* The most schema errors reported for one file; past it one finding says
 * how many more there were. Real records stay far below it. */
#define ORGCHECK_SCHEMA_MAX_ERRORS 1000

struct orgcheck_schema;

/* Compiles the record schemas found in schema_dir (for example
 * "/usr/share/orgcheck/schemas"). The caller frees *out with
 * orgcheck_schema_free. Returns ORGCHECK_ESCHEMA, with the schema file and
 * line in the message, when a schema cannot be read or compiled. */
int orgcheck_schema_load(struct orgcheck_schema **out, const char *schema_dir,
			 struct orgcheck_error *err);

void orgcheck_schema_free(struct orgcheck_schema *schema);

/* Validates doc against the XSD at xsd_path (compiled for this call):
 * for documents other than records, such as the rules configuration.
 * Violations become OC005 findings on path. */
int orgcheck_schema_validate_file(int *valid_out, struct orgcheck_findings *findings,
				  const char *xsd_path, xmlDocPtr doc, const char *path,
				  struct orgcheck_error *err);

#endif
