/* Fixes: edits as byte spans, owned by the finding they mend. */
#include <orgcheck/fix.h>

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int orgcheck_fix_init(struct orgcheck_fix *fix, struct orgcheck_error *err,
		      enum orgcheck_fix_safety safety, const char *path, const char *description)
{
	memset(fix, 0, sizeof(*fix));
	fix->safety = safety;
	fix->path = strdup(path ? path : "");
	fix->description = strdup(description ? description : "");
	if (fix->path == NULL || fix->description == NULL) {
		orgcheck_fix_release(fix);
		return orgcheck_error_nomem(err);
	}
	return 0;
}

void orgcheck_fix_release(struct orgcheck_fix *fix)
{
	size_t i;

	if (fix == NULL)
		return;
	for (i = 0; i < fix->edit_count; i++)
		free(fix->edits[i].text);
	free(fix->edits);
	free(fix->description);
	free(fix->path);
	free(fix->new_path);
	free(fix->patch);
	free(fix->refusal);
	memset(fix, 0, sizeof(*fix));
}

int orgcheck_fix_add_edit(struct orgcheck_fix *fix, struct orgcheck_error *err,
			  size_t start, size_t end, const char *text)
{
	struct orgcheck_edit *edits = NULL;
	char *copy = NULL;
	size_t at = 0;

	if (end < start)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "an edit ends before it starts");
	/* After every edit that starts where this one does or before: two
	 * insertions at one place keep the order they were added in. */
	while (at < fix->edit_count && fix->edits[at].start <= start)
		at++;
	if ((at > 0 && fix->edits[at - 1].end > start) ||
	    (at < fix->edit_count && fix->edits[at].start < end))
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "edits of one fix overlap");
	copy = strdup(text ? text : "");
	if (copy == NULL)
		return orgcheck_error_nomem(err);
	/* Catch size_t overflow before it wraps. */
	if (fix->edit_count + 1 > ((size_t)-1) / sizeof(*edits)) {
		free(copy);
		return orgcheck_error_nomem(err);
	}
	edits = realloc(fix->edits, (fix->edit_count + 1) * sizeof(*edits));
	if (edits == NULL) {
		free(copy);
		return orgcheck_error_nomem(err);
	}
	fix->edits = edits;
	memmove(edits + at + 1, edits + at, (fix->edit_count - at) * sizeof(*edits));
	edits[at].start = start;
	edits[at].end = end;
	edits[at].text = copy;
	fix->edit_count++;
	return 0;
}

int orgcheck_fix_set_rename(struct orgcheck_fix *fix, struct orgcheck_error *err,
			    const char *new_path)
{
	char *copy = strdup(new_path);

	if (copy == NULL)
		return orgcheck_error_nomem(err);
	free(fix->new_path);
	fix->new_path = copy;
	return 0;
}

int orgcheck_fix_set_refusal(struct orgcheck_fix *fix, struct orgcheck_error *err,
			     const char *refusal)
{
	char *copy = strdup(refusal);
	size_t i;

	if (copy == NULL)
		return orgcheck_error_nomem(err);
	for (i = 0; i < fix->edit_count; i++)
		free(fix->edits[i].text);
	free(fix->edits);
	fix->edits = NULL;
	fix->edit_count = 0;
	free(fix->refusal);
	fix->refusal = copy;
	return 0;
}

int orgcheck_fix_copy(struct orgcheck_fix *out, struct orgcheck_error *err,
		      const struct orgcheck_fix *src)
{
	size_t i;
	int rc = 0;

	rc = orgcheck_fix_init(out, err, src->safety, src->path, src->description);
	if (rc < 0)
		return rc;
	if (src->new_path != NULL)
		rc = orgcheck_fix_set_rename(out, err, src->new_path);
	if (rc == 0 && src->patch != NULL) {
		out->patch = strdup(src->patch);
		if (out->patch == NULL)
			rc = orgcheck_error_nomem(err);
	}
	if (rc == 0 && src->refusal != NULL)
		rc = orgcheck_fix_set_refusal(out, err, src->refusal);
	for (i = 0; rc == 0 && i < src->edit_count; i++)
		rc = orgcheck_fix_add_edit(out, err, src->edits[i].start, src->edits[i].end,
					   src->edits[i].text);
	if (rc < 0)
		orgcheck_fix_release(out);
	return rc;
}

