#include <orgcheck/broken.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/rule.h>

static int is_broken_rule(const char *id)
{
	return strcmp(id, ORGCHECK_RULE_UNREADABLE) == 0 || strcmp(id, ORGCHECK_RULE_NOT_WELL_FORMED) == 0 ||
	       strcmp(id, ORGCHECK_RULE_FORBIDDEN_MARKUP) == 0 ||
	       strcmp(id, ORGCHECK_RULE_UNKNOWN_RECORD_KIND) == 0;
}

void orgcheck_broken_release(struct orgcheck_broken *broken)
{
	size_t i;

	for (i = 0; i < broken->count; i++) {
		free(broken->ids[i]);
		free(broken->paths[i]);
	}
	free(broken->ids);
	free(broken->paths);
	broken->ids = NULL;
	broken->paths = NULL;
	broken->count = 0;
}

/* Index of id in the sorted ids, or where it would go (*found 0). */
static size_t locate(const struct orgcheck_broken *broken, const char *id, int *found)
{
	size_t low = 0;
	size_t high = broken->count;
	size_t mid = 0;
	int cmp = 0;

	*found = 0;
	while (low < high) {
		mid = low + (high - low) / 2;
		cmp = strcmp(broken->ids[mid], id);
		if (cmp == 0) {
			*found = 1;
			return mid;
		}
		if (cmp < 0)
			low = mid + 1;
		else
			high = mid;
	}
	return low;
}

int orgcheck_broken_collect(struct orgcheck_broken *out, const struct orgcheck_findings *findings,
			    struct orgcheck_error *err)
{
	const struct orgcheck_finding *f = NULL;
	char **ids = NULL;
	char **paths = NULL;
	size_t at = 0;
	size_t i;
	int found = 0;

	out->ids = NULL;
	out->paths = NULL;
	out->count = 0;
	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (f->rule == NULL || f->primary.record == NULL || f->primary.path == NULL ||
		    !is_broken_rule(f->rule->id))
			continue;
		at = locate(out, f->primary.record, &found);
		if (found)
			continue;
		ids = realloc(out->ids, (out->count + 1) * sizeof(*ids));
		if (ids == NULL)
			goto nomem;
		out->ids = ids;
		paths = realloc(out->paths, (out->count + 1) * sizeof(*paths));
		if (paths == NULL)
			goto nomem;
		out->paths = paths;
		memmove(out->ids + at + 1, out->ids + at, (out->count - at) * sizeof(*ids));
		memmove(out->paths + at + 1, out->paths + at, (out->count - at) * sizeof(*paths));
		out->ids[at] = strdup(f->primary.record);
		out->paths[at] = strdup(f->primary.path);
		out->count++;
		if (out->ids[at] == NULL || out->paths[at] == NULL)
			goto nomem;
	}
	return 0;

nomem:
	orgcheck_broken_release(out);
	return orgcheck_error_nomem(err);
}

const char *orgcheck_broken_find(const struct orgcheck_broken *broken, const char *id)
{
	size_t at = 0;
	int found = 0;

	if (id == NULL || broken->count == 0)
		return NULL;
	at = locate(broken, id, &found);
	return found ? broken->paths[at] : NULL;
}

const char *orgcheck_broken_touches(const struct orgcheck_broken *broken,
				    const struct orgcheck_finding *finding)
{
	const char *path = orgcheck_broken_find(broken, finding->primary.record);
	size_t i;

	for (i = 0; path == NULL && i < finding->related_count; i++)
		path = orgcheck_broken_find(broken, finding->related[i].record);
	return path;
}

static const struct orgcheck_finding *reference_to(const struct orgcheck_findings *now, const char *id)
{
	const struct orgcheck_finding *f = NULL;
	size_t i;
	size_t j;

	for (i = 0; id != NULL && i < now->count; i++) {
		f = &now->items[i];
		if (f->rule == NULL || strcmp(f->rule->id, "OC110") != 0 || f->state == ORGCHECK_STATE_ABSENT)
			continue;
		for (j = 0; j < f->value_count; j++) {
			if (strcmp(f->values[j].name, "reference") == 0 && f->values[j].text != NULL &&
			    strcmp(f->values[j].text, id) == 0)
				return f;
		}
	}
	return NULL;
}

const struct orgcheck_finding *orgcheck_broken_missing_reference(const char **id,
								 const struct orgcheck_findings *now,
								 const struct orgcheck_finding *gone)
{
	const struct orgcheck_finding *f = reference_to(now, gone->primary.record);
	size_t i;

	*id = gone->primary.record;
	for (i = 0; f == NULL && i < gone->related_count; i++) {
		f = reference_to(now, gone->related[i].record);
		*id = gone->related[i].record;
	}
	if (f == NULL)
		*id = NULL;
	return f;
}

static int is_id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

const char *orgcheck_broken_in_text(const struct orgcheck_broken *broken, const char *text)
{
	const char *at = NULL;
	size_t length = 0;
	size_t i;

	for (i = 0; text != NULL && i < broken->count; i++) {
		length = strlen(broken->ids[i]);
		for (at = strstr(text, broken->ids[i]); at != NULL; at = strstr(at + 1, broken->ids[i])) {
			if ((at == text || !is_id_char(at[-1])) && !is_id_char(at[length]))
				return broken->paths[i];
		}
	}
	return NULL;
}

/* The broken record an OC110 finding's reference names, or NULL. */
static const char *referenced(const struct orgcheck_broken *broken, const struct orgcheck_finding *finding)
{
	size_t i;

	if (finding->rule == NULL || strcmp(finding->rule->id, "OC110") != 0)
		return NULL;
	for (i = 0; i < finding->value_count; i++) {
		if (strcmp(finding->values[i].name, "reference") == 0)
			return orgcheck_broken_find(broken, finding->values[i].text);
	}
	return NULL;
}

