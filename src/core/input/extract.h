/* Extraction: the facts of a record's DOM copied into the compact model.
 *
 * The one place that reads a record's DOM for the model, so the model and
 * the rules never see libxml2. */
#ifndef ORGCHECK_INPUT_EXTRACT_H
#define ORGCHECK_INPUT_EXTRACT_H

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include "model/model.h"

struct orgcheck_arena;

/* Extracts the facts of a schema-valid record (kind) from doc into out,
 * allocating strings in arena. path names the file. Returns 0 or
 * ORGCHECK_ENOMEM. The caller frees out with orgcheck_record_release. */
int orgcheck_record_extract(struct orgcheck_record *out, struct orgcheck_arena *arena,
			    xmlDocPtr doc, enum orgcheck_record_kind kind, const char *path,
			    struct orgcheck_error *err);

#endif
