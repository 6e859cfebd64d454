/* The built-in fixes (<orgcheck/fixes.h>) and the diff of a fix
 * (<orgcheck/fix.h>):
 *  - a property over every corpus of the tests (records/, tests/.../records):
 *    each fix orgcheck makes, applied alone to the bytes of its file, and
 *    all the fixes of a file together, leave a well-formed file;
 *  - a property over every element of every bundled record: removing its
 *    span as a fix does (whole lines), or inserting a copy of it after its
 *    line, leaves a well-formed file;
 *  - writing leaves a file that changed since it was read alone, and a
 *    rename never replaces a file;
 *  - the diff of an edit at the end of a file without a final line break.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libxml/parser.h>

#include <orgcheck/check.h>
#include <orgcheck/fix.h>
#include <orgcheck/fixes.h>
#include "model/corpus.h"
#include "util/span.h"
#include "testutil.h"

static int well_formed(const char *data, size_t size)
{
	xmlDocPtr doc = xmlReadMemory(data, (int)size, "fixed.xml", NULL,
				      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	int ok = doc != NULL;

	xmlFreeDoc(doc);
	return ok;
}

static int check_dir(struct orgcheck_check_result *out, const char *dir, int keep)
{
	struct orgcheck_check_options options;
	struct orgcheck_error err = { 0 };
	const char *paths[] = { dir };
	int rc = 0;

	memset(&options, 0, sizeof(options));
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2026;
	options.today.month = 6;
	options.today.day = 1;
	options.jobs = 1;
	options.keep_sources = keep;
	rc = orgcheck_check_run(out, &options, &err);
	if (rc == 0)
		rc = orgcheck_fixes_compute(out, &err);
	if (rc < 0)
		print_error("%s: %s\n", dir, err.message);
	return rc;
}

static const struct orgcheck_record *record_of(const struct orgcheck_corpus *corpus, const char *path)
{
	size_t i;

	for (i = 0; i < corpus->count; i++)
		if (strcmp(corpus->records[i].path, path) == 0)
			return &corpus->records[i];
	return NULL;
}

static size_t fixes_checked;
static size_t corpora_checked;

/* Every fix of a corpus, alone and with the others of its file. */
static void check_corpus_fixes(const char *dir)
{
	struct orgcheck_check_result result;
	struct orgcheck_error err = { 0 };
	struct orgcheck_fix together;
	const struct orgcheck_record *record = NULL;
	char *out = NULL;
	size_t size = 0;
	size_t i;
	size_t j;
	size_t k;
	size_t m;

	memset(&result, 0, sizeof(result));
	assert_int_equal(check_dir(&result, dir, 1), 0);
	corpora_checked++;
	for (i = 0; i < result.findings.count; i++) {
		const struct orgcheck_finding *f = &result.findings.items[i];

		for (j = 0; j < f->fix_count; j++) {
			const struct orgcheck_fix *fix = &f->fixes[j];

			record = record_of(result.corpus, fix->path);
			assert_non_null(record);
			assert_non_null(record->source);
			assert_non_null(fix->description);
			assert_true(fix->edit_count > 0 || fix->new_path != NULL);
			assert_int_equal(orgcheck_fix_apply(&out, &size, &err, fix, record->source,
							    record->source_size), 0);
			if (!well_formed(out, size))
				fail_msg("%s: the fix of %s (%s) leaves %s not well-formed:\n%s", dir,
					 orgcheck_finding_rule_id(f), fix->description, fix->path, out);
			free(out);
			out = NULL;
			assert_non_null(fix->patch);
			fixes_checked++;

			/* With every other fix of the file that does not overlap. */
			assert_int_equal(orgcheck_fix_init(&together, &err, ORGCHECK_FIX_SAFE, fix->path, "all"), 0);
			for (k = 0; k < result.findings.count; k++) {
				const struct orgcheck_finding *g = &result.findings.items[k];

				for (m = 0; m < g->fix_count; m++) {
					const struct orgcheck_fix *other = &g->fixes[m];
					struct orgcheck_fix trial;
					size_t e;
					int rc = 0;

					if (strcmp(other->path, fix->path) != 0)
						continue;
					assert_int_equal(orgcheck_fix_copy(&trial, &err, &together), 0);
					for (e = 0; rc == 0 && e < other->edit_count; e++)
						rc = orgcheck_fix_add_edit(&trial, &err, other->edits[e].start,
									   other->edits[e].end, other->edits[e].text);
					if (rc == 0) {
						orgcheck_fix_release(&together);
						together = trial;
					} else {
						orgcheck_fix_release(&trial);
					}
				}
			}
			assert_int_equal(orgcheck_fix_apply(&out, &size, &err, &together, record->source,
							    record->source_size), 0);
			if (!well_formed(out, size))
				fail_msg("%s: the fixes of %s together leave it not well-formed", dir, fix->path);
			free(out);
			out = NULL;
			orgcheck_fix_release(&together);
		}
	}
	orgcheck_check_result_release(&result);
}

