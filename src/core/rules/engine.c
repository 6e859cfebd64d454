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
	const struct orgcheck_rule *rule = NULL;
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
	count = orgcheck_catalog_count();
	all.tasks = calloc(count ? count : 1, sizeof(*all.tasks));
	if (all.tasks == NULL)
		return orgcheck_error_nomem(err);
	if (pthread_mutex_init(&shared.lock, NULL) != 0) {
		free(all.tasks);
		return orgcheck_error_nomem(err);
	}
	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) {
		if (rule->run == NULL || !orgcheck_config_enabled(config, rule))
			continue;
		task = &all.tasks[all.count++];
		orgcheck_findings_init(&task->findings);
		task->run.corpus = corpus;
		task->run.today = *today;
		task->run.findings = &task->findings;
		task->run.err = &task->err;
		task->run.rule = rule;
		task->run.config = config;
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
