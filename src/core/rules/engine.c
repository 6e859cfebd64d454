/* The rules engine: runs the enabled rules of the catalogue, on one
 * thread or several, and the helpers through which rules report. */
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
	/* When tagging: for each finding, the record whose visit made it. */
	size_t *visited;
	size_t visited_capacity;
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
	/* Charged once per rule when the runs are joined, however many
	 * slices of it asked. */
	run->shared_asked |= 1u << slot;
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

/* Records per slice of the visiting pass at least: fewer would cost
 * more in joining findings than they win in balancing threads. */
#define SLICE_MIN_RECORDS 1024
/* Slices per thread: enough that the last ones even out threads that
 * were busy with whole-corpus rules. */
#define SLICES_PER_JOB 4

/* The visiting rules over the records [begin, end) of the visit list
 * (of the corpus when there is none): one run of each. */
/* Which visiting rules a slice runs: all of them, or with a list of
 * records to visit, the local ones over the list and those that read all
 * over every record. */
enum slice_kind { SLICE_EVERY_RULE, SLICE_LOCAL_RULES, SLICE_READS_ALL_RULES };

struct visit_slice {
	size_t begin;
	size_t end;
	const size_t *visit;     /* the records [begin, end) of it are visited; NULL: the corpus's */
	enum slice_kind kind;
	struct rule_task *runs;  /* one per visiting rule, in catalogue order */
};

struct rule_tasks {
	struct rule_task *tasks;     /* whole-corpus rules */
	size_t count;
	struct visit_slice *slices;
	size_t slice_count;
	const struct orgcheck_rule **visiting;  /* catalogue order */
	size_t visiting_count;
	const struct orgcheck_corpus *corpus;
	int tag;                     /* record where each visiting rule's finding came from */
	atomic_size_t next;          /* tasks first, then slices */
	atomic_int stop;             /* a rule failed: start no more */
};

static int visitor_prepare(struct orgcheck_rule_run *run, const struct orgcheck_rule_visitor *visitor)
{
	run->state = NULL;
	return visitor->prepare != NULL ? visitor->prepare(run) : 0;
}

static void visitor_finish(struct orgcheck_rule_run *run, const struct orgcheck_rule_visitor *visitor)
{
	if (visitor->finish != NULL)
		visitor->finish(run);
	run->state = NULL;
}

int orgcheck_rule_visit_all(struct orgcheck_rule_run *run, const struct orgcheck_rule_visitor *visitor)
{
	size_t i;
	int rc = visitor_prepare(run, visitor);

	if (rc < 0)
		return rc;
	for (i = 0; i < run->corpus->count && rc == 0; i++)
		rc = visitor->visit(run, &run->corpus->records[i]);
	visitor_finish(run, visitor);
	return rc;
}

static int slice_runs_rule(enum slice_kind kind, const struct orgcheck_rule *rule)
{
	return kind == SLICE_EVERY_RULE || (kind == SLICE_READS_ALL_RULES) == (rule->visitor->reads_all != 0);
}

/* Room in task's tags for every finding it holds. */
static int reserve_tags(struct rule_task *task)
{
	size_t capacity = 0;
	size_t *grown = NULL;

	if (task->findings.count <= task->visited_capacity)
		return 0;
	capacity = task->visited_capacity ? task->visited_capacity * 2 : 16;
	while (capacity < task->findings.count)
		capacity *= 2;
	grown = realloc(task->visited, capacity * sizeof(*grown));
	if (grown == NULL)
		return orgcheck_error_nomem(task->run.err);
	task->visited = grown;
	task->visited_capacity = capacity;
	return 0;
}

/* Every visiting rule on each record of the slice before the next: the
 * record and what it names are read once for all of them. */
