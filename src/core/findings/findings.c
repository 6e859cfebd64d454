#include <orgcheck/findings.h>
#include <orgcheck/fix.h>

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/utf8.h"

static void location_release(struct orgcheck_location *loc)
{
	free(loc->path);
	free(loc->record);
	loc->path = NULL;
	loc->record = NULL;
}

static void finding_release(struct orgcheck_finding *finding)
{
	size_t i;

	for (i = 0; i < finding->value_count; i++) {
		free(finding->values[i].name);
		free(finding->values[i].text);
		free(finding->values[i].source);
	}
	free(finding->values);
	location_release(&finding->primary);
	free(finding->message);
	for (i = 0; i < finding->related_count; i++)
		location_release(&finding->related[i]);
	free(finding->related);
	free(finding->rule_id);
	for (i = 0; i < finding->fix_count; i++)
		orgcheck_fix_release(&finding->fixes[i]);
	free(finding->fixes);
	memset(finding, 0, sizeof(*finding));
}

const char *orgcheck_finding_rule_id(const struct orgcheck_finding *finding)
{
	return finding->rule_id ? finding->rule_id : finding->rule->id;
}

int orgcheck_findings_set_rule_id(struct orgcheck_findings *list, struct orgcheck_error *err,
				  size_t index, const char *rule_id)
{
	char *copy = strdup(rule_id);

	if (copy == NULL)
		return orgcheck_error_nomem(err);
	free(list->items[index].rule_id);
	list->items[index].rule_id = copy;
	return 0;
}

void orgcheck_findings_init(struct orgcheck_findings *list)
{
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}

void orgcheck_findings_release(struct orgcheck_findings *list)
{
	size_t i;

	if (list == NULL)
		return;
	for (i = 0; i < list->count; i++)
		finding_release(&list->items[i]);
	free(list->items);
	orgcheck_findings_init(list);
}

static int grow(struct orgcheck_findings *list, size_t extra, struct orgcheck_error *err)
{
	size_t wanted = 0;
	size_t capacity = 0;
	struct orgcheck_finding *items = NULL;

	if (list->count + extra <= list->capacity)
		return 0;
	wanted = list->count + extra;
	capacity = list->capacity ? list->capacity : 16;
	while (capacity < wanted) {
		/* Catch size_t overflow before it wraps. */
		if (capacity > ((size_t)-1) / 2 / sizeof(*items))
			return orgcheck_error_nomem(err);
		capacity *= 2;
	}
	items = realloc(list->items, capacity * sizeof(*items));
	if (items == NULL)
		return orgcheck_error_nomem(err);
	list->items = items;
	list->capacity = capacity;
	return 0;
}

/* Format index 1, no arguments to check (0): a va_list, whose callers
 * carry the printf attribute that checks them. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static char *vformat(const char *fmt, va_list ap)
{
	va_list copy;
	int length = 0;
	char *text = NULL;

	va_copy(copy, ap);
	length = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (length < 0)
		return NULL;
	text = malloc((size_t)length + 1);
	if (text == NULL)
		return NULL;
	vsnprintf(text, (size_t)length + 1, fmt, ap);
	return text;
}

/* text, or a copy of it cleaned to UTF-8 (freeing text): messages quote
 * records and paths, and no writer may emit a byte that is not UTF-8. */
static char *valid_text(char *text)
{
	char *clean = NULL;

	if (text == NULL || orgcheck_utf8_valid(text))
		return text;
	clean = orgcheck_utf8_clean(text);
	free(text);
	return clean;
}

static char *copy_text(const char *text)
{
	return orgcheck_utf8_valid(text) ? strdup(text) : orgcheck_utf8_clean(text);
}

/* A finding of rule with the message fmt formatted from ap. */
static int add_finding(struct orgcheck_findings *list, struct orgcheck_error *err,
		       const struct orgcheck_rule *rule, const char *path,
		       unsigned long line, unsigned long column, const char *fmt, va_list ap)
#if defined(__GNUC__)
	__attribute__((format(printf, 7, 0)))
#endif
	;