static int visit_corpus(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t length = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_D && length >= 8 && strcmp(path + length - 8, "/records") == 0 &&
	    strstr(path, "/hostile") == NULL)
		check_corpus_fixes(path);
	return 0;
}

static void test_every_fix_well_formed(void **state)
{
	(void)state;
	check_corpus_fixes(TEST_SOURCE_DIR "/records");
	assert_true(fixes_checked >= 20);
	assert_int_equal(nftw(TEST_SOURCE_DIR "/tests", visit_corpus, 16, FTW_PHYS), 0);
	print_message("fixes: %zu fixes of %zu corpora applied, each well-formed\n", fixes_checked,
		      corpora_checked);
	assert_true(corpora_checked > 20);
}

/* ---------------------------------------------------------------- span edits */

static size_t edits_checked;

static int edit_each_element(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct orgcheck_spans spans = { 0 };
	struct orgcheck_error err = { 0 };
	struct orgcheck_fix fix;
	char *data = NULL;
	char *out = NULL;
	size_t size = 0;
	size_t length = strlen(path);
	size_t i;

	(void)st;
	(void)ftw;
	if (type != FTW_F || length < 4 || strcmp(path + length - 4, ".xml") != 0)
		return 0;
	data = test_read_file(path);
	if (orgcheck_spans_scan(&spans, &err, data, strlen(data)) != 0)
		fail_msg("%s: %s", path, err.message);
	for (i = 1; i < spans.count; i++) {
		const struct orgcheck_span *span = &spans.items[i];
		size_t start = 0;
		size_t end = 0;
		size_t at = span->end;
		char *copy = NULL;

		orgcheck_span_removal(&start, &end, data, strlen(data), span);
		assert_int_equal(orgcheck_fix_init(&fix, &err, ORGCHECK_FIX_SAFE, path, "remove"), 0);
		assert_int_equal(orgcheck_fix_add_edit(&fix, &err, start, end, ""), 0);
		assert_int_equal(orgcheck_fix_apply(&out, &size, &err, &fix, data, strlen(data)), 0);
		if (!well_formed(out, size))
			fail_msg("%s: removing element %zu leaves it not well-formed", path, i);
		free(out);
		orgcheck_fix_release(&fix);

		/* A copy after its line, as a back-link is added. */
		while (data[at] != '\0' && data[at] != '\n')
			at++;
		if (data[at] == '\n')
			at++;
		copy = malloc(end - start + 2);
		assert_non_null(copy);
		memcpy(copy, data + start, end - start);
		copy[end - start] = '\0';
		if (end == span->end)
			strcat(copy, "\n");
		assert_int_equal(orgcheck_fix_init(&fix, &err, ORGCHECK_FIX_SAFE, path, "copy"), 0);
		assert_int_equal(orgcheck_fix_add_edit(&fix, &err, at, at, copy), 0);
		assert_int_equal(orgcheck_fix_apply(&out, &size, &err, &fix, data, strlen(data)), 0);
		if (!well_formed(out, size))
			fail_msg("%s: a copy of element %zu after its line leaves it not well-formed", path, i);
		free(out);
		free(copy);
		orgcheck_fix_release(&fix);
		edits_checked += 2;
	}
	orgcheck_spans_release(&spans);
	free(data);
	return 0;
}

static void test_every_element_edit_well_formed(void **state)
{
	(void)state;
	assert_int_equal(nftw(TEST_SOURCE_DIR "/records", edit_each_element, 16, FTW_PHYS), 0);
	print_message("span edits: %zu, each well-formed\n", edits_checked);
	assert_true(edits_checked > 1000);
}

