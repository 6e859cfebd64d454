/* orgcheck schematron: validate any XML documents with an ISO Schematron
 * schema and write SVRL or any of the report formats. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include <orgcheck/schematron.h>
#include <orgcheck/schematron_run.h>
#include "args.h"
#include "datadir.h"
#include "emit.h"
#include "output.h"
#include "run.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck schematron [OPTIONS] SCHEMA.sch DOC.xml...\n"
	      "\n"
	      "Validates XML documents (any documents, not only records) with an ISO\n"
	      "Schematron schema (XPath 1.0 query binding: queryBinding absent, xslt or\n"
	      "xslt1) and writes SVRL, the ISO report language, or the usual formats\n"
	      "(one finding per failed assert or successful report, rule OC170 under\n"
	      "the assertion's id, at the context node's line).\n"
	      "\n"
	      "document() and pattern/@documents read local files only, never the\n"
	      "network; oc:record(ID) (namespace " ORGCHECK_SCHEMATRON_FUNCTIONS_NS ")\n"
	      "returns the root of the DOC given whose root has that @id.\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	fputs("\n"
	      "Exit status: 0 valid, 1 invalid (a failed assert or successful report at\n"
	      "or above --fail-on), 2 an error: in the schema (undefined variable, bad\n"
	      "XPath, unknown function, let defined twice, include loop, ...; the message\n"
	      "names the schema's line), a document that cannot be read, or usage.\n", out);
}

/* The documents of one run, and the files document() read, each once. */
struct loaded {
	char **paths;
	xmlDocPtr *docs;
	size_t count;
	size_t given;     /* the first ones are the command's DOC arguments */
};

static xmlDocPtr load_file(struct loaded *l, const char *path)
{
	struct orgcheck_findings ignored;
	struct orgcheck_error err = { 0 };
	xmlDocPtr doc = NULL;
	char **paths = NULL;
	xmlDocPtr *docs = NULL;
	size_t i;

	for (i = 0; i < l->count; i++) {
		if (strcmp(l->paths[i], path) == 0)
			return l->docs[i];
	}
	orgcheck_findings_init(&ignored);
	(void)orgcheck_parse_file(&doc, &ignored, path, &err);
	orgcheck_findings_release(&ignored);
	paths = realloc(l->paths, (l->count + 1) * sizeof(*paths));
	if (paths != NULL)
		l->paths = paths;
	docs = realloc(l->docs, (l->count + 1) * sizeof(*docs));
	if (docs != NULL)
		l->docs = docs;
	if (paths == NULL || docs == NULL || (paths[l->count] = strdup(path)) == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		return NULL;
	}
	if (doc != NULL && doc->URL == NULL)
		doc->URL = xmlStrdup((const xmlChar *)path);
	docs[l->count++] = doc;
	return doc;
}

static xmlDocPtr resolve_document(void *data, const char *uri)
{
	if (strncmp(uri, "file://", 7) == 0)
		uri += 7;
	else if (strstr(uri, "://") != NULL)
		return NULL;
	return load_file(data, uri);
}

static xmlDocPtr resolve_record(void *data, const char *id, const char **path_out)
{
	struct loaded *l = data;
	xmlChar *value = NULL;
	size_t i;
	int match = 0;

	for (i = 0; i < l->given; i++) {
		if (l->docs[i] == NULL || xmlDocGetRootElement(l->docs[i]) == NULL)
			continue;
		value = xmlGetNoNsProp(xmlDocGetRootElement(l->docs[i]), (const xmlChar *)"id");
		match = value != NULL && strcmp((const char *)value, id) == 0;
		xmlFree(value);
		if (match) {
			if (path_out != NULL)
				*path_out = l->paths[i];
			return l->docs[i];
		}
	}
	return NULL;
}

/* Reads the DOC arguments; one that cannot be read is reported (file and
 * line) and skipped. Returns how many failed, or -1 without memory. */