static int run_slice(struct rule_tasks *all, struct visit_slice *slice)
{
	const struct orgcheck_record *records = all->corpus->records;
	struct rule_task *task = NULL;
	size_t prepared = 0;
	size_t before = 0;
	size_t index = 0;
	size_t i;
	size_t v;
	int rc = 0;

	for (prepared = 0; prepared < all->visiting_count && rc == 0; prepared++) {
		if (!slice_runs_rule(slice->kind, all->visiting[prepared]))
			continue;
		rc = visitor_prepare(&slice->runs[prepared].run, all->visiting[prepared]->visitor);
		slice->runs[prepared].rc = rc;
		if (rc < 0)
			break;
	}
	for (i = slice->begin; i < slice->end && rc == 0; i++) {
		index = slice->visit != NULL ? slice->visit[i] : i;
		for (v = 0; v < all->visiting_count && rc == 0; v++) {
			if (!slice_runs_rule(slice->kind, all->visiting[v]))
				continue;
			task = &slice->runs[v];
			before = task->findings.count;
			rc = all->visiting[v]->visitor->visit(&task->run, &records[index]);
			if (rc == 0 && all->tag && task->findings.count > before)
				rc = reserve_tags(task);
			while (rc == 0 && all->tag && before < task->findings.count)
				task->visited[before++] = index;
			task->rc = rc;
		}
	}
	/* A prepare that failed left nothing to finish. */
	for (v = 0; v < prepared; v++) {
		if (slice_runs_rule(slice->kind, all->visiting[v]))
			visitor_finish(&slice->runs[v].run, all->visiting[v]->visitor);
	}
	return rc;
}