/* ---------------------------------------------------------------- writing */

static char *copy_case(const char *name)
{
	char *dir = test_make_temp_dir();
	char command[1024];

	snprintf(command, sizeof(command), "cp -r '%s/tests/fix/%s/records' '%s/'", TEST_SOURCE_DIR, name, dir);
	assert_int_equal(system(command), 0);
	return dir;
}

static void plan_case(struct orgcheck_check_result *result, struct orgcheck_fix_plan *plan, const char *records)
{
	struct orgcheck_check_options options;
	struct orgcheck_error err = { 0 };
	const char *paths[] = { records };

	memset(&options, 0, sizeof(options));
	options.paths = paths;
	options.path_count = 1;
	options.schema_dir = TEST_SCHEMA_DIR;
	options.today.year = 2026;
	options.today.month = 6;
	options.today.day = 1;
	options.jobs = 1;
	assert_int_equal(check_dir(result, records, 1), 0);
	assert_int_equal(orgcheck_fixes_plan(plan, result, &options, 1, &err), 0);
}

static void test_write_leaves_changed_file(void **state)
{
	struct orgcheck_check_result result;
	struct orgcheck_fix_plan plan;
	struct orgcheck_error err = { 0 };
	char *dir = copy_case("oc114-exact");
	char *records = test_join(dir, "records");
	char *alpha = test_join(dir, "records/organizations/alpha.xml");
	char *before = NULL;
	char *now = NULL;
	char *messages = NULL;
	size_t written = 0;

	(void)state;
	memset(&result, 0, sizeof(result));
	plan_case(&result, &plan, records);
	assert_int_equal(plan.file_count, 1);
	assert_int_equal(plan.note_count, 1);
	assert_true(plan.notes[0].kept);
	/* A curator edits the file between the check and the write. */
	before = test_read_file(alpha);
	now = malloc(strlen(before) + 32);
	assert_non_null(now);
	sprintf(now, "%s<!-- edited -->\n", before);
	test_write_file(alpha, now);
	assert_int_equal(orgcheck_fixes_write(&written, &messages, &plan, &err), 0);
	assert_int_equal(written, 0);
	assert_non_null(messages);
	assert_non_null(strstr(messages, "changed since it was read, left alone"));
	free(before);
	before = test_read_file(alpha);
	assert_string_equal(before, now);
	free(messages);
	messages = NULL;

	/* Unchanged again, it is written, and matches the plan. */
	orgcheck_fix_plan_release(&plan);
	orgcheck_check_result_release(&result);
	memset(&result, 0, sizeof(result));
	plan_case(&result, &plan, records);
	assert_int_equal(orgcheck_fixes_write(&written, &messages, &plan, &err), 0);
	assert_null(messages);
	assert_int_equal(written, 1);
	free(before);
	before = test_read_file(alpha);
	assert_int_equal(strlen(before), plan.files[0].after_size);
	assert_memory_equal(before, plan.files[0].after, plan.files[0].after_size);
	assert_non_null(strstr(before, "<!-- edited -->"));

	orgcheck_fix_plan_release(&plan);
	orgcheck_check_result_release(&result);
	free(before);
	free(now);
	free(alpha);
	free(records);
	test_remove_tree(dir);
	free(dir);
}

static void test_rename_never_replaces(void **state)
{
	struct orgcheck_check_result result;
	struct orgcheck_fix_plan plan;
	struct orgcheck_error err = { 0 };
	char *dir = copy_case("oc102");
	char *records = test_join(dir, "records");
	char *old_name = test_join(dir, "records/organizations/beta-old-name.xml");
	char *new_name = test_join(dir, "records/organizations/beta-gene-network.xml");
	char *messages = NULL;
	char *text = NULL;
	size_t written = 0;
	struct stat st;

	(void)state;
	memset(&result, 0, sizeof(result));
	plan_case(&result, &plan, records);
	assert_int_equal(plan.file_count, 1);
	assert_non_null(plan.files[0].new_path);
	/* The name is taken after the check. */
	test_write_file(new_name, "taken\n");
	assert_int_equal(orgcheck_fixes_write(&written, &messages, &plan, &err), 0);
	assert_int_equal(written, 0);
	assert_non_null(messages);
	assert_non_null(strstr(messages, "the new name is taken"));
	text = test_read_file(new_name);
	assert_string_equal(text, "taken\n");
	assert_int_equal(stat(old_name, &st), 0);
	free(text);
	free(messages);

	orgcheck_fix_plan_release(&plan);
	orgcheck_check_result_release(&result);
	free(old_name);
	free(new_name);
	free(records);
	test_remove_tree(dir);
	free(dir);
}

