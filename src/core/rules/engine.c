/* The rules engine and the helpers rules share. */
#include "rules/rules.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/config.h>

/* One rule run on its own, into its own findings, so rules can run on
 * several threads and still give the findings of a run in catalogue order. */
struct rule_task {
	struct orgcheck_rule_run run;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	int rc;
};

struct shared_value {
	int state;       /* 0 not built yet, 1 built, else the error building it */
	void *value;
	orgcheck_rule_free_fn *free_value;
	unsigned long long operations;  /* counted while building it */
	struct orgcheck_error err;      /* the error building it */
};

struct orgcheck_rule_shared {
	/* Held while a value is built: a rule that needs it meanwhile would
	 * only build it again. */
	pthread_mutex_t lock;
	struct shared_value values[ORGCHECK_RULE_SHARED_SLOTS];
};

int orgcheck_rule_shared_get(const void **out, struct orgcheck_rule_run *run,
			     enum orgcheck_rule_shared_slot slot, orgcheck_rule_build_fn *build,
			     orgcheck_rule_free_fn *free_value)
{
	struct shared_value *shared = &run->shared->values[slot];
	unsigned long long before = run->operations;
	int rc = 0;

	*out = NULL;
	pthread_mutex_lock(&run->shared->lock);
	if (shared->state == 0) {
		rc = build(&shared->value, run);
		shared->operations = run->operations - before;
		run->operations = before;
		shared->free_value = free_value;
		shared->state = rc < 0 ? rc : 1;
		if (rc < 0)
			shared->err = *run->err;
	}
	rc = shared->state;
	pthread_mutex_unlock(&run->shared->lock);
	if (rc < 0) {
		*run->err = shared->err;
		return rc;
	}
	run->operations += shared->operations;
	*out = shared->value;
	return 0;
}

static void shared_release(struct orgcheck_rule_shared *shared)
{
	size_t i;

	for (i = 0; i < ORGCHECK_RULE_SHARED_SLOTS; i++) {
		if (shared->values[i].state == 1 && shared->values[i].free_value != NULL)
			shared->values[i].free_value(shared->values[i].value);
	}
	pthread_mutex_destroy(&shared->lock);
}

struct rule_tasks {
	struct rule_task *tasks;
	size_t count;
	atomic_size_t next;
	atomic_int stop;  /* a rule failed: start no more */
};

static void run_tasks(struct rule_tasks *all)
{
	struct rule_task *task = NULL;
	size_t i = 0;

	while (!atomic_load(&all->stop)) {
		i = atomic_fetch_add(&all->next, 1);
		if (i >= all->count)
			break;
		task = &all->tasks[i];
		task->rc = task->run.rule->run(&task->run);
		if (task->rc < 0)
			atomic_store(&all->stop, 1);
	}
}

static void *task_thread(void *data)
{
	run_tasks(data);
	return NULL;
}

int orgcheck_rules_run_jobs(struct orgcheck_findings *findings, unsigned long long *operations_out,
			    const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
			    const struct orgcheck_date *today, unsigned jobs, struct orgcheck_error *err)
{
	struct rule_tasks all;
	struct orgcheck_rule_shared shared;
	pthread_t *threads = NULL;
	const struct orgcheck_rule *rules = NULL;
	struct rule_task *task = NULL;
	unsigned long long operations = 0;
	size_t started = 0;
	size_t count = 0;
	size_t i;
	int rc = 0;

	memset(&all, 0, sizeof(all));
	atomic_init(&all.next, 0);
	atomic_init(&all.stop, 0);
	memset(&shared, 0, sizeof(shared));
	rules = orgcheck_catalog_rules(&count);
	all.tasks = calloc(count ? count : 1, sizeof(*all.tasks));
	if (all.tasks == NULL)
		return orgcheck_error_nomem(err);
	if (pthread_mutex_init(&shared.lock, NULL) != 0) {
		free(all.tasks);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; i < count; i++) {
		if (rules[i].run == NULL || !orgcheck_config_enabled(config, &rules[i]))
			continue;
		task = &all.tasks[all.count++];
		orgcheck_findings_init(&task->findings);
		task->run.corpus = corpus;
		task->run.today = *today;
		task->run.findings = &task->findings;
		task->run.err = &task->err;
		task->run.rule = &rules[i];
		task->run.suggestion_budget = ORGCHECK_RULES_SUGGESTION_BUDGET;
		task->run.shared = &shared;
	}
	/* The calling thread is one of the jobs. Without memory for the
	 * others it runs every rule itself, as when a thread cannot start:
	 * the findings are the same. */
	if (jobs > 1 && all.count > 1)
		threads = calloc(jobs < all.count ? jobs - 1 : all.count - 1, sizeof(*threads));
	for (i = 1; threads != NULL && i < jobs && i < all.count; i++) {
		if (pthread_create(&threads[started], NULL, task_thread, &all) != 0)
			break;
		started++;
	}
	run_tasks(&all);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	shared_release(&shared);
	/* Catalogue order, whatever thread ran what: the first error, or every
	 * finding in the order one thread would have made them. */
	for (i = 0; i < all.count && rc == 0; i++) {
		task = &all.tasks[i];
		operations += task->run.operations;
		if (task->rc < 0) {
			*err = task->err;
			rc = task->rc;
			break;
		}
		rc = orgcheck_findings_take(findings, &task->findings, err);
	}
	for (i = 0; i < all.count; i++)
		orgcheck_findings_release(&all.tasks[i].findings);
	free(all.tasks);
	if (operations_out != NULL)
		*operations_out = operations;
	return rc;
}

