#include <orgcheck/baseline.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/broken.h>

#include "findings/keyed.h"

#define FINGERPRINT_SIZE ORGCHECK_FINGERPRINT_SIZE
#define BASELINE_HEADER "# orgcheck baseline 1"

struct entry {
	char fingerprint[FINGERPRINT_SIZE];
	size_t count;
	char *rest;             /* "RULE RECORD: message", kept for rewriting */
	unsigned long line;     /* in the baseline file */
	size_t matched;         /* findings it covered in this run */
	/* In a run where it is not matched: a record its text names that does
	 * not exist while something still refers to it (a record deleted in
	 * the same change), and where the first such reference is; NULL when
	 * there is none. */
	char *missing_id;
	char *missing_path;
	unsigned long missing_line;
};

static void clear_missing(struct entry *e)
{
	free(e->missing_id);
	free(e->missing_path);
	e->missing_id = NULL;
	e->missing_path = NULL;
	e->missing_line = 0;
}

struct orgcheck_baseline {
	char *path;
	struct entry *entries;  /* sorted by fingerprint */
	size_t count;
};

static int compare_entries(const void *pa, const void *pb)
{
	const struct entry *a = pa;
	const struct entry *b = pb;

	return strcmp(a->fingerprint, b->fingerprint);
}

void orgcheck_baseline_free(struct orgcheck_baseline *baseline)
{
	size_t i;

	if (baseline == NULL)
		return;
	for (i = 0; i < baseline->count; i++) {
		free(baseline->entries[i].rest);
		clear_missing(&baseline->entries[i]);
	}
	free(baseline->entries);
	free(baseline->path);
	free(baseline);
}

static int is_hex16(const char *p)
{
	size_t i;

	for (i = 0; i < 16; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' && p[i] <= 'f')))
			return 0;
	}
	return p[16] == ' ';
}

/* Parses line number `number` of path, "FINGERPRINT COUNT REST", into e.
 * Returns 0, ORGCHECK_ECONFIG for a malformed line or ORGCHECK_ENOMEM. */
static int parse_line(struct entry *e, const char *line, const char *path, unsigned long number,
		      struct orgcheck_error *err)
{
	char *end = NULL;
	unsigned long long count = 0;

	if (strlen(line) < 18 || !is_hex16(line))
		goto malformed;
	memcpy(e->fingerprint, line, 16);
	e->fingerprint[16] = '\0';
	errno = 0;
	count = strtoull(line + 17, &end, 10);
	if (errno != 0 || end == line + 17 || count == 0 || (*end != ' ' && *end != '\0'))
		goto malformed;
	e->count = (size_t)count;
	while (*end == ' ')
		end++;
	e->rest = strdup(end);
	if (e->rest == NULL)
		return orgcheck_error_nomem(err);
	return 0;

malformed:
	return orgcheck_error_set(err, ORGCHECK_ECONFIG,
				  "%s:%lu: not a baseline line (expected FINGERPRINT COUNT RULE ...)",
				  path, number);
}

int orgcheck_baseline_load(struct orgcheck_baseline **out, const char *path,
			   struct orgcheck_error *err)
{
	struct orgcheck_baseline *baseline = NULL;
	struct entry *grown = NULL;
	FILE *in = NULL;
	char *line = NULL;
	size_t line_size = 0;
	ssize_t length = 0;
	size_t capacity = 0;
	unsigned long number = 0;
	int rc = 0;

