/* The HTML report: the results document through an XSLT stylesheet. */
#include "render.h"

#include "results.h"

int orgcheck_render_html_doc(FILE *out, xmlDocPtr results, const char *stylesheet_path,
			     struct orgcheck_error *err)
{
	(void)out;
	(void)results;
	return orgcheck_error_set(err, ORGCHECK_EINVAL, "html output is not available yet (%s)",
				  stylesheet_path ? stylesheet_path : "no stylesheet");
}

int orgcheck_render_format_html(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	int rc = orgcheck_results_build(&doc, report, err);

	if (rc < 0)
		return rc;
	rc = orgcheck_render_html_doc(out, doc, options->stylesheet, err);
	xmlFreeDoc(doc);
	return rc;
}