static int add_finding(struct orgcheck_findings *list, struct orgcheck_error *err,
		       const struct orgcheck_rule *rule, const char *path,
		       unsigned long line, unsigned long column, const char *fmt, va_list ap)
{
	struct orgcheck_finding finding = { 0 };
	int rc = 0;

	rc = grow(list, 1, err);
	if (rc < 0)
		return rc;

	finding.rule = rule;
	finding.severity = rule->severity;
	finding.primary.line = line;
	finding.primary.column = column;
	finding.primary.path = strdup(path);
	finding.message = valid_text(vformat(fmt, ap));
	if (finding.primary.path == NULL || finding.message == NULL) {
		finding_release(&finding);
		return orgcheck_error_nomem(err);
	}
	list->items[list->count++] = finding;
	return 0;
}

int orgcheck_findings_add_rule(struct orgcheck_findings *list, struct orgcheck_error *err,
			       const struct orgcheck_rule *rule, const char *path,
			       unsigned long line, unsigned long column,
			       const char *fmt, ...)
{
	va_list ap;
	int rc = 0;

	va_start(ap, fmt);
	rc = add_finding(list, err, rule, path, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

int orgcheck_findings_add(struct orgcheck_findings *list, struct orgcheck_error *err,
			  const char *rule_id, const char *path,
			  unsigned long line, unsigned long column,
			  const char *fmt, ...)
{
	const struct orgcheck_rule *rule = orgcheck_rule_pipeline_find(rule_id);
	va_list ap;
	int rc = 0;

	if (rule == NULL)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "unknown rule id '%s'", rule_id);
	va_start(ap, fmt);
	rc = add_finding(list, err, rule, path, line, column, fmt, ap);
	va_end(ap);
	return rc;
}

/* Makes room for item count (0-based) of an array that only ever grows
 * through here: its capacity is the smallest power of two not below its
 * count, so it is reallocated when count reaches a power of two, and a
 * finding with 100,000 related locations costs linear time, not the
 * quadratic copying of one realloc per item. */
static int grow_for(void **items, size_t count, size_t size)
{
	void *grown = NULL;
	size_t capacity = count ? count * 2 : 1;

	if (count != 0 && (count & (count - 1)) != 0)
		return 0;
	/* Catch size_t overflow before it wraps. */
	if (capacity > ((size_t)-1) / size)
		return -1;
	grown = realloc(*items, capacity * size);
	if (grown == NULL)
		return -1;
	*items = grown;
	return 0;
}

int orgcheck_findings_add_related(struct orgcheck_findings *list, struct orgcheck_error *err,
				  const char *path, const char *record,
				  unsigned long line, unsigned long column)
{
	struct orgcheck_finding *finding = NULL;
	struct orgcheck_location *related = NULL;
	char *copy = NULL;
	char *record_copy = NULL;

	if (list->count == 0)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "no finding to relate a location to");
	finding = &list->items[list->count - 1];
	copy = strdup(path);
	record_copy = record ? strdup(record) : NULL;
	if (copy == NULL || (record != NULL && record_copy == NULL)) {
		free(copy);
		free(record_copy);
		return orgcheck_error_nomem(err);
	}
	if (grow_for((void **)&finding->related, finding->related_count, sizeof(*related)) < 0) {
		free(copy);
		free(record_copy);
		return orgcheck_error_nomem(err);
	}
	related = finding->related;
	related[finding->related_count].path = copy;
	related[finding->related_count].record = record_copy;
	related[finding->related_count].line = line;
	related[finding->related_count].column = column;
	finding->related_count++;
	return 0;
}

int orgcheck_findings_add_value(struct orgcheck_findings *list, struct orgcheck_error *err,
				const char *name, const char *text, const char *source)
{
	struct orgcheck_finding *finding = NULL;
	struct orgcheck_value *values = NULL;
	struct orgcheck_value value = { NULL, NULL, NULL };

	if (list->count == 0)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "no finding to add a value to");
	finding = &list->items[list->count - 1];
	value.name = strdup(name ? name : "");
	value.text = copy_text(text ? text : "");
	value.source = source ? strdup(source) : NULL;
	if (value.name == NULL || value.text == NULL || (source != NULL && value.source == NULL) ||
	    grow_for((void **)&finding->values, finding->value_count, sizeof(*values)) < 0) {
		free(value.name);
		free(value.text);
		free(value.source);
		return orgcheck_error_nomem(err);
	}
	finding->values[finding->value_count++] = value;
	return 0;
}

