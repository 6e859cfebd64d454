/* Fixes: edits as byte spans, owned by the finding they mend. */
#include <orgcheck/fix.h>

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