	*out = NULL;
	baseline = calloc(1, sizeof(*baseline));
	if (baseline == NULL || (baseline->path = strdup(path)) == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	in = fopen(path, "r");
	if (in == NULL) {
		rc = orgcheck_error_set(err, ORGCHECK_ECONFIG, "cannot read baseline '%s': %s", path,
					strerror(errno));
		goto done;
	}
	while ((length = getline(&line, &line_size, in)) >= 0) {
		number++;
		while (length > 0 && (line[length - 1] == '\n' || line[length - 1] == '\r'))
			line[--length] = '\0';
		if (length == 0 || line[0] == '#')
			continue;
		if (baseline->count == capacity) {
			capacity = capacity ? capacity * 2 : 64;
			grown = realloc(baseline->entries, capacity * sizeof(*grown));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(err);
				goto done;
			}
			baseline->entries = grown;
		}
		memset(&baseline->entries[baseline->count], 0, sizeof(struct entry));
		rc = parse_line(&baseline->entries[baseline->count], line, path, number, err);
		if (rc < 0)
			goto done;
		baseline->entries[baseline->count].line = number;
		baseline->count++;
	}
	/* getline() returns -1 for a read error as for the end of the file. */
	if (ferror(in)) {
		rc = orgcheck_error_set(err, ORGCHECK_ECONFIG, "cannot read baseline '%s': %s", path,
					strerror(errno));
		goto done;
	}
	/* An empty baseline has no array to sort (qsort must not get NULL). */
	if (baseline->count > 1)
		qsort(baseline->entries, baseline->count, sizeof(*baseline->entries), compare_entries);
	*out = baseline;
	baseline = NULL;

done:
	free(line);
	if (in != NULL)
		fclose(in);
	orgcheck_baseline_free(baseline);
	return rc;
}

/* One baseline line: fingerprint, count, rule, record and message. */
static void write_entry(FILE *out, const char *fingerprint, size_t count,
			const struct orgcheck_finding *f)
{
	const char *p = NULL;

	fprintf(out, "%s %zu %s %s: ", fingerprint, count, orgcheck_finding_rule_id(f),
		f->primary.record ? f->primary.record : f->primary.path);
	/* Keep one entry on one line whatever the message holds. */
	for (p = f->message; *p != '\0'; p++)
		fputc(*p == '\n' || *p == '\r' ? ' ' : *p, out);
	fputc('\n', out);
}

int orgcheck_baseline_write(FILE *out, const struct orgcheck_findings *findings,
			    struct orgcheck_error *err)
{
	struct orgcheck_keyed *keys = NULL;
	size_t i;
	size_t j;
	int rc = 0;

	rc = orgcheck_findings__keyed(&keys, findings, err);
	if (rc < 0)
		return rc;
	fputs(BASELINE_HEADER "\n"
	      "# Accepted findings: FINGERPRINT COUNT RULE RECORD: MESSAGE, sorted by fingerprint.\n"
	      "# 'orgcheck check --baseline FILE' reports only findings beyond these;\n"
	      "# 'orgcheck baseline --prune' drops the entries whose findings are fixed.\n", out);
	for (i = 0; i < findings->count; i = j) {
		for (j = i + 1; j < findings->count && strcmp(keys[j].fingerprint, keys[i].fingerprint) == 0; j++)
			;
		write_entry(out, keys[i].fingerprint, j - i, &findings->items[keys[i].index]);
	}
	free(keys);
	if (ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the baseline");
	return 0;
}

/* How many findings (in sorted keys) carry fingerprint, from *at on. */
static size_t count_run(const struct orgcheck_keyed *keys, size_t count, size_t *at, const char *fingerprint)
{
	size_t n = 0;

	while (*at < count && strcmp(keys[*at].fingerprint, fingerprint) < 0)
		(*at)++;
	while (*at + n < count && strcmp(keys[*at + n].fingerprint, fingerprint) == 0)
		n++;
	return n;
}

static int is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* Whether text names id as a whole word. */
static int names_id(const char *text, const char *id)
{
	size_t length = strlen(id);
	const char *at = NULL;

	if (length == 0)
		return 0;
	for (at = strstr(text, id); at != NULL; at = strstr(at + 1, id)) {
		if ((at == text || !is_id_char(at[-1])) && !is_id_char(at[length]))
			return 1;
	}
	return 0;
}

/* Finds, for an entry, an unresolved reference (OC110) of findings to a
 * record its text names: the record is missing (deleted, say) while
 * something still refers to it, so the entry's findings are gone with the
 * record, not fixed; once nothing refers to it the deletion is complete
 * and the entry is fixed. */
static int find_missing(struct entry *e, const struct orgcheck_findings *findings,
			struct orgcheck_error *err)
{
	const struct orgcheck_finding *f = NULL;
	size_t i;
	size_t j;