int orgcheck_fix_apply(char **out, size_t *out_size, struct orgcheck_error *err,
		       const struct orgcheck_fix *fix, const char *data, size_t size)
{
	size_t total = size;
	size_t i;
	size_t from = 0;
	size_t at = 0;
	char *result = NULL;

	*out = NULL;
	*out_size = 0;
	for (i = 0; i < fix->edit_count; i++) {
		if (fix->edits[i].end > size || fix->edits[i].start < from)
			return orgcheck_error_set(err, ORGCHECK_EINVAL,
						  "an edit of '%s' lies outside its file", fix->path);
		from = fix->edits[i].end;
		total = total - (fix->edits[i].end - fix->edits[i].start) + strlen(fix->edits[i].text);
	}
	result = malloc(total + 1);
	if (result == NULL)
		return orgcheck_error_nomem(err);
	from = 0;
	for (i = 0; i < fix->edit_count; i++) {
		const struct orgcheck_edit *edit = &fix->edits[i];
		size_t length = strlen(edit->text);

		memcpy(result + at, data + from, edit->start - from);
		at += edit->start - from;
		memcpy(result + at, edit->text, length);
		at += length;
		from = edit->end;
	}
	memcpy(result + at, data + from, size - from);
	at += size - from;
	result[at] = '\0';
	*out = result;
	*out_size = at;
	return 0;
}

/* ---------------------------------------------------------------- diff */

/* A growing text. */
struct text {
	char *data;
	size_t length;
	size_t capacity;
	int failed;
};

