/* Schema validation of records.
 *
 * Each record kind is known by its root element in the record namespace
 * and validated against the XSD for that root. The compiled schemas are
 * read-only after loading, so one set can serve several validations. */
#ifndef ORGCHECK_SCHEMA_H
#define ORGCHECK_SCHEMA_H

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>

#define ORGCHECK_RECORD_NS "urn:orgcheck:record:1"

/* The most schema errors reported for one file; past it one finding says
 * how many more there were. Real records stay far below it. */
#define ORGCHECK_SCHEMA_MAX_ERRORS 1000

enum orgcheck_record_kind {
	ORGCHECK_RECORD_UNKNOWN = 0,
	ORGCHECK_RECORD_ORGANIZATION,
	ORGCHECK_RECORD_PERSON
};

struct orgcheck_schema;

/* Compiles the record schemas found in schema_dir (for example
 * "/usr/share/orgcheck/schemas"). The caller frees *out with
 * orgcheck_schema_free. Returns ORGCHECK_ESCHEMA, with the schema file and
 * line in the message, when a schema cannot be read or compiled. */
int orgcheck_schema_load(struct orgcheck_schema **out, const char *schema_dir,
			 struct orgcheck_error *err);

void orgcheck_schema_free(struct orgcheck_schema *schema);

/* Finds the record kind of doc from its root element and validates doc
 * against that kind's schema. Every violation becomes a finding on path.
 * *kind_out receives the kind (ORGCHECK_RECORD_UNKNOWN for an unknown
 * root), *valid_out 1 when the record is valid. Returns 0 or
 * ORGCHECK_ENOMEM. */
int orgcheck_schema_validate(enum orgcheck_record_kind *kind_out, int *valid_out,
			     struct orgcheck_findings *findings,
			     const struct orgcheck_schema *schema, xmlDocPtr doc,
			     const char *path, struct orgcheck_error *err);

/* A validation context for one thread: the compiled schemas are shared
 * read-only, each thread validates with its own contexts, which are reused
 * from one document to the next. */
struct orgcheck_schema_validator;

/* A validator for schema (which must outlive it). The caller frees *out
 * with orgcheck_schema_validator_free. Returns 0 or ORGCHECK_ENOMEM. */
int orgcheck_schema_validator_new(struct orgcheck_schema_validator **out,
				  const struct orgcheck_schema *schema, struct orgcheck_error *err);

void orgcheck_schema_validator_free(struct orgcheck_schema_validator *validator);

/* orgcheck_schema_validate with a validator of this thread. */
int orgcheck_schema_validate_with(enum orgcheck_record_kind *kind_out, int *valid_out,
				  struct orgcheck_findings *findings,
				  struct orgcheck_schema_validator *validator, xmlDocPtr doc,
				  const char *path, struct orgcheck_error *err);

/* Validates doc against the XSD at xsd_path (compiled for this call):
 * for documents other than records, such as the rules configuration.
 * Violations become OC005 findings on path. */
int orgcheck_schema_validate_file(int *valid_out, struct orgcheck_findings *findings,
				  const char *xsd_path, xmlDocPtr doc, const char *path,
				  struct orgcheck_error *err);

/* "organization", "person" or "unknown". */
const char *orgcheck_record_kind_name(enum orgcheck_record_kind kind);

#endif