/* Hashes text and a separator, so "ab"+"c" and "a"+"bc" differ. */
static uint64_t hash_field(uint64_t h, const char *text)
{
	h = orgcheck_fnv1a_string(h, text ? text : "");
	return orgcheck_fnv1a_byte(h, 0x1f);
}

/* Hashes message without the positions libxml2 and rules put in it
 * ("line 3", "column 7"), so a shifted line keeps the fingerprint. */
static uint64_t hash_message(uint64_t h, const char *message)
{
	const char *p = message ? message : "";
	size_t skip = 0;

	while (*p != '\0') {
		skip = 0;
		if (strncmp(p, "line ", 5) == 0)
			skip = 5;
		else if (strncmp(p, "column ", 7) == 0)
			skip = 7;
		if (skip > 0 && p[skip] >= '0' && p[skip] <= '9') {
			p += skip;
			while (*p >= '0' && *p <= '9')
				p++;
			continue;
		}
		h = orgcheck_fnv1a_byte(h, (unsigned char)*p++);
	}
	return orgcheck_fnv1a_byte(h, 0x1f);
}

static int compare_strings(const void *pa, const void *pb)
{
	const char *const *a = pa;
	const char *const *b = pb;

	return strcmp(*a ? *a : "", *b ? *b : "");
}

int orgcheck_finding_fingerprint(char *buf, size_t size, const struct orgcheck_finding *finding,
				 struct orgcheck_error *err)
{
	uint64_t h = ORGCHECK_FNV1A_OFFSET;
	const char *small[16];
	const char **records = small;
	size_t i;

	if (size > 0)
		buf[0] = '\0';
	if (finding->related_count > sizeof(small) / sizeof(small[0])) {
		/* Without the sorted records the fingerprint would be another
		 * finding's: fail rather than leave them out. */
		records = malloc(finding->related_count * sizeof(*records));
		if (records == NULL)
			return orgcheck_error_nomem(err);
	}
	h = hash_field(h, orgcheck_finding_rule_id(finding));
	h = hash_field(h, finding->primary.record ? finding->primary.record : finding->primary.path);
	for (i = 0; i < finding->related_count; i++)
		records[i] = finding->related[i].record ? finding->related[i].record : finding->related[i].path;
	if (finding->related_count > 1)
		qsort(records, finding->related_count, sizeof(*records), compare_strings);
	for (i = 0; i < finding->related_count; i++)
		h = hash_field(h, records[i]);
	if (records != small)
		free(records);
	if (finding->value_count == 0)
		h = hash_message(h, finding->message);
	for (i = 0; i < finding->value_count; i++) {
		h = hash_field(h, finding->values[i].name);
		h = hash_field(h, finding->values[i].text);
	}
	snprintf(buf, size, "%016llx", (unsigned long long)h);
	return 0;
}

int orgcheck_findings_set_record(struct orgcheck_findings *list, struct orgcheck_error *err,
				 size_t first, const char *record)
{
	size_t i;

	for (i = first; i < list->count; i++) {
		if (list->items[i].primary.record != NULL || record == NULL)
			continue;
		list->items[i].primary.record = strdup(record);
		if (list->items[i].primary.record == NULL)
			return orgcheck_error_nomem(err);
	}
	return 0;
}

int orgcheck_findings_take(struct orgcheck_findings *dst, struct orgcheck_findings *src,
			   struct orgcheck_error *err)
{
	int rc = grow(dst, src->count, err);

	if (rc < 0)
		return rc;
	if (src->count > 0)
		memcpy(dst->items + dst->count, src->items, src->count * sizeof(*src->items));
	dst->count += src->count;
	/* The strings now belong to dst. */
	free(src->items);
	orgcheck_findings_init(src);
	return 0;
}

const char *orgcheck_baseline_state_name(enum orgcheck_baseline_state state)
{
	switch (state) {
	case ORGCHECK_STATE_NEW:
		return "new";
	case ORGCHECK_STATE_UNCHANGED:
		return "unchanged";
	case ORGCHECK_STATE_ABSENT:
		return "absent";
	case ORGCHECK_STATE_NONE:
		break;
	}
	return "none";
}