/* ---------------------------------------------------------------- diff */

static void test_diff_without_final_newline(void **state)
{
	struct orgcheck_error err = { 0 };
	struct orgcheck_fix fix;
	const char *data = "<r>\n  <a/>\n</r>";
	char *diff = NULL;

	(void)state;
	assert_int_equal(orgcheck_fix_init(&fix, &err, ORGCHECK_FIX_SAFE, "d/x.xml", "d"), 0);
	assert_int_equal(orgcheck_fix_add_edit(&fix, &err, 15, 15, "\n<!-- end -->"), 0);
	assert_int_equal(orgcheck_fix_diff(&diff, &fix, "d/x.xml", NULL, data, strlen(data), "d/", &err), 0);
	assert_string_equal(diff,
			    "diff --git a/x.xml b/x.xml\n"
			    "--- a/x.xml\n"
			    "+++ b/x.xml\n"
			    "@@ -1,3 +1,4 @@\n"
			    " <r>\n"
			    "   <a/>\n"
			    "-</r>\n"
			    "\\ No newline at end of file\n"
			    "+</r>\n"
			    "+<!-- end -->\n"
			    "\\ No newline at end of file\n");
	free(diff);
	orgcheck_fix_release(&fix);

	/* Nothing to change, no rename: no diff at all. */
	assert_int_equal(orgcheck_fix_init(&fix, &err, ORGCHECK_FIX_SAFE, "x.xml", "d"), 0);
	assert_int_equal(orgcheck_fix_diff(&diff, &fix, "x.xml", NULL, data, strlen(data), NULL, &err), 0);
	assert_string_equal(diff, "");
	free(diff);
	orgcheck_fix_release(&fix);
}

/* A back-link copies the holder's source and dates as written; one too
 * long to copy whole is no fix at all, never a source cut short. */
static void test_back_link_never_cuts_a_source(void **state)
{
	struct orgcheck_check_result result;
	char *dir = test_make_temp_dir();
	char *records = test_join(dir, "records");
	char source[700];
	char alpha[1200];
	size_t i;
	size_t oc120 = 0;

	(void)state;
	memset(&result, 0, sizeof(result));
	snprintf(source, sizeof(source), "https://example.org/%0600d", 0);
	snprintf(alpha, sizeof(alpha),
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		 "<organization xmlns=\"urn:orgcheck:record:1\" id=\"alpha\">\n"
		 "  <name source=\"001_23c06b6e0b523bd9.txt\">Alpha</name>\n"
		 "  <relationships>\n"
		 "    <relationship kind=\"member-of\" source=\"%s\">\n"
		 "      <org-ref ref=\"beta\">Beta</org-ref>\n"
		 "    </relationship>\n"
		 "  </relationships>\n"
		 "</organization>\n", source);
	test_mkdir_in(dir, "records");
	test_write_file_in(dir, "records/alpha.xml", alpha);
	test_write_file_in(dir, "records/beta.xml",
			   "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			   "<organization xmlns=\"urn:orgcheck:record:1\" id=\"beta\">\n"
			   "  <name source=\"001_23c06b6e0b523bd9.txt\">Beta</name>\n"
			   "</organization>\n");
	assert_int_equal(check_dir(&result, records, 1), 0);
	for (i = 0; i < result.findings.count; i++) {
		if (strcmp(orgcheck_finding_rule_id(&result.findings.items[i]), "OC120") != 0)
			continue;
		oc120++;
		assert_int_equal(result.findings.items[i].fix_count, 0);
	}
	assert_int_equal(oc120, 1);
	orgcheck_check_result_release(&result);
	free(records);
	test_remove_tree(dir);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diff_without_final_newline),
		cmocka_unit_test(test_write_leaves_changed_file),
		cmocka_unit_test(test_rename_never_replaces),
		cmocka_unit_test(test_back_link_never_cuts_a_source),
		cmocka_unit_test(test_every_element_edit_well_formed),
		cmocka_unit_test(test_every_fix_well_formed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