int orgcheck_rules_run(struct orgcheck_findings *findings, unsigned long long *operations_out,
		       const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
		       const struct orgcheck_date *today, struct orgcheck_error *err)
{
	return orgcheck_rules_run_jobs(findings, operations_out, corpus, config, today, 1, err);
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
	const struct orgcheck_record *target = ref->resolved;

	(void)run;
	(void)record;
	if (target == NULL)
		return NULL;
	if (ref->expected == ORGCHECK_TARGET_ORGANIZATION && target->kind != ORGCHECK_RECORD_ORGANIZATION)
		return NULL;
	if (ref->expected == ORGCHECK_TARGET_PERSON && target->kind != ORGCHECK_RECORD_PERSON)
		return NULL;
	return target;
}

struct orgcheck_date orgcheck_rule_start(const struct orgcheck_record *record)
{
	struct orgcheck_date absent = { 0, 0, 0 };

	return record->start_claim != NULL ? record->start_claim->date : absent;
}

struct orgcheck_date orgcheck_rule_end(const struct orgcheck_record *record)
{
	struct orgcheck_date absent = { 0, 0, 0 };

	return record->end_claim != NULL ? record->end_claim->date : absent;
}

/* A lower bound of the edit distance of two strings from their letters
 * (orgcheck_rule_letters): the kinds of byte one has and the other lacks
 * (each needs an edit of its own), in 64 classes (bytes sharing a class
 * only lower the bound). Cheap enough to try before every table. */
/* The number of bits set in x, in a dozen operations whatever x is (the
 * "did you mean" search calls this for every candidate). */
static size_t bits_set(uint64_t x)
{
	x = x - ((x >> 1) & 0x5555555555555555u);
	x = (x & 0x3333333333333333u) + ((x >> 2) & 0x3333333333333333u);
	x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0Fu;
	return (size_t)((x * 0x0101010101010101u) >> 56);
}

static size_t letters_differ(uint64_t in_a, uint64_t in_b)
{
	size_t more = bits_set(in_a & ~in_b);
	size_t fewer = bits_set(in_b & ~in_a);

	return more > fewer ? more : fewer;
}

uint64_t orgcheck_rule_letters(const char *text, size_t length)
{
	uint64_t letters = 0;
	size_t i;

	for (i = 0; i < length; i++)
		letters |= (uint64_t)1 << ((unsigned char)text[i] & 63);
	return letters;
}

/* The edit distance of a and b (of lengths la and lb), at most limit + 1,
 * adding the cells of the table it filled to *cells. The caller has
 * checked the bounds from lengths and letters.
 *
 * Only the band of cells within limit of the diagonal is computed: a cell
 * further off costs more than limit, and so does every path through it,
 * so the band alone decides whether a row's best is within limit and
 * what the distance is. Cells are charged per whole row all the same, so
 * the suggestion budget is spent as by the full table. */