void orgcheck_findings_retain(struct orgcheck_findings *list,
			      int (*keep)(void *data, struct orgcheck_finding *finding), void *data)
{
	size_t i;
	size_t kept = 0;

	for (i = 0; i < list->count; i++) {
		if (keep(data, &list->items[i]))
			list->items[kept++] = list->items[i];
		else
			finding_release(&list->items[i]);
	}
	list->count = kept;
}

int orgcheck_findings_take_one(struct orgcheck_findings *dst, struct orgcheck_findings *src,
			       size_t index, struct orgcheck_error *err)
{
	int rc = grow(dst, 1, err);

	if (rc < 0)
		return rc;
	dst->items[dst->count++] = src->items[index];
	/* Now owned by dst. */
	memset(&src->items[index], 0, sizeof(src->items[index]));
	return 0;
}

static void strip_path(char *path, const char *prefix, size_t length)
{
	if (path != NULL && strncmp(path, prefix, length) == 0)
		memmove(path, path + length, strlen(path + length) + 1);
}

/* message with every occurrence of prefix removed, in place (it only
 * shrinks). */
static void strip_in_text(char *text, const char *prefix, size_t length)
{
	char *hit = NULL;

	while (text != NULL && length > 0 && (hit = strstr(text, prefix)) != NULL)
		memmove(hit, hit + length, strlen(hit + length) + 1);
}

int orgcheck_findings_strip_prefix(struct orgcheck_findings *list, const char *prefix,
				   struct orgcheck_error *err)
{
	size_t length = strlen(prefix);
	size_t i;
	size_t j;

	(void)err;
	for (i = 0; i < list->count; i++) {
		strip_path(list->items[i].primary.path, prefix, length);
		for (j = 0; j < list->items[i].related_count; j++)
			strip_path(list->items[i].related[j].path, prefix, length);
		strip_in_text(list->items[i].message, prefix, length);
	}
	return 0;
}

/* prefix + *path in a new string, in *path; 0 or -1 when out of memory. */
static int prefix_one(char **path, const char *prefix, size_t length)
{
	char *joined = NULL;
	size_t rest = 0;

	if (*path == NULL || (*path)[0] == '/')
		return 0;
	rest = strlen(*path);
	joined = malloc(length + rest + 1);
	if (joined == NULL)
		return -1;
	memcpy(joined, prefix, length);
	memcpy(joined + length, *path, rest + 1);
	free(*path);
	*path = joined;
	return 0;
}

/* Whether text[at] starts a path: the text begins there or a space or
 * quote comes before it, so "x/records/a.xml" is not taken for
 * "records/a.xml". */
static int starts_path(const char *text, const char *at)
{
	return at == text || at[-1] == ' ' || at[-1] == '\'' || at[-1] == '"' || at[-1] == '(';
}

/* *message with prefix put before every whole quote of path; 0 or -1. */
static int prefix_in_text(char **message, const char *path, const char *prefix, size_t length)
{
	const char *hit = NULL;
	const char *from = NULL;
	size_t path_length = path ? strlen(path) : 0;
	size_t hits = 0;
	size_t at = 0;
	char *rewritten = NULL;

	if (*message == NULL || path_length == 0)
		return 0;
	for (hit = strstr(*message, path); hit != NULL; hit = strstr(hit + path_length, path))
		hits += starts_path(*message, hit);
	if (hits == 0)
		return 0;
	rewritten = malloc(strlen(*message) + hits * length + 1);
	if (rewritten == NULL)
		return -1;
	from = *message;
	for (hit = strstr(from, path); hit != NULL; hit = strstr(hit + path_length, path)) {
		if (!starts_path(*message, hit))
			continue;
		memcpy(rewritten + at, from, (size_t)(hit - from));
		at += (size_t)(hit - from);
		memcpy(rewritten + at, prefix, length);
		at += length;
		from = hit;
	}
	strcpy(rewritten + at, from);
	free(*message);
	*message = rewritten;
	return 0;
}

/* Whether the path of f's related location j is also an earlier one's
 * (its quotes in the message were prefixed already). */
