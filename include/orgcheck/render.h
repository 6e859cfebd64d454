/* Renderers: findings into the formats people and CI read. They write to a
 * stream the caller opened; the core never picks stdout or stderr. */
#ifndef ORGCHECK_RENDER_H
#define ORGCHECK_RENDER_H

#include <stdio.h>

#include <libxml/tree.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/report.h>

struct orgcheck_render_options {
	int color;               /* ANSI colour, for text */
	const char *stylesheet;  /* the XSLT stylesheet, for html */
	const char *link_template;  /* for html: where a location links, {path} and {line}
				       replaced; NULL for the stylesheet's default */
	const char *pages_dir;   /* for html: write the report as pages in this existing
				    directory (index.html is out); NULL for one page */
	/* Where the full report is, for github's "N more not shown" line
	 * (a run's address); NULL: the annotations say how to get it. */
	const char *full_report;
	/* text: under each finding with a line, that line of its file with a
	 * caret under the column (as rustc and ruff show them) */
	int excerpt;
};

/* Writes report to out in one format. Returns 0 or a negative error. */
typedef int (*orgcheck_renderer)(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options,
				 struct orgcheck_error *err);

struct orgcheck_format {
	const char *name;        /* as given to --format */
	orgcheck_renderer render;
	const char *summary;     /* one line for --help */
};

/* The formats, in the order --help lists them; *count_out gets their
 * number. Static. */
const struct orgcheck_format *orgcheck_render_formats(size_t *count_out);

/* The format called name, or NULL. */
const struct orgcheck_format *orgcheck_render_find_format(const char *name);

/* The renderers of the table. */
int orgcheck_render_format_text(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_xml(FILE *out, const struct orgcheck_report *report,
			       const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_json(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_junit(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_sarif(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_github(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_gitlab(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err);
int orgcheck_render_format_html(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err);

/* Applies the XSLT stylesheet at stylesheet_path to a results document
 * and writes the HTML to out. link_template, when not NULL, is given to
 * the stylesheet as its string parameter link-template. With pages_dir,
 * out is pages_dir/index.html, the stylesheet gets pages='yes', and its
 * xsl:document may write files directly in pages_dir and nowhere else:
 * each page is written to a staging directory inside pages_dir and moved
 * into place once the whole render has succeeded (none when it fails),
 * and the pages an earlier render listed in pages_dir/.orgcheck-pages
 * that this one did not write are removed. libxslt runs with security preferences that
 * forbid writing files, creating directories and any network access, for
 * the bundled stylesheet and a user's alike. While it runs, libxslt's
 * process-wide error handler is pointed at the render (the caller's is put
 * back at the end): it and the html format must not run while another
 * thread renders HTML, loads a Schematron schema or validates with one
 * (see schematron.h). */
int orgcheck_render_html_doc(FILE *out, xmlDocPtr results, const char *stylesheet_path,
			     const char *link_template, const char *pages_dir,
			     struct orgcheck_error *err);

/* Writes one line per finding in the GNU style
 * "path:line:column: severity: message [RULE]", then one "note" line per
 * related location. With color, severities and paths carry ANSI SGR codes
 * as gcc's do. Returns 0 or ORGCHECK_EIO when the stream reports an error. */
int orgcheck_render_text(FILE *out, const struct orgcheck_findings *findings, int color,
			 struct orgcheck_error *err);

/* orgcheck_render_text, and with excerpt, under each finding that has a
 * line, that line of its file ("  12 | text") and a caret under the
 * column. A file that cannot be read, or a line it does not have, gives
 * no excerpt. */
int orgcheck_render_text_excerpt(FILE *out, const struct orgcheck_findings *findings, int color, int excerpt,
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