static void text_add(struct text *t, const char *bytes, size_t length)
{
	char *grown = NULL;
	size_t capacity = 0;

	if (t->failed)
		return;
	if (t->length + length + 1 > t->capacity) {
		capacity = t->capacity ? t->capacity : 256;
		while (capacity < t->length + length + 1) {
			/* Catch size_t overflow before it wraps. */
			if (capacity > ((size_t)-1) / 2) {
				t->failed = 1;
				return;
			}
			capacity *= 2;
		}
		grown = realloc(t->data, capacity);
		if (grown == NULL) {
			t->failed = 1;
			return;
		}
		t->data = grown;
		t->capacity = capacity;
	}
	memcpy(t->data + t->length, bytes, length);
	t->length += length;
	t->data[t->length] = '\0';
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void text_printf(struct text *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int length = 0;

	va_start(ap, fmt);
	length = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (length < 0 || (size_t)length >= sizeof(buf)) {
		t->failed = 1;
		return;
	}
	text_add(t, buf, (size_t)length);
}

/* The offsets where each line of data starts, and one past the end:
 * *count lines. */
static size_t *line_starts(size_t *count, const char *data, size_t size)
{
	size_t n = 1;
	size_t i;
	size_t at = 0;
	size_t *starts = NULL;

	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			n++;
	if (size == 0)
		n = 0;
	starts = malloc((n + 1) * sizeof(*starts));
	if (starts == NULL)
		return NULL;
	if (size > 0)
		starts[at++] = 0;
	for (i = 0; i < size; i++)
		if (data[i] == '\n' && i + 1 < size)
			starts[at++] = i + 1;
	starts[at] = size;
	*count = n;
	return starts;
}

/* The index of the line holding offset (of the last line for the end). */
static size_t line_of(const size_t *starts, size_t count, size_t offset)
{
	size_t low = 0;
	size_t high = count;

	while (high - low > 1) {
		size_t mid = low + (high - low) / 2;

		if (starts[mid] <= offset)
			low = mid;
		else
			high = mid;
	}
	return low;
}

/* Lines [first, last) of the old text changed by a run of edits. */
struct region {
	size_t first;
	size_t last;
	size_t edit_first;
	size_t edit_last;   /* one past */
};

#define NO_NEWLINE "\n\\ No newline at end of file\n"

/* Emits each line of bytes with mark before it; a last line without a
 * line break gets git's marker. */
static void emit_lines(struct text *t, char mark, const char *bytes, size_t length)
{
	size_t at = 0;

	while (at < length) {
		const char *nl = memchr(bytes + at, '\n', length - at);
		size_t end = nl ? (size_t)(nl - bytes) + 1 : length;

		text_add(t, &mark, 1);
		text_add(t, bytes + at, end - at);
		if (nl == NULL)
			text_add(t, NO_NEWLINE, strlen(NO_NEWLINE));
		at = end;
	}
}

static size_t count_lines(const char *bytes, size_t length)
{
	size_t n = 0;
	size_t i;

	for (i = 0; i < length; i++)
		if (bytes[i] == '\n')
			n++;
	return n + (length > 0 && bytes[length - 1] != '\n');
}

static const char *shown(const char *path, const char *strip)
{
	size_t length = strip ? strlen(strip) : 0;

	if (length > 0 && strncmp(path, strip, length) == 0 && path[length] != '\0')
		path += length;
	/* A git patch names files below a top: "a//abs/path" is no path
	 * git apply reads, "a/abs/path" applies from "/". */
	while (*path == '/')
		path++;
	return path;
}

#define CONTEXT 3

int orgcheck_fix_diff(char **out, const struct orgcheck_fix *fix, const char *path,
		      const char *new_path, const char *data, size_t size, const char *strip,
		      struct orgcheck_error *err)
{
	struct text t = { NULL, 0, 0, 0 };
	struct region *regions = NULL;
	size_t region_count = 0;
	size_t *starts = NULL;
	size_t lines = 0;
	size_t i;
	size_t r;
	long delta = 0;
	const char *from = shown(path, strip);
	const char *to = shown(new_path ? new_path : path, strip);
	int rc = 0;

	*out = NULL;
	for (i = 0; i < fix->edit_count; i++)
		if (fix->edits[i].end > size)
			return orgcheck_error_set(err, ORGCHECK_EINVAL, "an edit of '%s' lies outside its file", path);
	starts = line_starts(&lines, data, size);
	regions = malloc((fix->edit_count + 1) * sizeof(*regions));
	if (starts == NULL || regions == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* Each edit changes whole lines: an insertion of whole lines at the
	 * start of a line changes none, anything else the lines it touches. */
	for (i = 0; i < fix->edit_count; i++) {
		const struct orgcheck_edit *e = &fix->edits[i];
		size_t length = strlen(e->text);
		struct region g = { 0, 0, i, i + 1 };

		g.first = line_of(starts, lines, e->start);
		if (lines == 0) {
			g.first = 0;
			g.last = 0;
		} else if (e->start == e->end && e->start == starts[g.first] &&
			   (length == 0 || e->text[length - 1] == '\n') && (e->start < size || size == 0 || data[size - 1] == '\n')) {
			if (e->start == size)
				g.first = lines;
			g.last = g.first;
		} else if (e->start == size) {
			/* At the end of a last line without a line break. */
			g.first = lines - 1;
			g.last = lines;
		} else {
			g.last = line_of(starts, lines, e->end > e->start ? e->end - 1 : e->start) + 1;
		}
		/* Edits on one line, or on lines that touch, are one change. */
		if (region_count > 0 && regions[region_count - 1].last >= g.first) {
			if (g.last > regions[region_count - 1].last)
				regions[region_count - 1].last = g.last;
			regions[region_count - 1].edit_last = i + 1;
		} else {
			regions[region_count++] = g;
		}
	}
	if (new_path != NULL || region_count > 0) {
		text_printf(&t, "diff --git a/%s b/%s\n", from, to);
		if (new_path != NULL) {
			if (region_count == 0)
				text_printf(&t, "similarity index 100%%\n");
			text_printf(&t, "rename from %s\nrename to %s\n", from, to);
		}
		if (region_count > 0)
			text_printf(&t, "--- a/%s\n+++ b/%s\n", from, to);
	}
	for (r = 0; r < region_count;) {
		/* A hunk: the regions closer than twice the context. */
		size_t last_region = r;
		size_t old_first = 0;
		size_t old_last = 0;
		size_t new_count = 0;
		size_t k;
		size_t line;
		struct text body = { NULL, 0, 0, 0 };

		while (last_region + 1 < region_count &&
		       regions[last_region + 1].first <= regions[last_region].last + 2 * CONTEXT)
			last_region++;
		old_first = regions[r].first > CONTEXT ? regions[r].first - CONTEXT : 0;
		old_last = regions[last_region].last + CONTEXT < lines ? regions[last_region].last + CONTEXT : lines;
		line = old_first;
		for (k = r; k <= last_region; k++) {
			const struct region *g = &regions[k];
			size_t a = starts[g->first];
			size_t b = starts[g->last];
			size_t e;
			size_t at = a;
			struct text changed = { NULL, 0, 0, 0 };

			emit_lines(&body, ' ', data + starts[line], a - starts[line]);
			new_count += g->first - line;
			emit_lines(&body, '-', data + a, b - a);
			for (e = g->edit_first; e < g->edit_last; e++) {
				text_add(&changed, data + at, fix->edits[e].start - at);
				text_add(&changed, fix->edits[e].text, strlen(fix->edits[e].text));
				at = fix->edits[e].end;
			}
			text_add(&changed, data + at, b - at);
			if (changed.failed)
				body.failed = 1;
			emit_lines(&body, '+', changed.data ? changed.data : "", changed.length);
			new_count += count_lines(changed.data ? changed.data : "", changed.length);
			free(changed.data);
			line = g->last;
		}
		emit_lines(&body, ' ', data + starts[line], starts[old_last] - starts[line]);
		new_count += old_last - line;
		text_printf(&t, "@@ -%zu,%zu +%zu,%zu @@\n",
			    old_last > old_first ? old_first + 1 : old_first, old_last - old_first,
			    new_count > 0 ? (size_t)((long)old_first + delta) + 1 : (size_t)((long)old_first + delta),
			    new_count);
		text_add(&t, body.data ? body.data : "", body.length);
		if (body.failed)
			t.failed = 1;
		free(body.data);
		delta += (long)new_count - (long)(old_last - old_first);
		r = last_region + 1;
	}
	text_add(&t, "", 0);
	if (t.failed) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	*out = t.data;
	t.data = NULL;

done:
	free(t.data);
	free(regions);
	free(starts);
	return rc;
}

const char *orgcheck_fix_safety_name(enum orgcheck_fix_safety safety)
{
	return safety == ORGCHECK_FIX_SAFE ? "safe" : "review";
}

int orgcheck_findings_add_fix(struct orgcheck_findings *list, struct orgcheck_error *err,
			      size_t index, struct orgcheck_fix *fix)
{
	struct orgcheck_finding *finding = NULL;
	struct orgcheck_fix *fixes = NULL;

	if (index >= list->count)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "no finding to add a fix to");
	finding = &list->items[index];
	/* Catch size_t overflow before it wraps. */
	if (finding->fix_count + 1 > ((size_t)-1) / sizeof(*fixes))
		return orgcheck_error_nomem(err);
	fixes = realloc(finding->fixes, (finding->fix_count + 1) * sizeof(*fixes));
	if (fixes == NULL)
		return orgcheck_error_nomem(err);
	finding->fixes = fixes;
	fixes[finding->fix_count++] = *fix;
	/* Now owned by the finding. */
	memset(fix, 0, sizeof(*fix));
	return 0;
}

int orgcheck_findings_add_fix_last(struct orgcheck_findings *list, struct orgcheck_error *err,
				   struct orgcheck_fix *fix)
{
	if (list->count == 0)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "no finding to add a fix to");
	return orgcheck_findings_add_fix(list, err, list->count - 1, fix);
}