static void run_tasks(struct rule_tasks *all)
{
	struct rule_task *task = NULL;
	size_t i = 0;

	while (!atomic_load(&all->stop)) {
		i = atomic_fetch_add(&all->next, 1);
		if (i >= all->count + all->slice_count)
			break;
		if (i >= all->count) {
			if (run_slice(all, &all->slices[i - all->count]) < 0)
				atomic_store(&all->stop, 1);
			continue;
		}
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

static void task_init(struct rule_task *task, const struct orgcheck_rule *rule,
		      const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
		      const struct orgcheck_date *today, struct orgcheck_rule_shared *shared)
{
	orgcheck_findings_init(&task->findings);
	task->run.corpus = corpus;
	task->run.today = *today;
	task->run.findings = &task->findings;
	task->run.err = &task->err;
	task->run.rule = rule;
	task->run.config = config;
	task->run.suggestion_budget = ORGCHECK_RULES_SUGGESTION_BUDGET;
	task->run.shared = shared;
}

/* How many slices the visiting pass takes on jobs threads. */
static size_t slice_count(size_t records, unsigned jobs)
{
	size_t most = records / SLICE_MIN_RECORDS;
	size_t wanted = jobs > 1 ? (size_t)jobs * SLICES_PER_JOB : 1;

	if (most < 1)
		most = 1;
	return wanted < most ? wanted : most;
}

/* The operations of building the shared values in asked (a mask of slots). */
static unsigned long long shared_operations(const struct orgcheck_rule_shared *shared, unsigned asked)
{
	unsigned long long operations = 0;
	size_t i;

	for (i = 0; i < ORGCHECK_RULE_SHARED_SLOTS; i++) {
		if (asked & (1u << i))
			operations += shared->values[i].operations;
	}
	return operations;
}

/* Joins the findings of task into findings, or takes its error. */
static int join_task(struct orgcheck_findings *findings, unsigned long long *operations,
		     struct rule_task *task, struct orgcheck_error *err)
{
	*operations += task->run.operations;
	if (task->rc < 0) {
		*err = task->err;
		return task->rc;
	}
	return orgcheck_findings_take(findings, &task->findings, err);
}

int orgcheck_rules_run_jobs(struct orgcheck_findings *findings, unsigned long long *operations_out,
			    const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
			    const struct orgcheck_date *today, unsigned jobs, struct orgcheck_error *err)
{
	return orgcheck_rules_run_some(findings, operations_out, corpus, config, today, jobs, NULL, 0, err);
}

/* Appends the tags of task's findings (or no visit) to *tags. */
static int join_tags(size_t **tags, size_t *count, size_t *capacity, const struct rule_task *task,
		     size_t findings, struct orgcheck_error *err)
{
	size_t *grown = NULL;
	size_t wanted = *count + findings;
	size_t i;

	if (wanted > *capacity) {
		*capacity = *capacity ? *capacity : 64;
		while (*capacity < wanted)
			*capacity *= 2;
		grown = realloc(*tags, *capacity * sizeof(*grown));
		if (grown == NULL)
			return orgcheck_error_nomem(err);
		*tags = grown;
	}
	for (i = 0; i < findings; i++)
		(*tags)[(*count)++] = task != NULL && task->visited != NULL ? task->visited[i] : ORGCHECK_RULES_NO_VISIT;
	return 0;
}

/* The engine. With visit, the visiting rules visit only those records;
 * with tag 1, those that read all visit every record anyway (with tag 2
 * they too visit only the list), and *visited_out tells where each
 * finding came from. */
static int run_rules(struct orgcheck_findings *findings, size_t **visited_out,
		     unsigned long long *operations_out, const struct orgcheck_corpus *corpus,
		     const struct orgcheck_config *config, const struct orgcheck_date *today, unsigned jobs,
		     const size_t *visit, size_t visit_count, int tag, struct orgcheck_error *err)
{
	size_t to_visit = visit != NULL ? visit_count : corpus->count;
	size_t local_slices = 0;
	size_t *tags = NULL;
	size_t tag_count = 0;
	size_t tag_capacity = 0;
	size_t before = 0;
	int reads_all = 0;
	struct rule_tasks all;
	struct orgcheck_rule_shared shared;
	pthread_t *threads = NULL;
	struct rule_task *slice_runs = NULL;
	const struct orgcheck_rule *rule = NULL;
	unsigned long long operations = 0;
	size_t work = 0;
	size_t started = 0;
	size_t count = 0;
	size_t whole = 0;
	size_t visiting = 0;
	unsigned asked = 0;
	size_t i;
	size_t s;
	int rc = 0;

	memset(&all, 0, sizeof(all));
	atomic_init(&all.next, 0);
	atomic_init(&all.stop, 0);
	memset(&shared, 0, sizeof(shared));
	all.corpus = corpus;
	all.tag = tag || visited_out != NULL;
	if (visited_out != NULL)
		*visited_out = NULL;
	count = orgcheck_catalog_count();
	all.tasks = calloc(count ? count : 1, sizeof(*all.tasks));
	all.visiting = calloc(count ? count : 1, sizeof(*all.visiting));
	if (all.tasks == NULL || all.visiting == NULL || pthread_mutex_init(&shared.lock, NULL) != 0) {
		free(all.tasks);
		free(all.visiting);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) {
		if (rule->run == NULL || !orgcheck_config_enabled(config, rule))
			continue;
		if (rule->visitor != NULL) {
			all.visiting[all.visiting_count++] = rule;
			reads_all |= rule->visitor->reads_all;
		}
		else
			task_init(&all.tasks[all.count++], rule, corpus, config, today, &shared);
	}
	if (all.visiting_count > 0) {
		/* The list's slices, then (tagging, with a list) those of every
		 * record for the rules that read all. */
		local_slices = slice_count(to_visit, jobs);
		all.slice_count = local_slices;
		if (tag == 1 && visit != NULL && reads_all)
			all.slice_count += slice_count(corpus->count, jobs);
		all.slices = calloc(all.slice_count, sizeof(*all.slices));
		slice_runs = calloc(all.slice_count * all.visiting_count, sizeof(*slice_runs));
		if (all.slices == NULL || slice_runs == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		for (s = 0; s < all.slice_count; s++) {
			struct visit_slice *slice = &all.slices[s];

			if (s < local_slices) {
				slice->begin = to_visit * s / local_slices;
				slice->end = to_visit * (s + 1) / local_slices;
				slice->visit = visit;
				slice->kind = tag == 1 && visit != NULL ? SLICE_LOCAL_RULES : SLICE_EVERY_RULE;
			} else {
				slice->begin = corpus->count * (s - local_slices) / (all.slice_count - local_slices);
				slice->end = corpus->count * (s - local_slices + 1) / (all.slice_count - local_slices);
				slice->visit = NULL;
				slice->kind = SLICE_READS_ALL_RULES;
			}
			slice->runs = &slice_runs[s * all.visiting_count];
			for (i = 0; i < all.visiting_count; i++)
				task_init(&slice->runs[i], all.visiting[i], corpus, config, today, &shared);
		}
	}
	/* The calling thread is one of the jobs. Without memory for the
	 * others it runs every rule itself, as when a thread cannot start:
	 * the findings are the same. */
	work = all.count + all.slice_count;
	if (jobs > 1 && work > 1)
		threads = calloc(jobs < work ? jobs - 1 : work - 1, sizeof(*threads));
	for (i = 1; threads != NULL && i < jobs && i < work; i++) {
		if (pthread_create(&threads[started], NULL, task_thread, &all) != 0)
			break;
		started++;
	}
	run_tasks(&all);
	for (i = 0; i < started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	/* Catalogue order, whatever thread ran what: the first error, or every
	 * finding in the order one thread would have made them (a visiting
	 * rule's slice by slice, in record order). */
	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL && rc == 0; i++) {
		asked = 0;
		if (whole < all.count && all.tasks[whole].run.rule == rule) {
			asked = all.tasks[whole].run.shared_asked;
			before = findings->count;
			rc = join_task(findings, &operations, &all.tasks[whole++], err);
			if (rc == 0 && visited_out != NULL)
				rc = join_tags(&tags, &tag_count, &tag_capacity, NULL, findings->count - before, err);
		} else if (visiting < all.visiting_count && all.visiting[visiting] == rule) {
			for (s = 0; s < all.slice_count && rc == 0; s++) {
				struct rule_task *task = &all.slices[s].runs[visiting];

				if (!slice_runs_rule(all.slices[s].kind, rule))
					continue;
				asked |= task->run.shared_asked;
				before = findings->count;
				rc = join_task(findings, &operations, task, err);
				if (rc == 0 && visited_out != NULL)
					rc = join_tags(&tags, &tag_count, &tag_capacity, task, findings->count - before,
						       err);
			}
			visiting++;
		}
		operations += shared_operations(&shared, asked);
	}

done:
	shared_release(&shared);
	for (i = 0; i < all.count; i++)
		orgcheck_findings_release(&all.tasks[i].findings);
	for (i = 0; slice_runs != NULL && i < all.slice_count * all.visiting_count; i++) {
		orgcheck_findings_release(&slice_runs[i].findings);
		free(slice_runs[i].visited);
	}
	if (rc == 0 && visited_out != NULL) {
		*visited_out = tags;
		tags = NULL;
	}
	free(tags);
	free(slice_runs);
	free(all.slices);
	free(all.tasks);
	free(all.visiting);
	if (operations_out != NULL)
		*operations_out = operations;
	return rc;
}

int orgcheck_rules_run_some(struct orgcheck_findings *findings, unsigned long long *operations_out,
			    const struct orgcheck_corpus *corpus, const struct orgcheck_config *config,
			    const struct orgcheck_date *today, unsigned jobs, const size_t *visit,
			    size_t visit_count, struct orgcheck_error *err)
{
	return run_rules(findings, NULL, operations_out, corpus, config, today, jobs, visit, visit_count, 0, err);
}

int orgcheck_rules_run_tagged(struct orgcheck_findings *findings, size_t **visited_out,
			      unsigned long long *operations_out, const struct orgcheck_corpus *corpus,
			      const struct orgcheck_config *config, const struct orgcheck_date *today,
			      unsigned jobs, const size_t *visit, size_t visit_count, int names_kept,
			      struct orgcheck_error *err)
{
	return run_rules(findings, visited_out, operations_out, corpus, config, today, jobs, visit, visit_count,
			 names_kept ? 2 : 1, err);
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
	/* A long message is cut: between characters, never inside one. */
	orgcheck_utf8_trim(message);
	rc = orgcheck_findings_add_rule(run->findings, run->err, run->rule, record->path, pos.line,
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

/* ---------------------------------------------------------------- focus */

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int has_key(const char *const *keys, size_t count, const char *text)
{
	return text != NULL && count > 0 && bsearch(&text, keys, count, sizeof(*keys), compare_strings) != NULL;
}

int orgcheck_rules_neighbours(size_t **out, size_t *count_out, const struct orgcheck_corpus *corpus,
			      const size_t *focus, size_t focus_count, const char *const *keys,
			      size_t key_count, struct orgcheck_error *err)
{
	const char **unresolved = NULL;
	const struct orgcheck_record *record = NULL;
	const struct orgcheck_record *holder = NULL;
	const struct orgcheck_ref *ref = NULL;
	unsigned char *wanted = NULL;
	unsigned char *named = NULL;  /* by first record of an id: the id is a key */
	size_t *visit = NULL;
	size_t capacity = key_count;
	size_t n = 0;
	size_t count = 0;
	size_t i;
	size_t j;
	int rc = 0;

	*out = NULL;
	*count_out = 0;
	for (i = 0; i < focus_count; i++)
		capacity += 1 + corpus->records[focus[i]].refs.count;
	unresolved = malloc((capacity ? capacity : 1) * sizeof(*unresolved));
	wanted = calloc(corpus->count ? corpus->count : 1, 1);
	named = calloc(corpus->count ? corpus->count : 1, 1);
	if (unresolved == NULL || wanted == NULL || named == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	/* An id that some record has is marked at the first record with it,
	 * which every reference to it resolves to; the others (deleted
	 * records, references to nothing) are compared as text. */
	for (i = 0; i < key_count; i++) {
		holder = orgcheck_corpus_find(corpus, keys[i]);
		if (holder != NULL)
			named[holder - corpus->records] = 1;
		else
			unresolved[n++] = keys[i];
	}
	for (i = 0; i < focus_count; i++) {
		record = &corpus->records[focus[i]];
		wanted[focus[i]] = 1;
		if (record->first_with_id != NULL)
			named[record->first_with_id - corpus->records] = 1;
		for (j = 0; j < record->refs.count; j++) {
			ref = &record->refs.items[j];
			if (ref->resolved != NULL)
				named[ref->resolved - corpus->records] = 1;
			else if (ref->target != NULL)
				unresolved[n++] = ref->target;
		}
	}
	qsort(unresolved, n, sizeof(*unresolved), compare_strings);
	/* One pass: a record with one of the ids (itself, named by the focus,
	 * sharing a focus record's id) or naming one (naming a focus record,
	 * or what a focus record names: a broken target's references are
	 * folded into one finding that lists them all). */
	for (i = 0; i < corpus->count; i++) {
		record = &corpus->records[i];
		if (!wanted[i] && record->first_with_id != NULL && named[record->first_with_id - corpus->records])
			wanted[i] = 1;
		for (j = 0; j < record->refs.count && !wanted[i]; j++) {
			ref = &record->refs.items[j];
			if (ref->resolved != NULL ? named[ref->resolved - corpus->records] != 0
						  : has_key(unresolved, n, ref->target))
				wanted[i] = 1;
		}
		count += wanted[i];
	}
	visit = malloc((count ? count : 1) * sizeof(*visit));
	if (visit == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	for (i = 0, j = 0; i < corpus->count; i++) {
		if (wanted[i])
			visit[j++] = i;
	}
	*out = visit;
	*count_out = count;

done:
	free(unresolved);
	free(wanted);
	free(named);
	return rc;
}
