/* The rules engine and the helpers rules share. */
#include "rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int orgcheck_rules_run(struct orgcheck_findings *findings, unsigned long long *operations_out,
		       const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
		       const struct orgcheck_date *today, struct orgcheck_error *err)
{
	struct orgcheck_rule_run run;
	const struct orgcheck_rule *rules = NULL;
	size_t count = 0;
	size_t i;
	int rc = 0;

	memset(&run, 0, sizeof(run));
	run.corpus = corpus;
	run.today = *today;
	run.findings = findings;
	run.err = err;
	rules = orgcheck_catalog_rules(&count);
	for (i = 0; i < count; i++) {
		if (rules[i].run == NULL || !orgcheck_config_enabled(config, &rules[i]))
			continue;
		run.rule = &rules[i];
		rc = rules[i].run(&run);
		if (rc < 0)
			break;
	}
	if (operations_out != NULL)
		*operations_out = run.operations;
	return rc;
}

int orgcheck_rule_report(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 struct orgcheck_pos pos, const char *fmt, ...)
{
	char message[2048];
	va_list ap;
	int rc = 0;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	rc = orgcheck_findings_add(run->findings, run->err, run->rule->id, record->path, pos.line,
				   pos.column, "%s", message);
	if (rc < 0)
		return rc;
	return orgcheck_findings_set_record(run->findings, run->err, run->findings->count - 1,
					    record->id ? record->id : record->file_id);
}

int orgcheck_rule_relate(struct orgcheck_rule_run *run, const struct orgcheck_record *record,
			 struct orgcheck_pos pos)
{
	return orgcheck_findings_add_related(run->findings, run->err, record->path,
					     record->id ? record->id : record->file_id,
					     pos.line, pos.column);
}

int orgcheck_rule_value(struct orgcheck_rule_run *run, const char *name, const char *text,
			const char *source)
{
	return orgcheck_findings_add_value(run->findings, run->err, name, text, source);
}

const struct orgcheck_record *orgcheck_rule_target(const struct orgcheck_rule_run *run,
						   const struct orgcheck_record *record,
						   const struct orgcheck_ref *ref)
{
	const struct orgcheck_record *target = NULL;

	(void)record;
	if (ref->target == NULL)
		return NULL;
	target = orgcheck_corpus_find(run->corpus, ref->target);
	if (target == NULL)
		return NULL;
	if (ref->expected == ORGCHECK_TARGET_ORGANIZATION && target->kind != ORGCHECK_RECORD_ORGANIZATION)
		return NULL;
	if (ref->expected == ORGCHECK_TARGET_PERSON && target->kind != ORGCHECK_RECORD_PERSON)
		return NULL;
	return target;
}

/* a starts earlier than b (by the first day each may mean). */
static int starts_earlier(const struct orgcheck_date *a, const struct orgcheck_date *b)
{
	if (a->year != b->year)
		return a->year < b->year;
	if (a->month != b->month)
		return a->month < b->month;
	return a->day < b->day;
}

static struct orgcheck_date extreme_claim(const struct orgcheck_record *record, const char *field,
					  int earliest)
{
	struct orgcheck_date best = { 0, 0, 0 };
	const struct orgcheck_claim *claim = NULL;
	size_t at = 0;

	while ((claim = orgcheck_record_next_claim(record, field, &at)) != NULL) {
		if (!orgcheck_date_present(&claim->date))
			continue;
		if (!orgcheck_date_present(&best) ||
		    (earliest ? starts_earlier(&claim->date, &best) : starts_earlier(&best, &claim->date)))
			best = claim->date;
	}
	return best;
}

struct orgcheck_date orgcheck_rule_start(const struct orgcheck_record *record)
{
	return extreme_claim(record, record->kind == ORGCHECK_RECORD_PERSON ? "born" : "founded", 1);
}

struct orgcheck_date orgcheck_rule_end(const struct orgcheck_record *record)
{
	return extreme_claim(record, record->kind == ORGCHECK_RECORD_PERSON ? "died" : "dissolved", 0);
}

size_t orgcheck_rule_edit_distance(const char *a, const char *b, size_t limit)
{
	size_t la = strlen(a);
	size_t lb = strlen(b);
	size_t *previous = NULL;
	size_t *current = NULL;
	size_t *swap = NULL;
	size_t i;
	size_t j;
	size_t best = 0;
	size_t result = limit + 1;

	/* Lengths alone may already exceed the limit. */
	if ((la > lb ? la - lb : lb - la) > limit)
		return limit + 1;
	previous = malloc((lb + 1) * sizeof(*previous));
	current = malloc((lb + 1) * sizeof(*current));
	if (previous == NULL || current == NULL)
		goto done;
	for (j = 0; j <= lb; j++)
		previous[j] = j;
	for (i = 1; i <= la; i++) {
		current[0] = i;
		best = current[0];
		for (j = 1; j <= lb; j++) {
			size_t substitute = previous[j - 1] + (a[i - 1] != b[j - 1]);
			size_t remove = previous[j] + 1;
			size_t insert = current[j - 1] + 1;

			current[j] = substitute < remove ? substitute : remove;
			if (insert < current[j])
				current[j] = insert;
			if (current[j] < best)
				best = current[j];
		}
		if (best > limit)
			goto done;
		swap = previous;
		previous = current;
		current = swap;
	}
	result = previous[lb] > limit ? limit + 1 : previous[lb];

done:
	free(previous);
	free(current);
	return result;
}