struct fold {
	const unsigned char *drop;   /* per finding */
	size_t next;
};

static int keep_chosen(void *data, struct orgcheck_finding *finding)
{
	struct fold *fold = data;

	(void)finding;
	return !fold->drop[fold->next++];
}

/* Whether a comes before b in report order (path, line, column), so the
 * finding kept does not depend on the order the rules ran in. */
static int earlier(const struct orgcheck_finding *a, const struct orgcheck_finding *b)
{
	int cmp = strcmp(a->primary.path ? a->primary.path : "", b->primary.path ? b->primary.path : "");

	if (cmp != 0)
		return cmp < 0;
	if (a->primary.line != b->primary.line)
		return a->primary.line < b->primary.line;
	return a->primary.column < b->primary.column;
}

/* Rewrites the kept finding: the record exists, its file cannot be read. */
static int rewrite(struct orgcheck_finding *finding, const char *id, const char *path, size_t references,
		   struct orgcheck_error *err)
{
	struct orgcheck_location *related = NULL;
	char *message = NULL;
	int length = 0;

	length = snprintf(NULL, 0,
			  "reference '%s'%s names a record whose file %s cannot be read; fix that file first "
			  "(its errors are reported there)", id, references > 1 ? " (and others in the corpus)" : "",
			  path);
	message = malloc((size_t)length + 1);
	related = realloc(finding->related, (finding->related_count + 1) * sizeof(*related));
	if (related != NULL)
		finding->related = related;
	if (message == NULL || related == NULL) {
		free(message);
		return orgcheck_error_nomem(err);
	}
	snprintf(message, (size_t)length + 1,
		 "reference '%s'%s names a record whose file %s cannot be read; fix that file first "
		 "(its errors are reported there)", id, references > 1 ? " (and others in the corpus)" : "",
		 path);
	memset(&related[finding->related_count], 0, sizeof(*related));
	related[finding->related_count].path = strdup(path);
	related[finding->related_count].record = strdup(id);
	related[finding->related_count].line = 0;
	if (related[finding->related_count].path == NULL || related[finding->related_count].record == NULL) {
		free(related[finding->related_count].path);
		free(related[finding->related_count].record);
		free(message);
		return orgcheck_error_nomem(err);
	}
	finding->related_count++;
	free(finding->message);
	finding->message = message;
	return 0;
}

/* Adds where as a related location of finding unless its file is there
 * already (one location per referring file is enough to find it). */
static int attach(struct orgcheck_finding *finding, const struct orgcheck_location *where,
		  struct orgcheck_error *err)
{
	struct orgcheck_location *related = NULL;
	struct orgcheck_location *added = NULL;
	size_t i;

	if (where->path == NULL)
		return 0;
	if (finding->primary.path != NULL && strcmp(finding->primary.path, where->path) == 0)
		return 0;
	for (i = 0; i < finding->related_count; i++) {
		if (finding->related[i].path != NULL && strcmp(finding->related[i].path, where->path) == 0)
			return 0;
	}
	related = realloc(finding->related, (finding->related_count + 1) * sizeof(*related));
	if (related == NULL)
		return orgcheck_error_nomem(err);
	finding->related = related;
	added = &related[finding->related_count];
	memset(added, 0, sizeof(*added));
	added->path = strdup(where->path);
	added->record = where->record ? strdup(where->record) : NULL;
	added->line = where->line;
	added->column = where->column;
	if (added->path == NULL || (where->record != NULL && added->record == NULL)) {
		free(added->path);
		free(added->record);
		return orgcheck_error_nomem(err);
	}
	finding->related_count++;
	return 0;
}

int orgcheck_broken_fold_references(struct orgcheck_findings *findings, const struct orgcheck_broken *broken,
				    struct orgcheck_error *err)
{
	struct fold fold = { NULL, 0 };
	unsigned char *drop = NULL;
	size_t *counts = NULL;
	size_t *chosen = NULL;
	const char *path = NULL;
	size_t i;
	size_t k;
	int rc = 0;

	if (broken->count == 0)
		return 0;
	counts = calloc(broken->count, sizeof(*counts));
	chosen = calloc(broken->count, sizeof(*chosen));
	drop = calloc(findings->count + 1, 1);
	if (counts == NULL || chosen == NULL || drop == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0; i < findings->count; i++) {
		path = referenced(broken, &findings->items[i]);
		for (k = 0; path != NULL && k < broken->count; k++) {
			if (broken->paths[k] != path)
				continue;
			if (counts[k] == 0 || earlier(&findings->items[i], &findings->items[chosen[k]])) {
				if (counts[k] > 0)
					drop[chosen[k]] = 1;
				chosen[k] = i;
			} else {
				drop[i] = 1;
			}
			counts[k]++;
		}
	}
	for (k = 0; k < broken->count && rc == 0; k++) {
		if (counts[k] > 0)
			rc = rewrite(&findings->items[chosen[k]], broken->ids[k], broken->paths[k], counts[k], err);
	}
	/* The references folded away are the consequences: each other file
	 * that refers to the broken record becomes a related location, so
	 * that checking only that file still shows the finding. */
	for (i = 0; i < findings->count && rc == 0; i++) {
		if (!drop[i])
			continue;
		path = referenced(broken, &findings->items[i]);
		for (k = 0; path != NULL && k < broken->count && rc == 0; k++) {
			if (broken->paths[k] == path)
				rc = attach(&findings->items[chosen[k]], &findings->items[i].primary, err);
		}
	}
	fold.drop = drop;
	if (rc == 0)
		orgcheck_findings_retain(findings, keep_chosen, &fold);

done:
	free(counts);
	free(chosen);
	free(drop);
	return rc;
}