static int load_given(struct loaded *l, const struct orgcheck_cli *cli, const char *const *paths,
		      size_t count)
{
	struct orgcheck_findings problems;
	struct orgcheck_error err = { 0 };
	const struct orgcheck_finding *first = NULL;
	xmlDocPtr doc = NULL;
	int failed = 0;
	size_t i;

	l->paths = calloc(count, sizeof(*l->paths));
	l->docs = calloc(count, sizeof(*l->docs));
	if (l->paths == NULL || l->docs == NULL)
		return -1;
	for (i = 0; i < count; i++) {
		orgcheck_findings_init(&problems);
		doc = NULL;
		if (orgcheck_parse_file(&doc, &problems, paths[i], &err) < 0) {
			orgcheck_cli_error(cli, "%s", err.message);
			failed++;
		} else if (doc == NULL) {
			first = problems.count > 0 ? &problems.items[0] : NULL;
			if (first != NULL && first->primary.line > 0)
				orgcheck_cli_error(cli, "%s:%lu:%lu: %s", paths[i], first->primary.line,
						   first->primary.column, first->message);
			else
				orgcheck_cli_error(cli, "%s: %s", paths[i], first ? first->message : "cannot be read");
			failed++;
		}
		orgcheck_findings_release(&problems);
		if (doc != NULL && doc->URL == NULL)
			doc->URL = xmlStrdup((const xmlChar *)paths[i]);
		l->paths[i] = strdup(paths[i]);
		if (l->paths[i] == NULL) {
			if (doc != NULL)
				xmlFreeDoc(doc);
			return -1;
		}
		l->docs[i] = doc;
		l->count = l->given = i + 1;
	}
	return failed;
}

static void loaded_release(struct loaded *l)
{
	size_t i;

	for (i = 0; i < l->count; i++) {
		free(l->paths[i]);
		if (l->docs[i] != NULL)
			xmlFreeDoc(l->docs[i]);
	}
	free(l->paths);
	free(l->docs);
}

static int write_svrl(const struct orgcheck_cli *cli, const char *output_path, xmlDocPtr svrl)
{
	struct orgcheck_output output = { 0 };
	xmlChar *text = NULL;
	int length = 0;
	int rc = 0;

	if (orgcheck_output_open(&output, output_path, cli->out, cli->err) < 0)
		return -1;
	xmlDocDumpFormatMemoryEnc(svrl, &text, &length, "UTF-8", 1);
	if (text == NULL || fwrite(text, 1, (size_t)length, output.stream) != (size_t)length) {
		orgcheck_cli_error(cli, "cannot write the SVRL report");
		orgcheck_output_abort(&output);
		rc = -1;
	} else if (orgcheck_output_commit(&output, cli->err) < 0) {
		rc = -1;
	}
	xmlFree(text);
	return rc;
}

/* --format: svrl, or one of the report formats. */
struct format_choice {
	const char *name;                     /* as given; "svrl" by default */
	struct orgcheck_emit_settings *emit;  /* gets a report format */
};

static int take_format(void *store, const struct orgcheck_cli *cli, const char *value)
{
	struct format_choice *format = store;
	char names[256];

	format->name = value;
	if (strcmp(value, "svrl") == 0)
		return 0;
	format->emit->format = orgcheck_render_find_format(value);
	if (format->emit->format != NULL)
		return 0;
	/* svrl is one of this command's formats too. */
	orgcheck_emit_format_names(names, sizeof(names), "svrl, ", NULL);
	orgcheck_cli_error(cli, "invalid --format '%s': use %s", value, names);
	return -1;
}

static int take_severity(void *store, const struct orgcheck_cli *cli, const char *value)
{
	if (orgcheck_severity_parse(store, value) < 0) {
		orgcheck_cli_error(cli, "invalid --severity '%s': use error, warning or info", value);
		return -1;
	}
	return 0;
}