static size_t edit_distance_table(const char *a, size_t la, const char *b, size_t lb, size_t limit,
				  unsigned long long *cells)
{
	size_t small_previous[128];
	size_t small_current[128];
	size_t *previous = NULL;
	size_t *current = NULL;
	size_t *swap = NULL;
	size_t i;
	size_t j;
	size_t lo = 0;
	size_t hi = 0;
	size_t best = 0;
	size_t result = limit + 1;

	if (lb < sizeof(small_previous) / sizeof(small_previous[0])) {
		previous = small_previous;
		current = small_current;
	} else {
		previous = malloc((lb + 1) * sizeof(*previous));
		current = malloc((lb + 1) * sizeof(*current));
	}
	if (previous == NULL || current == NULL)
		goto done;
	for (j = 0; j <= lb; j++)
		previous[j] = j;
	for (i = 1; i <= la; i++) {
		lo = i > limit ? i - limit : 1;
		hi = i + limit < lb ? i + limit : lb;
		/* Left of the band: the first column, or a cell beyond limit. */
		current[lo - 1] = lo == 1 ? i : limit + 1;
		best = current[lo - 1];
		for (j = lo; j <= hi; j++) {
			size_t substitute = previous[j - 1] + (a[i - 1] != b[j - 1]);
			size_t remove = previous[j] + 1;
			size_t insert = current[j - 1] + 1;

			current[j] = substitute < remove ? substitute : remove;
			if (insert < current[j])
				current[j] = insert;
			if (current[j] < best)
				best = current[j];
		}
		/* Right of the band, read by the next row. */
		if (hi < lb)
			current[hi + 1] = limit + 1;
		*cells += lb + 1;
		if (best > limit)
			goto done;
		swap = previous;
		previous = current;
		current = swap;
	}
	result = previous[lb] > limit ? limit + 1 : previous[lb];

done:
	if (previous != small_previous && previous != small_current) {
		free(previous);
		free(current);
	}
	return result;
}

/* orgcheck_rule_edit_distance of two known strings, adding the cells of
 * the table it filled to *cells. */
static size_t edit_distance_known(const struct orgcheck_rule_text *a, const struct orgcheck_rule_text *b,
				  size_t limit, unsigned long long *cells)
{
	size_t la = a->length;
	size_t lb = b->length;

	/* Lengths alone may already exceed the limit, and so may the letters:
	 * "did you mean" compares a reference with every id and name of the
	 * corpus, and most are dismissed here without a table. */
	if ((la > lb ? la - lb : lb - la) > limit || letters_differ(a->letters, b->letters) > limit)
		return limit + 1;
	return edit_distance_table(a->text, la, b->text, lb, limit, cells);
}

static struct orgcheck_rule_text known(const char *text)
{
	struct orgcheck_rule_text known_text;

	known_text.text = text;
	known_text.length = strlen(text);
	known_text.letters = orgcheck_rule_letters(text, known_text.length);
	return known_text;
}

static size_t edit_distance(const char *a, const char *b, size_t limit, unsigned long long *cells)
{
	struct orgcheck_rule_text known_a = known(a);
	struct orgcheck_rule_text known_b = known(b);

	return edit_distance_known(&known_a, &known_b, limit, cells);
}

size_t orgcheck_rule_edit_distance(const char *a, const char *b, size_t limit)
{
	unsigned long long cells = 0;

	return edit_distance(a, b, limit, &cells);
}

size_t orgcheck_rule_suggest_known(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				   const struct orgcheck_rule_text *b, size_t limit)
{
	unsigned long long la = a->length;
	unsigned long long lb = b->length;
	/* Reading the lengths costs too, so that a search over many
	 * candidates of the wrong length ends as well. */
	unsigned long long cells = la + lb + 1;
	size_t distance = limit + 1;

	/* The whole table must fit in what is left; the rows actually
	 * filled (the search stops past limit) are charged. */
	if ((la + 1) * (lb + 1) + cells > run->suggestion_budget) {
		run->suggestion_budget = 0;
		return limit + 1;
	}
	distance = edit_distance_known(a, b, limit, &cells);
	run->suggestion_budget -= cells;
	return distance;
}

size_t orgcheck_rule_suggest_prepaid(struct orgcheck_rule_run *run, const struct orgcheck_rule_text *a,
				     const struct orgcheck_rule_text *b, size_t limit)
{
	unsigned long long cells = 0;
	size_t distance = edit_distance_known(a, b, limit, &cells);

	run->suggestion_budget -= cells;
	return distance;
}

size_t orgcheck_rule_suggest_distance(struct orgcheck_rule_run *run, const char *a, const char *b,
				      size_t limit)
{
	struct orgcheck_rule_text known_a = known(a);
	struct orgcheck_rule_text known_b = known(b);

	return orgcheck_rule_suggest_known(run, &known_a, &known_b, limit);
}