	clear_missing(e);
	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (f->rule == NULL || strcmp(f->rule->id, "OC110") != 0)
			continue;
		for (j = 0; j < f->value_count; j++) {
			if (strcmp(f->values[j].name, "reference") != 0 || f->values[j].text == NULL ||
			    !names_id(e->rest, f->values[j].text))
				continue;
			e->missing_id = strdup(f->values[j].text);
			e->missing_path = strdup(f->primary.path ? f->primary.path : "");
			e->missing_line = f->primary.line;
			if (e->missing_id == NULL || e->missing_path == NULL) {
				clear_missing(e);
				return orgcheck_error_nomem(err);
			}
			return 0;
		}
	}
	return 0;
}

int orgcheck_baseline_write_pruned(FILE *out, const struct orgcheck_baseline *baseline,
				   const struct orgcheck_findings *findings,
				   struct orgcheck_error *err)
{
	struct orgcheck_keyed *keys = NULL;
	struct orgcheck_broken broken = { NULL, NULL, 0 };
	size_t at = 0;
	size_t present = 0;
	size_t i;
	int rc = 0;

	rc = orgcheck_broken_collect(&broken, findings, err);
	if (rc < 0)
		return rc;
	rc = orgcheck_findings__keyed(&keys, findings, err);
	if (rc < 0) {
		orgcheck_broken_release(&broken);
		return rc;
	}
	fputs(BASELINE_HEADER "\n"
	      "# Accepted findings: FINGERPRINT COUNT RULE RECORD: MESSAGE, sorted by fingerprint.\n"
	      "# 'orgcheck check --baseline FILE' reports only findings beyond these;\n"
	      "# 'orgcheck baseline --prune' drops the entries whose findings are fixed.\n", out);
	for (i = 0; i < baseline->count; i++) {
		struct entry *e = &baseline->entries[i];

		present = count_run(keys, findings->count, &at, e->fingerprint);
		/* Nothing is known of a record that cannot be read: keep it all. */
		if (present < e->count && orgcheck_broken_in_text(&broken, e->rest) != NULL)
			present = e->count;
		/* Nor of one deleted while references to it remain. */
		if (present < e->count) {
			rc = find_missing(e, findings, err);
			if (rc < 0)
				break;
			if (e->missing_id != NULL)
				present = e->count;
		}
		if (present == 0)
			continue;
		fprintf(out, "%s %zu %s\n", e->fingerprint, present < e->count ? present : e->count, e->rest);
	}
	free(keys);
	orgcheck_broken_release(&broken);
	if (rc < 0)
		return rc;
	if (ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the baseline");
	return 0;
}

struct apply_state {
	unsigned char *drop;   /* per finding: covered by the baseline */
	size_t next;
};

static int keep_uncovered(void *data, struct orgcheck_finding *finding)
{
	struct apply_state *state = data;

	(void)finding;
	return !state->drop[state->next++];
}

/* What an OC191 finding is about, so that a run that shows only the
 * findings touching some files (check --baseline FILE) keeps those of
 * the files' entries: the entry's fingerprint and record as values, and
 * for a record that cannot be read, its file as a related location. */
static int describe_entry(struct orgcheck_findings *findings, struct orgcheck_error *err,
			  const struct entry *e, const char *broken_path)
{
	const char *record = strchr(e->rest, ' ');
	const char *end = NULL;
	char *id = NULL;
	int rc = 0;

	rc = orgcheck_findings_add_value(findings, err, "entry", e->fingerprint, NULL);
	/* rest is "RULE RECORD: message". */
	if (rc == 0 && record != NULL && (end = strstr(record + 1, ": ")) != NULL && end > record + 1) {
		id = strndup(record + 1, (size_t)(end - record - 1));
		if (id == NULL)
			return orgcheck_error_nomem(err);
		rc = orgcheck_findings_add_value(findings, err, "record", id, NULL);
		if (rc == 0 && broken_path != NULL)
			rc = orgcheck_findings_add_related(findings, err, broken_path, id, 0, 0);
	}
	free(id);
	return rc;
}

int orgcheck_baseline_apply(struct orgcheck_baseline *baseline, struct orgcheck_findings *findings,
			    struct orgcheck_error *err)
{
	struct orgcheck_keyed *keys = NULL;
	struct orgcheck_broken broken = { NULL, NULL, 0 };
	struct apply_state state = { NULL, 0 };
	const char *unknown = NULL;
	size_t original = findings->count;
	size_t at = 0;
	size_t present = 0;
	size_t covered = 0;
	size_t i;
	size_t k;
	int rc = 0;