int orgcheck_cmd_schematron(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_emit_settings emit;
	struct orgcheck_run_settings run;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_error err = { 0 };
	struct orgcheck_schematron *schema = NULL;
	struct orgcheck_schematron_resolver resolver = { resolve_document, resolve_record, NULL };
	struct loaded loaded = { NULL, NULL, 0, 0 };
	enum orgcheck_severity default_severity = ORGCHECK_SEVERITY_ERROR;
	const char *phase = NULL;
	struct format_choice format = { "svrl", &emit };
	xmlDocPtr svrl = NULL;
	int fail_on = ORGCHECK_SEVERITY_INFO;
	int unreadable = 0;
	int quiet = 0;
	char formats[256];
	size_t i;
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_STRING(0, "phase", "NAME", &phase,
				    "validate with this phase: a phase id, #ALL or #DEFAULT (the schema's "
				    "defaultPhase; the default)"),
		ORGCHECK_OPT_CALL('f', "format", "FORMAT", &format, take_format, formats),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &emit.output_path,
				    "write the report to FILE (atomically) instead of standard output"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &emit.stylesheet,
				    "render --format html with this XSLT stylesheet instead of the bundled one"),
		ORGCHECK_OPT_CALL(0, "color", "WHEN", &emit, orgcheck_emit_take_color,
				  "colour the text output: auto (default), always or never"),
		ORGCHECK_OPT_CALL(0, "fail-on", "LEVEL", &fail_on, orgcheck_emit_take_fail_on,
				  "exit 1 only for assertions at or above LEVEL: info (default: any failed assert or "
				  "successful report), warning, error or none"),
		ORGCHECK_OPT_CALL(0, "severity", "LEVEL", &default_severity, take_severity,
				  "the severity of assertions whose role names none: error (default), warning or info"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "the run date the report formats record (YYYY-MM-DD; default: the system date)"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option,
				    "read schemas and stylesheets from DIR"),
		ORGCHECK_OPT_FLAG('q', "quiet", &quiet, "do not print the summary line on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&emit, 0, sizeof(emit));
	memset(&run, 0, sizeof(run));
	memset(&result, 0, sizeof(result));
	orgcheck_findings_init(&result.findings);
	resolver.data = &loaded;
	orgcheck_emit_format_names(formats, sizeof(formats), "svrl (default), ", NULL);
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "schematron", print_help) < 0)
		goto done;
	if (args.operand_count < 2) {
		orgcheck_cli_error(cli, "'orgcheck schematron' takes a schema and at least one document; "
				   "see 'orgcheck schematron --help'");
		goto done;
	}
	if (orgcheck_schematron_load(&schema, args.operands[0], phase, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	unreadable = load_given(&loaded, cli, args.operands + 1, args.operand_count - 1);
	if (unreadable < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	if (strcmp(format.name, "svrl") == 0 && orgcheck_schematron_svrl_new(&svrl, schema, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	for (i = 0; i < loaded.given; i++) {
		if (loaded.docs[i] == NULL)
			continue;
		result.files++;
		if (orgcheck_schematron_add_findings(&result.findings, schema, loaded.docs[i], loaded.paths[i],
						     NULL, &resolver, default_severity, svrl, &err) < 0) {
			orgcheck_cli_error(cli, "%s", err.message);
			goto done;
		}
	}
	orgcheck_findings_sort(&result.findings);
	if (svrl != NULL) {
		if (write_svrl(cli, emit.output_path, svrl) < 0)
			goto done;
	} else {
		/* The report formats need the data directory (stylesheet, and the
		 * results schema's neighbours); the rules configuration and the
		 * date do not matter here. */
		if (orgcheck_datadir_find(run.data_dir, sizeof(run.data_dir), run.data_dir_option) < 0) {
			orgcheck_cli_error(cli, "cannot find orgcheck's data files; looked in %s; use --data-dir",
					   run.data_dir);
			goto done;
		}
		memset(&report, 0, sizeof(report));
		report.result = &result;
		report.fail_on = fail_on;
		report.failed = orgcheck_emit_failed(&result.findings, fail_on, 0);
		if (!run.today_given)
			orgcheck_run_system_today(&run.today);
		report.today = run.today;
		/* This command prints its own summary. */
		emit.quiet = 1;
		if (orgcheck_emit(cli, &emit, &report, run.data_dir) < 0)
			goto done;
	}
	if (!quiet) {
		size_t failed = orgcheck_findings_count_at_least(&result.findings, ORGCHECK_SEVERITY_INFO);
		size_t invalid = 0;
		size_t j;

		for (i = 0; i < loaded.given; i++) {
			for (j = 0; j < result.findings.count; j++) {
				if (strcmp(result.findings.items[j].primary.path, loaded.paths[i]) == 0) {
					invalid++;
					break;
				}
			}
		}
		fprintf(cli->err, "orgcheck: %zu document%s validated with %s (phase %s): %zu invalid, "
				"%zu failed assert%s or successful report%s\n",
				result.files, result.files == 1 ? "" : "s", args.operands[0],
				orgcheck_schematron_phase(schema), invalid, failed, failed == 1 ? "" : "s",
				failed == 1 ? "" : "s");
	}
	if (unreadable > 0)
		goto done;
	status = orgcheck_emit_failed(&result.findings, fail_on, 0) ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	xmlFreeDoc(svrl);
	orgcheck_schematron_free(schema);
	loaded_release(&loaded);
	orgcheck_check_result_release(&result);
	orgcheck_run_release(&run);
	orgcheck_args_release(&args);
	return status;
}
