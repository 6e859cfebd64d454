/* Renderers: findings into the formats people and CI read. They write to a
 * stream the caller opened; the core never picks stdout or stderr. */
#ifndef ORGCHECK_RENDER_H
#define ORGCHECK_RENDER_H

#include <stdio.h>

#include "error.h"
#include "findings.h"

/* Writes one line per finding in the GNU style
 * "path:line:column: severity: message [RULE]", then one "note" line per
 * related location. With color, severities and paths carry ANSI SGR codes
 * as gcc's do. Returns 0 or ORGCHECK_EIO when the stream reports an error. */
int orgcheck_render_text(FILE *out, const struct orgcheck_findings *findings, int color,
			 struct orgcheck_error *err);

struct orgcheck_config;

/* Writes the rule catalogue, one rule a paragraph: id, name, severity in
 * force (config may be NULL for the defaults), whether it is enabled, and
 * the description wrapped at 72 columns. */
int orgcheck_render_catalog_text(FILE *out, const struct orgcheck_config *config,
				 struct orgcheck_error *err);

/* Writes the rule catalogue as XML (namespace urn:orgcheck:results:1,
 * element <catalog>), with libxml2's xmlTextWriter. */
int orgcheck_render_catalog_xml(FILE *out, const struct orgcheck_config *config,
				struct orgcheck_error *err);

#endif