	rc = orgcheck_broken_collect(&broken, findings, err);
	if (rc < 0)
		goto done;
	rc = orgcheck_findings__keyed(&keys, findings, err);
	if (rc < 0)
		goto done;
	state.drop = calloc(findings->count + 1, 1);
	if (state.drop == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0; i < findings->count; i++)
		findings->items[i].state = ORGCHECK_STATE_NEW;
	for (i = 0; i < baseline->count; i++) {
		struct entry *e = &baseline->entries[i];

		present = count_run(keys, findings->count, &at, e->fingerprint);
		covered = present < e->count ? present : e->count;
		/* The first findings of a fingerprint (in report order) are the
		 * ones the baseline already knew. */
		for (k = 0; k < covered; k++)
			state.drop[keys[at + k].index] = 1;
		e->matched = covered;
	}
	/* Before the covered findings go: a baselined reference can still
	 * show that a record is missing. Borrowed from findings until the
	 * retain below, so its text is copied into the message first. */
	for (i = 0; i < baseline->count && rc == 0; i++) {
		clear_missing(&baseline->entries[i]);
		if (baseline->entries[i].matched < baseline->entries[i].count)
			rc = find_missing(&baseline->entries[i], findings, err);
	}
	if (rc < 0)
		goto done;
	orgcheck_findings_retain(findings, keep_uncovered, &state);
	for (i = 0; i < baseline->count && rc == 0; i++) {
		const struct entry *e = &baseline->entries[i];

		if (e->matched >= e->count)
			continue;
		unknown = orgcheck_broken_in_text(&broken, e->rest);
		if (unknown != NULL) {
			/* Not fixed: unknown until the record can be read again. */
			rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_STALE_BASELINE, baseline->path,
						   e->line, 0,
						   "%zu of %zu baselined finding%s unknown, not fixed (%s %s): %s "
						   "cannot be read; keep the entry until it can",
						   e->count - e->matched, e->count, e->count == 1 ? " is" : "s are",
						   e->fingerprint, e->rest, unknown);
			if (rc == 0)
				rc = describe_entry(findings, err, e, unknown);
			continue;
		}
		if (e->missing_id != NULL) {
			/* Gone with its record, whose deletion is not complete. */
			rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_STALE_BASELINE, baseline->path,
						   e->line, 0,
						   "%zu of %zu baselined finding%s unknown, not fixed (%s %s): record "
						   "'%s' is missing while %s:%lu still refers to it; keep the entry "
						   "until the references are resolved or the record is back",
						   e->count - e->matched, e->count, e->count == 1 ? " is" : "s are",
						   e->fingerprint, e->rest, e->missing_id, e->missing_path,
						   e->missing_line);
			if (rc == 0)
				rc = describe_entry(findings, err, e, NULL);
			if (rc == 0)
				rc = orgcheck_findings_add_value(findings, err, "reference", e->missing_id, NULL);
			if (rc == 0)
				rc = orgcheck_findings_add_related(findings, err, e->missing_path, NULL,
								   e->missing_line, 0);
			continue;
		}
		rc = orgcheck_findings_add(findings, err, ORGCHECK_RULE_STALE_BASELINE, baseline->path, e->line, 0,
					   "%zu of %zu baselined finding%s fixed (%s %s); "
					   "run 'orgcheck baseline --prune' so the baseline only shrinks",
					   e->count - e->matched, e->count, e->count == 1 ? " is" : "s are",
					   e->fingerprint, e->rest);
		if (rc == 0)
			rc = describe_entry(findings, err, e, NULL);
		if (rc == 0)
			findings->items[findings->count - 1].state = ORGCHECK_STATE_ABSENT;
	}
	(void)original;

done:
	orgcheck_broken_release(&broken);
	free(keys);
	free(state.drop);
	return rc;
}
