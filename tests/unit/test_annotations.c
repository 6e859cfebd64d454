/* CI annotations for a small fixed findings list: every GitHub workflow
 * command line is "::LEVEL file=F[,line=L[,col=C]],title=T::MESSAGE" whose
 * escaped fields decode back to the finding's path, rule and message, and
 * the GitLab Code Quality entries carry the same path, line and rule.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/catalog.h>
#include <orgcheck/check.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/render.h>
#include <orgcheck/report.h>
#include "testutil.h"

struct fixture {
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_error err;
	char *output;
};

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	orgcheck_findings_init(&fx->result.findings);
	fx->report.result = &fx->result;
	fx->report.today.year = 2026;
	fx->report.today.month = 11;
	fx->report.today.day = 21;
	fx->report.fail_on = ORGCHECK_SEVERITY_ERROR;
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	orgcheck_check_result_release(&fx->result);
	free(fx->output);
	free(fx);
	return 0;
}

static struct orgcheck_finding *add(struct fixture *fx, const char *rule, const char *path,
				    unsigned long line, unsigned long column, const char *message)
{
	struct orgcheck_findings *list = &fx->result.findings;

	assert_int_equal(orgcheck_findings_add_rule(list, &fx->err, orgcheck_catalog_find(rule), path, line, column, "%s", message), 0);
	return &list->items[list->count - 1];
}

static void render(struct fixture *fx, orgcheck_renderer renderer)
{
	struct orgcheck_render_options options = { 0 };
	size_t size = 0;
	FILE *out = NULL;

	free(fx->output);
	fx->output = NULL;
	out = open_memstream(&fx->output, &size);
	assert_non_null(out);
	assert_int_equal(renderer(out, &fx->report, &options, &fx->err), 0);
	assert_int_equal(fclose(out), 0);
	assert_non_null(fx->output);
}

/* Undoes the workflow-command escaping of text[0..length) into a new
 * string; a '%' not followed by a known code fails. */
static char *decode(const char *text, size_t length)
{
	char *out = malloc(length + 1);
	size_t i;
	size_t n = 0;

	assert_non_null(out);
	for (i = 0; i < length; i++) {
		if (text[i] != '%') {
			out[n++] = text[i];
			continue;
		}
		if (strncmp(text + i, "%25", 3) == 0)
			out[n++] = '%';
		else if (strncmp(text + i, "%0A", 3) == 0)
			out[n++] = '\n';
		else if (strncmp(text + i, "%0D", 3) == 0)
			out[n++] = '\r';
		else if (strncmp(text + i, "%3A", 3) == 0)
			out[n++] = ':';
		else if (strncmp(text + i, "%2C", 3) == 0)
			out[n++] = ',';
		else
			fail_msg("unknown escape in '%.*s'", (int)length, text);
		i += 2;
	}
	out[n] = '\0';
	return out;
}

struct annotation {
	char level[16];
	char *file;
	long line;     /* -1 when left out */
	long column;
	char *title;
	char *message;
};

static void annotation_release(struct annotation *a)
{
	free(a->file);
	free(a->title);
	free(a->message);
}

/* Parses one workflow command line (without its newline). Property values
 * cannot hold a raw ':' or ',', so the first "::" after the command ends
 * them. */
static void parse_annotation(struct annotation *a, const char *line)
{
	const char *p = line;
	const char *end = NULL;
	const char *properties_end = NULL;
	size_t length = 0;

	memset(a, 0, sizeof(*a));
	a->line = -1;
	a->column = -1;
	assert_int_equal(strncmp(p, "::", 2), 0);
	p += 2;
	length = strcspn(p, " ");
	assert_true(length > 0 && length < sizeof(a->level));
	memcpy(a->level, p, length);
	p += length + 1;
	properties_end = strstr(p, "::");
	assert_non_null(properties_end);
	while (p < properties_end) {
		end = memchr(p, ',', (size_t)(properties_end - p));
		if (end == NULL)
			end = properties_end;
		if (strncmp(p, "file=", 5) == 0)
			a->file = decode(p + 5, (size_t)(end - p - 5));
		else if (strncmp(p, "line=", 5) == 0)
			a->line = strtol(p + 5, NULL, 10);
		else if (strncmp(p, "col=", 4) == 0)
			a->column = strtol(p + 4, NULL, 10);
		else if (strncmp(p, "title=", 6) == 0)
			a->title = decode(p + 6, (size_t)(end - p - 6));
		else
			fail_msg("unknown property in '%s'", line);
		p = end + (end < properties_end);
	}
	a->message = decode(properties_end + 2, strlen(properties_end + 2));
}

