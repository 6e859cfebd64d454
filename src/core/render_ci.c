/* Formats for CI systems: JSON, JUnit, SARIF, GitHub and GitLab. */
#include "render.h"

static int not_yet(const char *name, struct orgcheck_error *err)
{
	return orgcheck_error_set(err, ORGCHECK_EINVAL, "%s output is not available yet", name);
}

int orgcheck_render_format_json(FILE *out, const struct orgcheck_report *report,
				const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)out; (void)report; (void)options;
	return not_yet("json", err);
}

int orgcheck_render_format_junit(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)out; (void)report; (void)options;
	return not_yet("junit", err);
}

int orgcheck_render_format_sarif(FILE *out, const struct orgcheck_report *report,
				 const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)out; (void)report; (void)options;
	return not_yet("sarif", err);
}

int orgcheck_render_format_github(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)out; (void)report; (void)options;
	return not_yet("github", err);
}

int orgcheck_render_format_gitlab(FILE *out, const struct orgcheck_report *report,
				  const struct orgcheck_render_options *options, struct orgcheck_error *err)
{
	(void)out; (void)report; (void)options;
	return not_yet("gitlab", err);
}
