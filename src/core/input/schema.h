/* Validation of records, inside the core: it yields the record kind of
 * the model, which the public <orgcheck/schema.h> does not know. */
#ifndef ORGCHECK_INPUT_SCHEMA_H
#define ORGCHECK_INPUT_SCHEMA_H

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/schema.h>
#include "model/model.h"

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

#endif