/* The annotation lines of the output, split (without the summary line). */
static size_t lines(char *text, char **out, size_t max)
{
	size_t n = 0;
	char *next = NULL;

	while (*text != '\0') {
		next = strchr(text, '\n');
		assert_non_null(next);
		*next = '\0';
		if (strncmp(text, "::", 2) == 0) {
			assert_true(n < max);
			out[n++] = text;
		}
		text = next + 1;
	}
	return n;
}

static void test_github_lines_decode(void **state)
{
	struct fixture *fx = *state;
	struct orgcheck_finding *f = NULL;
	struct annotation a;
	char *line[8];
	size_t n = 0;

	add(fx, "OC110", "records/a,b/x%y:z.xml", 3, 4, "50% of it,\nthen: more\r\nand %0A literally");
	f = add(fx, "OC120", "././/records/b.xml", 7, 0, "line without a column");
	f->severity = ORGCHECK_SEVERITY_INFO;
	add(fx, "OC152", "c.xml", 0, 0, "whole file :: with colons");
	f = add(fx, ORGCHECK_RULE_SCHEMATRON, "d.xml", 2, 1, "house rule");
	assert_int_equal(orgcheck_findings_set_rule_id(&fx->result.findings, &fx->err,
						       fx->result.findings.count - 1, "house-name"), 0);
	f->severity = ORGCHECK_SEVERITY_WARNING;
	render(fx, orgcheck_render_format_github);
	assert_non_null(strstr(fx->output, "\norgcheck: 1 error, 1 warning, 2 info\n"));
	n = lines(fx->output, line, 8);
	assert_int_equal(n, 4);

	parse_annotation(&a, line[0]);
	assert_string_equal(a.level, "error");
	assert_string_equal(a.file, "records/a,b/x%y:z.xml");
	assert_int_equal(a.line, 3);
	assert_int_equal(a.column, 4);
	assert_string_equal(a.title, "OC110 unresolved-reference");
	assert_string_equal(a.message, "50% of it,\nthen: more\r\nand %0A literally");
	annotation_release(&a);

	/* The level follows the finding's severity, not the rule's default;
	 * the path is the repository's, without "./" and the slashes after
	 * it, as GitLab's. */
	parse_annotation(&a, line[1]);
	assert_string_equal(a.level, "notice");
	assert_string_equal(a.file, "records/b.xml");
	assert_int_equal(a.line, 7);
	assert_int_equal(a.column, -1);
	annotation_release(&a);

	parse_annotation(&a, line[2]);
	assert_string_equal(a.level, "notice");
	assert_string_equal(a.file, "c.xml");
	assert_int_equal(a.line, -1);
	assert_int_equal(a.column, -1);
	assert_string_equal(a.message, "whole file :: with colons");
	annotation_release(&a);

	parse_annotation(&a, line[3]);
	assert_string_equal(a.level, "warning");
	assert_string_equal(a.title, "house-name schematron");
	annotation_release(&a);
}

/* GitLab's entry for the same findings: the same repository path, line 1
 * for a whole file, the reported rule id, JSON escapes. */
static void test_gitlab_entries(void **state)
{
	struct fixture *fx = *state;

	add(fx, "OC110", "././/records/a,b.xml", 3, 4, "50% of it,\nthen \"more\"");
	add(fx, "OC152", "c.xml", 0, 0, "whole file");
	add(fx, ORGCHECK_RULE_SCHEMATRON, "d.xml", 2, 1, "house rule");
	assert_int_equal(orgcheck_findings_set_rule_id(&fx->result.findings, &fx->err,
						       fx->result.findings.count - 1, "house-name"), 0);
	render(fx, orgcheck_render_format_gitlab);
	assert_int_equal(fx->output[0], '[');
	assert_non_null(strstr(fx->output, "\"description\": \"50% of it,\\nthen \\\"more\\\"\",\n"));
	assert_non_null(strstr(fx->output, "\"check_name\": \"OC110\",\n"));
	assert_non_null(strstr(fx->output, "\"path\": \"records/a,b.xml\",\n"));
	assert_non_null(strstr(fx->output, "\"begin\": 3\n"));
	assert_non_null(strstr(fx->output, "\"path\": \"c.xml\",\n"));
	assert_non_null(strstr(fx->output, "\"begin\": 1\n"));
	assert_non_null(strstr(fx->output, "\"check_name\": \"house-name\",\n"));
	assert_non_null(strstr(fx->output, "\"severity\": \"major\",\n"));
	assert_non_null(strstr(fx->output, "\"severity\": \"info\",\n"));
	assert_null(strstr(fx->output, "\"begin\": 0"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_github_lines_decode, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gitlab_entries, setup, teardown),
	};

	return cmocka_run_group_tests_name("annotations", tests, NULL, NULL);
}
