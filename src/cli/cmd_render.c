/* orgcheck render: turn a saved results document into the HTML report. */
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/results.h>
#include <orgcheck/schema.h>
#include "args.h"
#include "datadir.h"
#include "output.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck render [OPTIONS] RESULTS.xml\n"
	      "\n"
	      "Renders a results document saved with 'orgcheck check --format xml' as\n"
	      "the HTML report, with the bundled stylesheet or your own.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
}

int orgcheck_cli_load_results(xmlDocPtr *out, const struct orgcheck_cli *cli, const char *path,
			const char *data_dir)
{
	struct orgcheck_findings problems;
	struct orgcheck_error err = { 0 };
	char xsd[PATH_MAX + 32];
	const struct orgcheck_finding *first = NULL;
	xmlDocPtr doc = NULL;
	int valid = 0;
	int rc = -1;

	*out = NULL;
	orgcheck_findings_init(&problems);
	if (access(path, R_OK) != 0) {
		orgcheck_cli_error(cli, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	rc = orgcheck_results_load(&doc, path, &err);
	if (rc == ORGCHECK_EINVAL) {
		orgcheck_cli_error(cli, "%s: not an orgcheck results document: %s", path, err.message);
		rc = -1;
		goto done;
	}
	if (rc < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		rc = -1;
		goto done;
	}
	rc = -1;
	if (doc != NULL) {
		snprintf(xsd, sizeof(xsd), "%s/schemas/results.xsd", data_dir);
		if (orgcheck_schema_validate_file(&valid, &problems, xsd, doc, path, &err) < 0) {
			orgcheck_cli_error(cli, "%s", err.message);
			goto done;
		}
	}
	if (doc == NULL || !valid) {
		first = problems.count > 0 ? &problems.items[0] : NULL;
		if (first != NULL && first->primary.line > 0)
			orgcheck_cli_error(cli, "%s:%lu:%lu: not an orgcheck results document: %s", path,
					   first->primary.line, first->primary.column, first->message);
		else
			orgcheck_cli_error(cli, "%s: not an orgcheck results document%s%s", path,
					   first ? ": " : "", first ? first->message : "");
		goto done;
	}
	*out = doc;
	doc = NULL;
	rc = 0;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
	return rc;
}

int orgcheck_cmd_render(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_output output = { 0 };
	struct orgcheck_error err = { 0 };
	const char *output_path = NULL;
	const char *stylesheet_option = NULL;
	const char *data_dir_option = NULL;
	const char *link_template = NULL;
	char data_dir[PATH_MAX];
	char stylesheet[PATH_MAX + 32];
	char pages_dir[PATH_MAX];
	char index[PATH_MAX];
	int pages = 0;
	xmlDocPtr results = NULL;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_STRING('o', "output", "FILE", &output_path,
				    "write the report to FILE (atomically) instead of standard output; to DIR/ "
				    "(a directory): as pages, DIR/index.html and a page per group of findings "
				    "and per record"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &stylesheet_option,
				    "use this XSLT stylesheet instead of the bundled one"),
		ORGCHECK_OPT_STRING(0, "link-template", "TEMPLATE", &link_template,
				    "link each location to TEMPLATE with {path} and {line} replaced (default: "
				    "{path}, a link relative to the report)"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &data_dir_option, "read schemas and stylesheets from DIR"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "render", print_help) < 0)
		goto done;
	if (args.operand_count != 1) {
		orgcheck_cli_error(cli, "'orgcheck render' takes one results document; see 'orgcheck render --help'");
		goto done;
	}
	if (orgcheck_datadir_find(data_dir, sizeof(data_dir), data_dir_option) < 0) {
		orgcheck_cli_error(cli, "cannot find orgcheck's data files; looked in %s; use --data-dir", data_dir);
		goto done;
	}
	if (stylesheet_option != NULL)
		snprintf(stylesheet, sizeof(stylesheet), "%s", stylesheet_option);
	else
		snprintf(stylesheet, sizeof(stylesheet), "%s/reports/report.xsl", data_dir);
	if (orgcheck_cli_load_results(&results, cli, args.operands[0], data_dir) < 0)
		goto done;
	pages = orgcheck_output_pages(pages_dir, index, sizeof(index), output_path, cli->err);
	if (pages < 0)
		goto done;
	if (pages)
		output_path = index;
	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		goto done;
	orgcheck_cli_prepare_large_tree();
	if (orgcheck_render_html_doc(output.stream, results, stylesheet, link_template,
				     pages ? pages_dir : NULL, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		orgcheck_output_abort(&output);
		goto done;
	}
	if (orgcheck_output_commit(&output, cli->err) < 0)
		goto done;
	status = ORGCHECK_EXIT_OK;

done:
	if (results != NULL)
		xmlFreeDoc(results);
	orgcheck_args_release(&args);
	return status;
}