static int quoted_before(const struct orgcheck_finding *f, size_t j)
{
	size_t k;

	if (f->primary.path != NULL && strcmp(f->primary.path, f->related[j].path) == 0)
		return 1;
	for (k = 0; k < j; k++) {
		if (f->related[k].path != NULL && strcmp(f->related[k].path, f->related[j].path) == 0)
			return 1;
	}
	return 0;
}

int orgcheck_findings_prefix_paths(struct orgcheck_findings *list, const char *prefix,
				   struct orgcheck_error *err)
{
	struct orgcheck_finding *f = NULL;
	size_t length = strlen(prefix);
	size_t i;
	size_t j;

	for (i = 0; length > 0 && i < list->count; i++) {
		f = &list->items[i];
		/* The message first, while the locations still read as it
		 * quotes them. */
		if (f->primary.path != NULL && f->primary.path[0] != '/' &&
		    prefix_in_text(&f->message, f->primary.path, prefix, length) < 0)
			return orgcheck_error_nomem(err);
		for (j = 0; j < f->related_count; j++) {
			if (f->related[j].path == NULL || f->related[j].path[0] == '/' ||
			    quoted_before(f, j))
				continue;
			if (prefix_in_text(&f->message, f->related[j].path, prefix, length) < 0)
				return orgcheck_error_nomem(err);
		}
		if (prefix_one(&f->primary.path, prefix, length) < 0)
			return orgcheck_error_nomem(err);
		for (j = 0; j < f->related_count; j++) {
			if (prefix_one(&f->related[j].path, prefix, length) < 0)
				return orgcheck_error_nomem(err);
		}
	}
	return 0;
}

static int compare_ulong(unsigned long a, unsigned long b)
{
	return (a > b) - (a < b);
}

static int compare_findings(const void *pa, const void *pb)
{
	const struct orgcheck_finding *a = pa;
	const struct orgcheck_finding *b = pb;
	int c = strcmp(a->primary.path, b->primary.path);

	if (c == 0)
		c = compare_ulong(a->primary.line, b->primary.line);
	if (c == 0)
		c = compare_ulong(a->primary.column, b->primary.column);
	if (c == 0)
		c = strcmp(orgcheck_finding_rule_id(a), orgcheck_finding_rule_id(b));
	if (c == 0)
		c = strcmp(a->message, b->message);
	return c;
}

int orgcheck_finding_is_cause(const struct orgcheck_finding *finding)
{
	const char *id = finding->rule ? finding->rule->id : "";

	return strcmp(id, "OC001") == 0 || strcmp(id, "OC002") == 0 || strcmp(id, "OC003") == 0 ||
	       strcmp(id, "OC004") == 0 || strcmp(id, "OC005") == 0;
}

static void reverse_findings(struct orgcheck_finding *items, size_t from, size_t to)
{
	struct orgcheck_finding t;

	while (from + 1 < to) {
		t = items[from];
		items[from++] = items[--to];
		items[to] = t;
	}
}

void orgcheck_findings_sort(struct orgcheck_findings *list)
{
	size_t dest = 0;
	size_t start = 0;
	size_t end = 0;
	int cause = 0;

	if (list->count < 2)
		return;
	qsort(list->items, list->count, sizeof(*list->items), compare_findings);
	/* Then the files with a cause (OC001-OC005) move before the others,
	 * each file's findings kept together and in order: a broken file's
	 * own finding is read before the knock-on ones it causes in files
	 * that sort before it. Moved by rotation, so no allocation can fail;
	 * the broken files are few. */
	for (start = 0; start < list->count; start = end) {
		cause = 0;
		for (end = start; end < list->count &&
				  strcmp(list->items[end].primary.path, list->items[start].primary.path) == 0;
		     end++)
			cause |= orgcheck_finding_is_cause(&list->items[end]);
		if (!cause)
			continue;
		if (dest < start) {
			reverse_findings(list->items, dest, start);
			reverse_findings(list->items, start, end);
			reverse_findings(list->items, dest, end);
		}
		dest += end - start;
	}
}

size_t orgcheck_findings_count_at_least(const struct orgcheck_findings *list,
					enum orgcheck_severity severity)
{
	size_t i;
	size_t n = 0;

	for (i = 0; i < list->count; i++) {
		if (list->items[i].severity >= severity)
			n++;
	}
	return n;
}
