/* orgcheck check: validate records and check them against each other. */
#define _XOPEN_SOURCE 700 /* nftw, to remove the checked-out index */

#include "cli.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <orgcheck/baseline.h>
#include <orgcheck/config.h>
#include <orgcheck/fixes.h>
#include "args.h"
#include "root.h"
#include "emit.h"
#include "git.h"
#include "run.h"
#include "select.h"

static void print_help(FILE *out, const struct orgcheck_option *options)
{
	fputs("usage: orgcheck check [OPTIONS] [PATH...]\n"
	      "\n"
	      "Validates every *.xml record under each PATH (default: records/) against\n"
	      "the record schema, checks the records against each other (references,\n"
	      "links, dates, founders, conflicting claims; see 'orgcheck rules') and\n"
	      "prints one line per problem:\n"
	      "  path:line:column: severity: message [RULE]\n"
	      "\n"
	      "Options:\n", out);
	orgcheck_args_print_help(out, options);
	orgcheck_emit_print_formats(out);
	fputs("\n"
	      "Colour is used only on a terminal, never when NO_COLOR is set and not\n"
	      "empty or TERM is \"dumb\"; --color overrides both.\n"
	      "\n"
	      "To check an edit: 'orgcheck check --only FILE...' or '--changed-since REV'\n"
	      "load the whole corpus but report only findings that touch the changed\n"
	      "records (on them or on the records they link to). '--staged' checks what\n"
	      "is being committed: the corpus as the index holds it, with the staged\n"
	      "changes as the focus (the pre-commit hook's command).\n"
	      "Exit status: 0 no findings at or above --fail-on, 1 findings at or above\n"
	      "it, 2 usage, configuration or I/O error.\n", out);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A file named id.xml in the working tree next to the referring file
 * (dir of path) or in a sibling directory of it (records/people/ for a
 * reference in records/organizations/): written into found. */
static int find_in_tree(char *found, size_t size, const char *path, const char *id)
{
	char dir[PATH_MAX];
	char parent[PATH_MAX];
	char *slash = NULL;
	DIR *d = NULL;
	struct dirent *e = NULL;
	struct stat st;
	int hit = 0;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else
		*slash = '\0';
	if ((size_t)snprintf(found, size, "%s/%s.xml", dir, id) < size && stat(found, &st) == 0 &&
	    S_ISREG(st.st_mode))
		return 1;
	snprintf(parent, sizeof(parent), "%s", dir);
	slash = strrchr(parent, '/');
	if (slash == NULL)
		snprintf(parent, sizeof(parent), ".");
	else
		*slash = '\0';
	d = opendir(parent);
	while (d != NULL && !hit && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		hit = (size_t)snprintf(found, size, "%s/%s/%s.xml", parent, e->d_name, id) < size &&
		      stat(found, &st) == 0 && S_ISREG(st.st_mode);
	}
	if (d != NULL)
		closedir(d);
	return hit;
}

/* Says why an OC110 reference matches no record when this run knows: the
 * record's file was deleted in this change (--changed-since, --staged),
 * or, with --staged, it exists in the working tree but is not staged.
 * Returns 0 or -1 (out of memory). */
static int explain_unmatched(struct orgcheck_findings *findings, const struct orgcheck_selection *selection,
			     int staged_only)
{
	struct orgcheck_finding *f = NULL;
	const char *id = NULL;
	const char *gone = NULL;
	const char *what = NULL;
	const char *at = NULL;
	char found[PATH_MAX];
	char *message = NULL;
	size_t i;
	size_t j;
	int n = 0;

	for (i = 0; i < findings->count; i++) {
		f = &findings->items[i];
		if (f->rule == NULL || strcmp(f->rule->id, "OC110") != 0 || strstr(f->message, "matches no record") == NULL)
			continue;
		id = NULL;
		for (j = 0; j < f->value_count && id == NULL; j++) {
			if (strcmp(f->values[j].name, "reference") == 0)
				id = f->values[j].text;
		}
		if (id == NULL)
			continue;
		gone = orgcheck_selection_gone_path(selection, id);
		if (gone != NULL)
			what = " was deleted in this change: restore it or remove the reference";
		else if (staged_only && f->primary.path != NULL &&
			 find_in_tree(found, sizeof(found), f->primary.path, id)) {
			gone = found[0] == '.' && found[1] == '/' ? found + 2 : found;
			what = " exists in the working tree but is not staged; git add it";
		} else
			continue;
		/* Right after "matches no record", before a did-you-mean. */
		at = strstr(f->message, "matches no record") + strlen("matches no record");
		n = snprintf(NULL, 0, "%.*s; %s%s%s", (int)(at - f->message), f->message, gone, what, at);
		message = n < 0 ? NULL : malloc((size_t)n + 1);
		if (message == NULL)
			return -1;
		snprintf(message, (size_t)n + 1, "%.*s; %s%s%s", (int)(at - f->message), f->message, gone, what, at);
		free(f->message);
		f->message = message;
		message = NULL;
	}
	return 0;
}

/* More files than this whose working-tree copy differs from the index's
 * (a bulk edit, an index whose stat data is stale) and --staged writes
 * the whole index out and checks that tree instead: the bytes of each
 * such file are held in memory for the run. */
#define STAGED_MAX_OVERLAYS 10000

/* What --staged checks instead of the working tree. */
struct staged {
	char tmp[32];              /* the private directory the index's files are written to */
	int made;
	char list[64];             /* TMP/list: the paths checkout-index is to write */
	char into[64];             /* TMP/index: where it writes them */
	char root[PATH_MAX + 96];  /* the corpus root in it: TMP/index/PATH-FROM-THE-TOP/ */
	/* The whole index written out, its records directory checked: a tree
	 * with symbolic links (which resolve within it), or too many files
	 * that differ from the working tree's. */
	int whole;
	char records[PATH_MAX + 128];      /* whole: the records directory in it */
	char rules[PATH_MAX + 128];        /* the staged rules file (perhaps a copy in TMP), or empty */
	char shown_rules[PATH_MAX + 96];   /* the rules file as the curator names it */
	char **paths;              /* else the files to check, in the index's order */
	size_t path_count;
	/* The files whose working-tree copy differs: their copy in TMP, read
	 * as the index holds them under their real name; sorted by path. */
	struct orgcheck_check_overlay *overlays;
	size_t overlay_count;
	char **owned;              /* the overlays' names and bytes, to free */
	size_t owned_count;
};

static void staged_release(struct staged *staged)
{
	size_t i;

	for (i = 0; i < staged->path_count; i++)
		free(staged->paths[i]);
	free(staged->paths);
	for (i = 0; i < staged->owned_count; i++)
		free(staged->owned[i]);
	free(staged->owned);
	free(staged->overlays);
	if (staged->made)
		(void)nftw(staged->tmp, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* dir/path in a new string (path alone when dir is "."), as the corpus
 * root's files are named; NULL when out of memory. */
static char *join_path(const char *dir, const char *path)
{
	size_t dir_length = strcmp(dir, ".") == 0 ? 0 : strlen(dir);
	size_t length = strlen(path);
	char *joined = malloc(dir_length + 1 + length + 1);

	if (joined == NULL)
		return NULL;
	memcpy(joined, dir, dir_length);
	if (dir_length > 0)
		joined[dir_length++] = '/';
	memcpy(joined + dir_length, path, length + 1);
	return joined;
}

/* What of path (relative to the root) a walk of the records directory
 * below (relative to the root; "" for the root itself) reaches: the rest
 * of path below it, or NULL when it is not below it or a component
 * starts with '.' (discover.c skips those). */
static const char *walked_part(const char *path, const char *below)
{
	size_t length = strlen(below);
	const char *rest = path;
	const char *name = NULL;

	if (length > 0) {
		if (strncmp(path, below, length) != 0 || path[length] != '/')
			return NULL;
		rest = path + length + 1;
	}
	for (name = rest; name != NULL; name = strchr(name, '/')) {
		if (name[0] == '/')
			name++;
		if (name[0] == '.')
			return NULL;
	}
	return rest;
}

/* Whether a walk of the records directory takes the index's file path:
 * a record file, *.xml, as discover.c takes them. */
static int is_record_path(const char *path, const char *below)
{
	const char *rest = walked_part(path, below);
	const char *name = rest ? strrchr(rest, '/') : NULL;
	size_t length = 0;

	if (rest == NULL)
		return 0;
	name = name ? name + 1 : rest;
	length = strlen(name);
	return length > 4 && strcmp(name + length - 4, ".xml") == 0;
}

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int compare_overlays(const void *a, const void *b)
{
	return strcmp(((const struct orgcheck_check_overlay *)a)->path,
		      ((const struct orgcheck_check_overlay *)b)->path);
}

/* Every path of the sets, sorted, in *out (pointing into the sets); 0 or
 * -1 when out of memory. */
static int sorted_paths(const char ***out, size_t *count, const struct orgcheck_pathset *a,
			const struct orgcheck_pathset *b)
{
	const struct orgcheck_pathset *sets[2] = { a, b };
	size_t at = 0;
	size_t n = 0;
	size_t i;

	*out = NULL;
	*count = 0;
	for (i = 0; i < 2; i++) {
		for (at = 0; at < sets[i]->size; at += strlen(sets[i]->data + at) + 1)
			n++;
	}
	*out = malloc((n + 1) * sizeof(**out));
	if (*out == NULL)
		return -1;
	for (i = 0; i < 2; i++) {
		for (at = 0; at < sets[i]->size; at += strlen(sets[i]->data + at) + 1)
			(*out)[(*count)++] = sets[i]->data + at;
	}
	qsort(*out, *count, sizeof(**out), compare_strings);
	return 0;
}

static int is_listed(const char *const *sorted, size_t count, const char *path)
{
	return count > 0 && bsearch(&path, sorted, count, sizeof(*sorted), compare_strings) != NULL;
}

/* The bytes of the file at path in *data (NUL-terminated), its size in
 * *size; 0 or -1. */
static int read_whole(char **data, size_t *size, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *bytes = NULL;
	char *grown = NULL;
	size_t used = 0;
	size_t capacity = 0;
	size_t n = 0;
	int rc = -1;

	*data = NULL;
	*size = 0;
	if (f == NULL)
		return -1;
	for (;;) {
		if (capacity - used < 4096) {
			capacity = capacity ? capacity * 2 : 8192;
			grown = realloc(bytes, capacity + 1);
			if (grown == NULL)
				goto done;
			bytes = grown;
		}
		n = fread(bytes + used, 1, capacity - used, f);
		used += n;
		if (n == 0)
			break;
	}
	if (ferror(f))
		goto done;
	bytes[used] = '\0';
	*data = bytes;
	*size = used;
	bytes = NULL;
	rc = 0;

done:
	free(bytes);
	fclose(f);
	return rc;
}

/* Writes the index's record files and rules file (of files) whose
 * working-tree state differs (listed in the sorted differ) into the file
 * list, NUL-separated, for checkout-index; *count gets how many. Returns
 * 0 or -1. */
static int write_list(size_t *count, const char *list, const struct orgcheck_pathset *files, const char *below,
		      const char *const *differ, size_t differ_count)
{
	FILE *f = fopen(list, "wb");
	const char *path = NULL;
	size_t at = 0;
	int rules = 0;
	int failed = 0;

	*count = 0;
	if (f == NULL)
		return -1;
	for (at = 0; at < files->size && !failed; at += strlen(path) + 1) {
		path = files->data + at;
		rules = strcmp(path, "orgcheck-rules.xml") == 0;
		if ((rules || is_record_path(path, below)) && is_listed(differ, differ_count, path)) {
			failed = fwrite(path, 1, strlen(path) + 1, f) != strlen(path) + 1;
			(*count)++;
		}
	}
	return fclose(f) == 0 && !failed ? 0 : -1;
}

/* Points the check at the index: each of its record files that the
 * working tree holds as the index does is checked in the working tree
 * (so the cache answers it by its stat), each that differs (modified,
 * deleted, assumed unchanged) from its copy written into TMP, under its
 * real name. Untracked files are not named, so they do not count. */
static int name_files(struct staged *staged, const struct orgcheck_cli *cli, const struct orgcheck_root *corpus,
		      const struct orgcheck_pathset *files, const char *below, const char *const *differ,
		      size_t differ_count)
{
	const char *path = NULL;
	size_t at = 0;
	size_t count = 0;
	char *copy = NULL;
	char *as_path = NULL;
	struct orgcheck_check_overlay *overlay = NULL;
	char *data = NULL;
	size_t size = 0;

	for (at = 0; at < files->size; at += strlen(files->data + at) + 1)
		count++;
	staged->paths = calloc(count + 1, sizeof(*staged->paths));
	if (staged->paths == NULL)
		goto nomem;
	for (at = 0; at < files->size; at += strlen(path) + 1) {
		path = files->data + at;
		if (!is_record_path(path, below))
			continue;
		if (!is_listed(differ, differ_count, path)) {
			staged->paths[staged->path_count] = join_path(corpus->root, path);
			if (staged->paths[staged->path_count] == NULL)
				goto nomem;
			staged->path_count++;
			continue;
		}
		copy = malloc(strlen(staged->root) + strlen(path) + 1);
		if (copy == NULL)
			goto nomem;
		strcpy(copy, staged->root);
		strcat(copy, path);
		staged->paths[staged->path_count++] = copy;
		if (read_whole(&data, &size, copy) < 0) {
			orgcheck_cli_error(cli, "cannot read the index's copy of '%s'", path);
			return -1;
		}
		staged->owned[staged->owned_count++] = data;
		as_path = join_path(corpus->root, path);
		if (as_path == NULL)
			goto nomem;
		staged->owned[staged->owned_count++] = as_path;
		overlay = &staged->overlays[staged->overlay_count++];
		overlay->path = copy;
		overlay->as_path = as_path;
		overlay->data = data;
		overlay->size = size;
	}
	if (staged->overlay_count > 1)
		qsort(staged->overlays, staged->overlay_count, sizeof(*staged->overlays), compare_overlays);
	return 0;

nomem:
	orgcheck_cli_error(cli, "out of memory");
	return -1;
}

/* The whole index written into TMP, its records directory to be checked
 * (what --staged did before it named the files): for a tree whose
 * symbolic links must resolve within the index's files. */
static int write_whole(struct staged *staged, const struct orgcheck_cli *cli, const struct orgcheck_root *corpus,
		       const char *below)
{
	staged->whole = 1;
	if (orgcheck_git_checkout_index(staged->root, sizeof(staged->root), cli, corpus->root, staged->into,
					NULL) < 0)
		return -1;
	if ((size_t)snprintf(staged->records, sizeof(staged->records), "%s%s", staged->root, below) >=
	    sizeof(staged->records)) {
		orgcheck_cli_error(cli, "path too long: '%s%s'", staged->root, below);
		return -1;
	}
	if (below[0] == '\0' && strlen(staged->records) > 1)
		staged->records[strlen(staged->records) - 1] = '\0';  /* no trailing '/' */
	/* Nothing staged under it yet: an empty corpus, not an error. */
	if (!orgcheck_root_is_directory(staged->records) && mkdir(staged->records, 0700) != 0) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	if ((size_t)snprintf(staged->rules, sizeof(staged->rules), "%sorgcheck-rules.xml", staged->root) >=
	    sizeof(staged->rules) || access(staged->rules, F_OK) != 0)
		staged->rules[0] = '\0';
	return 0;
}

/* Sets up the check of what the commit will hold, not the working tree
 * (untracked and unstaged files do not count): the index's files, read
 * from the working tree where it holds the same, else from the index
 * (written into a private temporary directory), and the staged rules
 * file. The staged changes against HEAD (everything staged before the
 * first commit) go into the selection. Returns 0 or -1 (printed). */
static int prepare_staged(struct staged *staged, struct orgcheck_pathset *changed,
			  struct orgcheck_selection *selection, const struct orgcheck_cli *cli,
			  const struct orgcheck_root *corpus)
{
	struct orgcheck_pathset files = { NULL, 0 };
	struct orgcheck_pathset untrusted = { NULL, 0 };
	struct orgcheck_pathset links = { NULL, 0 };
	struct orgcheck_pathset modified = { NULL, 0 };
	const char **differ = NULL;
	size_t differ_count = 0;
	size_t root_length = strlen(corpus->root);
	const char *below = "";
	const char *path = NULL;
	size_t at = 0;
	size_t differing = 0;
	int in_index = 0;
	struct orgcheck_git_run staged_run = { -1, -1 };
	struct orgcheck_git_run worktree_run = { -1, -1 };
	int worktree_started = 0;
	int rc = -1;

	snprintf(staged->tmp, sizeof(staged->tmp), "/tmp/orgcheck-staged-XXXXXX");
	if (mkdtemp(staged->tmp) == NULL) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	staged->made = 1;
	snprintf(staged->list, sizeof(staged->list), "%s/list", staged->tmp);
	snprintf(staged->into, sizeof(staged->into), "%s/index", staged->tmp);
	if (mkdir(staged->into, 0700) != 0) {
		orgcheck_cli_error(cli, "cannot make a temporary directory");
		return -1;
	}
	/* The records directory below the root, as the working tree has it. */
	if (strcmp(corpus->records, corpus->root) != 0) {
		below = "records";
		if (strcmp(corpus->root, ".") == 0)
			below = corpus->records;
		else if (strncmp(corpus->records, corpus->root, root_length) == 0 &&
			 corpus->records[root_length] == '/')
			below = corpus->records + root_length + 1;
	}
	/* The three of git's lists are made side by side: diff-files stats
	 * every file of the working tree, the other two read the whole
	 * index. The first to start says when the root is not in a git
	 * repository. */
	if (orgcheck_git_staged_start(&staged_run, cli, corpus->root) < 0)
		goto done;
	worktree_started = orgcheck_git_worktree_changed_start(&worktree_run, corpus->root) == 0;
	if (orgcheck_git_index_files(&files, &untrusted, &links, cli, corpus->root) < 0 ||
	    orgcheck_git_staged_finish(changed, &staged_run, cli, corpus->root) < 0)
		goto done;
	if (orgcheck_selection_add_pathset(selection, changed) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	for (at = 0; at < links.size && !staged->whole; at += strlen(path) + 1) {
		path = links.data + at;
		staged->whole = strcmp(path, below) == 0 || walked_part(path, below) != NULL ||
				strcmp(path, "orgcheck-rules.xml") == 0;
	}
	if (staged->whole) {
		rc = write_whole(staged, cli, corpus, below);
		goto done;
	}
	if (!worktree_started) {
		orgcheck_cli_error(cli, "git could not compare the working tree with the index");
		goto done;
	}
	if (orgcheck_git_worktree_changed_finish(&modified, &worktree_run, cli) < 0)
		goto done;
	if (sorted_paths(&differ, &differ_count, &modified, &untrusted) < 0 ||
	    write_list(&differing, staged->list, &files, below, differ, differ_count) < 0) {
		orgcheck_cli_error(cli, "cannot write the list of the files to take from the index");
		goto done;
	}
	if (differing > STAGED_MAX_OVERLAYS) {
		rc = write_whole(staged, cli, corpus, below);
		goto done;
	}
	staged->overlays = calloc(differing + 1, sizeof(*staged->overlays));
	staged->owned = calloc(2 * differing + 1, sizeof(*staged->owned));
	if (staged->overlays == NULL || staged->owned == NULL) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	if (differing > 0 && orgcheck_git_checkout_index(staged->root, sizeof(staged->root), cli, corpus->root,
						       staged->into, staged->list) < 0)
		goto done;
	if (name_files(staged, cli, corpus, &files, below, differ, differ_count) < 0)
		goto done;
	/* The rules the commit holds: a rules file not staged does not count. */
	for (at = 0; at < files.size && !in_index; at += strlen(files.data + at) + 1)
		in_index = strcmp(files.data + at, "orgcheck-rules.xml") == 0;
	if (in_index && is_listed(differ, differ_count, "orgcheck-rules.xml"))
		snprintf(staged->rules, sizeof(staged->rules), "%sorgcheck-rules.xml", staged->root);
	else if (in_index && strcmp(corpus->root, ".") == 0)
		snprintf(staged->rules, sizeof(staged->rules), "orgcheck-rules.xml");
	else if (in_index)
		snprintf(staged->rules, sizeof(staged->rules), "%s/orgcheck-rules.xml", corpus->root);
	rc = 0;

done:
	/* A list not wanted after all (an error, or the whole index written
	 * out): its git is waited for. */
	orgcheck_git_run_abandon(&staged_run);
	orgcheck_git_run_abandon(&worktree_run);
	free(differ);
	orgcheck_pathset_release(&files);
	orgcheck_pathset_release(&untrusted);
	orgcheck_pathset_release(&links);
	orgcheck_pathset_release(&modified);
	return rc;
}

/* Makes the findings read as the curator's files: with the whole index
 * checked, TMP/PATH/records/... becomes ROOT/records/... (else they name
 * the real files already). The staged rules file, when read, is named
 * as the curator's with a note. Returns 0 or -1 (printed). */
static int map_staged(struct staged *staged, struct orgcheck_findings *findings, const struct orgcheck_cli *cli,
		      const struct orgcheck_root *corpus, int rules_given, char *rules_used,
		      size_t rules_used_size)
{
	struct orgcheck_error err = { 0 };
	char root[PATH_MAX + 2];

	snprintf(root, sizeof(root), "%s/", corpus->root);
	if (staged->whole &&
	    (orgcheck_findings_strip_prefix(findings, staged->root, &err) < 0 ||
	     (strcmp(corpus->root, ".") != 0 && orgcheck_findings_prefix_paths(findings, root, &err) < 0))) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	if (!rules_given && staged->rules[0] != '\0') {
		if ((size_t)snprintf(staged->shown_rules, sizeof(staged->shown_rules), "%sorgcheck-rules.xml",
				     strcmp(corpus->root, ".") != 0 ? root : "") >= sizeof(staged->shown_rules))
			staged->shown_rules[0] = '\0';
		else if ((size_t)snprintf(rules_used, rules_used_size, "%s (staged)", staged->shown_rules) >=
			 rules_used_size)
			rules_used[0] = '\0';
	}
	return 0;
}

int orgcheck_cmd_check(const struct orgcheck_cli *cli, int argc, char **argv)
{
	struct orgcheck_args args = { 0 };
	struct orgcheck_run_settings run;
	struct orgcheck_emit_settings emit;
	struct orgcheck_check_result result;
	struct orgcheck_report report;
	struct orgcheck_selection selection;
	struct orgcheck_pathset changed = { NULL, 0 };
	struct orgcheck_baseline *baseline = NULL;
	struct orgcheck_error err = { 0 };
	struct orgcheck_root where;
	const char *corpus_dir = NULL;
	const char **owned_paths = NULL;
	char context[2 * PATH_MAX + 128];
	char cache_default[PATH_MAX + 32];
	struct orgcheck_option_list schematrons = { NULL, 0 };
	const char *changed_since = NULL;
	const char *baseline_path = NULL;
	const char *const *paths = NULL;
	size_t path_count = 0;
	const char *cache_dir = NULL;
	const char *cache_env = getenv("ORGCHECK_CACHE_DIR");
	int no_cache = 0;
	int fail_on = ORGCHECK_SEVERITY_ERROR;
	int only = 0;
	int staged_only = 0;
	struct staged staged;
	struct orgcheck_corpus *staged_corpus = NULL;
	int excerpt_on = 0;
	int excerpt_off = 0;
	int focus = 0;
	struct orgcheck_check_focus check_focus;
	char **focus_ids = NULL;
	int has_focus = 0;
	size_t i;
	int quiet = 0;
	char formats[256];
	int status = ORGCHECK_EXIT_ERROR;
	const struct orgcheck_option options[] = {
		ORGCHECK_OPT_CALL('f', "format", "FORMAT", &emit, orgcheck_emit_take_format, formats),
		ORGCHECK_OPT_STRING('o', "output", "FILE", &emit.output_path,
				    "write the report to FILE (atomically) instead of standard output; with "
				    "--format html, DIR/ writes it as pages (DIR/index.html, a page per group of "
				    "findings and per record)"),
		ORGCHECK_OPT_STRING(0, "stylesheet", "FILE", &emit.stylesheet,
				    "render --format html with this XSLT stylesheet instead of the bundled one"),
		ORGCHECK_OPT_STRING(0, "link-template", "TEMPLATE", &emit.link_template,
				    "in --format html, link each location to TEMPLATE with {path} and {line} "
				    "replaced (default: {path}, a link relative to the report)"),
		ORGCHECK_OPT_CALL(0, "color", "WHEN", &emit, orgcheck_emit_take_color,
				  "colour the output: auto (default), always or never"),
		ORGCHECK_OPT_FLAG(0, "excerpt", &excerpt_on,
				  "text: under each finding, its source line with a caret under the column "
				  "(the default on a terminal)"),
		ORGCHECK_OPT_FLAG(0, "no-excerpt", &excerpt_off, "text: no source lines under the findings"),
		ORGCHECK_OPT_FLAG(0, "only", &only,
				  "every PATH, directories too, is a changed record file: check the whole corpus "
				  "but report only findings that touch them (record files named are always so)"),
		ORGCHECK_OPT_STRING(0, "corpus", "DIR", &corpus_dir,
				    "the corpus root (a directory holding records/, or a records directory); "
				    "default: the nearest directory up from here holding orgcheck-rules.xml or records/"),
		ORGCHECK_OPT_STRING(0, "changed-since", "REV", &changed_since,
				    "report only findings that touch record files changed since git revision REV "
				    "(committed, staged, unstaged or untracked)"),
		ORGCHECK_OPT_FLAG(0, "staged", &staged_only,
				  "check what is being committed: the corpus as the git index holds it (a file "
				  "changed since git add is read as staged; untracked and unstaged files do not "
				  "count), reporting the findings that touch the staged changes"),
		ORGCHECK_OPT_STRING(0, "baseline", "FILE", &baseline_path,
				    "report only findings beyond those in the baseline FILE (see 'orgcheck baseline'), "
				    "and the baseline entries that were fixed"),
		ORGCHECK_OPT_LIST(0, "schematron", "FILE", &schematrons,
				  "also run the ISO Schematron schema FILE over every record (may be repeated; "
				  "see 'orgcheck schematron --help')"),
		ORGCHECK_OPT_STRING(0, "rules", "FILE", &run.rules_path,
				    "read the rules configuration from FILE (default: the corpus root's orgcheck-rules.xml "
				    "if present, else the shipped rules/default.xml)"),
		ORGCHECK_OPT_CALL(0, "fail-on", "LEVEL", &fail_on, orgcheck_emit_take_fail_on,
				  "exit 1 for findings at or above LEVEL: error (default), warning, info or none"),
		ORGCHECK_OPT_CALL(0, "today", "DATE", &run, orgcheck_run_take_today,
				  "take DATE (YYYY-MM-DD) as today for the date rules (default: the system date)"),
		ORGCHECK_OPT_STRING(0, "data-dir", "DIR", &run.data_dir_option,
				    "read schemas from DIR/schemas instead of the installed ones"),
		ORGCHECK_OPT_CALL('j', "jobs", "N", &run, orgcheck_run_take_jobs,
				  "use N threads (default: one more than the CPUs); the report is the same for any N"),
		ORGCHECK_OPT_STRING(0, "cache-dir", "DIR", &cache_dir,
				    "keep the cache of the per-file work in DIR (default: $ORGCHECK_CACHE_DIR, "
				    "else .orgcheck-cache in the corpus root); only files under the corpus root "
				    "are cached"),
		ORGCHECK_OPT_FLAG(0, "no-cache", &no_cache,
				  "neither read nor write the cache; the report is the same either way"),
		ORGCHECK_OPT_FLAG(0, "timings", &run.timings,
				  "print how long each stage of the check took (seconds) on standard error"),
		ORGCHECK_OPT_FLAG('q', "quiet", &quiet,
				  "do not print the summary line (nor, on a terminal, the progress) on standard error"),
		ORGCHECK_OPT_HELP,
		ORGCHECK_OPT_END
	};

	memset(&run, 0, sizeof(run));
	memset(&emit, 0, sizeof(emit));
	memset(&result, 0, sizeof(result));
	memset(&staged, 0, sizeof(staged));
	orgcheck_selection_init(&selection);
	memset(&check_focus, 0, sizeof(check_focus));
	orgcheck_emit_format_names(formats, sizeof(formats), "", "text");
	if (orgcheck_args_run(&args, &status, cli, options, argc, argv, "check", print_help) < 0)
		goto done;
	emit.quiet = quiet;
	emit.excerpt = excerpt_off ? 2 : excerpt_on ? 1 : 0;
	run.quiet = quiet;
	run.schematron_paths = schematrons.values;
	run.schematron_path_count = schematrons.count;
	if (cache_dir != NULL && cache_dir[0] == '\0') {
		orgcheck_cli_error(cli, "--cache-dir needs a directory");
		goto done;
	}
	if (only && changed_since != NULL) {
		orgcheck_cli_error(cli, "--only and --changed-since cannot be combined");
		goto done;
	}
	if (staged_only && (only || changed_since != NULL || args.operand_count > 0)) {
		orgcheck_cli_error(cli, "--staged checks the whole corpus as staged: it takes no PATH, --only "
				   "or --changed-since");
		goto done;
	}
	if (orgcheck_selection_find_corpus(&where, cli, corpus_dir, &args) < 0)
		goto done;
	run.corpus_rules = where.rules;
	if (staged_only && !where.found) {
		orgcheck_cli_error(cli, "--staged: no corpus root here (a directory holding orgcheck-rules.xml "
				   "or records/); use --corpus DIR");
		goto done;
	}
	/* The cache lives in the corpus root unless told otherwise. */
	if (cache_dir == NULL && cache_env != NULL && cache_env[0] != '\0')
		cache_dir = cache_env;
	if (cache_dir == NULL && where.found && strcmp(where.root, ".") != 0) {
		snprintf(cache_default, sizeof(cache_default), "%s/.orgcheck-cache", where.root);
		cache_dir = cache_default;
	}
	if (cache_dir == NULL)
		cache_dir = ".orgcheck-cache";
	run.cache_dir = no_cache ? NULL : cache_dir;
	run.cache_root = where.found ? where.root : NULL;
	if (only && args.operand_count == 0) {
		orgcheck_cli_error(cli, "--only needs the changed record files as PATH arguments");
		goto done;
	}
	if (orgcheck_selection_choose_paths(&owned_paths, &path_count, &selection, &focus, &where, &args, only) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	paths = owned_paths;
	if (staged_only) {
		if (prepare_staged(&staged, &changed, &selection, cli, &where) < 0)
			goto done;
		if (staged.whole) {
			owned_paths[0] = staged.records;
			path_count = 1;
		} else {
			paths = (const char *const *)staged.paths;
			path_count = staged.path_count;
			run.overlays = staged.overlays;
			run.overlay_count = staged.overlay_count;
			/* The index's paths, each once: regular files (a
			 * file the working tree has otherwise is an overlay). */
			run.paths_are_files = 1;
		}
		run.corpus_rules = staged.rules;
		focus = 1;
		/* The cache covers the root as always: the working tree's files
		 * named are answered by their stat, the index's copies in TMP
		 * are outside it (and overlays are never cached), so a run
		 * leaves the working tree's entries as they were. */
	}
	if (changed_since != NULL) {
		if (orgcheck_git_changed_since(&changed, cli, changed_since, where.found ? where.root : ".") < 0)
			goto done;
		if (orgcheck_selection_add_pathset(&selection, &changed) < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
	}
	if (baseline_path != NULL && orgcheck_baseline_load(&baseline, baseline_path, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (focus || changed_since != NULL) {
		/* Only these findings are reported: the rules may skip the rest. */
		has_focus = orgcheck_selection_focus(&check_focus, &focus_ids, &selection);
		if (has_focus < 0) {
			orgcheck_cli_error(cli, "out of memory");
			goto done;
		}
		if (has_focus)
			run.focus = &check_focus;
	}
	if (orgcheck_run_prepare(&run, cli) < 0)
		goto done;
	if (orgcheck_run_check(&result, &run, cli, paths, path_count) < 0)
		goto done;
	/* The fixes orgcheck knows go with their findings into the formats
	 * that carry them (json, sarif, xml, html); not with --staged, where
	 * a file's bytes may be the index's, not the working tree's. */
	if (!staged_only && orgcheck_fixes_compute(&result, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if (staged_only) {
		if (map_staged(&staged, &result.findings, cli, &where, run.rules_path != NULL, run.rules_used,
			       sizeof(run.rules_used)) < 0)
			goto done;
		/* No records section: some records' bytes may be the index's,
		 * not those of the file they are named by. */
		staged_corpus = result.corpus;
		result.corpus = NULL;
	}
	if (baseline != NULL && orgcheck_baseline_apply(baseline, &result.findings, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		goto done;
	}
	if ((staged_only || changed_since != NULL) &&
	    explain_unmatched(&result.findings, &selection, staged_only) < 0) {
		orgcheck_cli_error(cli, "out of memory");
		goto done;
	}
	if (focus || changed_since != NULL)
		orgcheck_selection_filter(&selection, &result.findings);
	orgcheck_root_describe(context, sizeof(context), &where, run.rules_used);
	emit.context = context;

	memset(&report, 0, sizeof(report));
	report.result = &result;
	report.config = run.config;
	report.rules_file = run.config ? orgcheck_config_path(run.config) : NULL;
	if (staged.shown_rules[0] != '\0')
		report.rules_file = staged.shown_rules;
	report.today = run.today;
	report.fail_on = fail_on;
	report.failed = orgcheck_emit_failed(&result.findings, fail_on, 0);
	if (orgcheck_emit(cli, &emit, &report, run.data_dir) < 0)
		goto done;
	status = report.failed ? ORGCHECK_EXIT_FINDINGS : ORGCHECK_EXIT_OK;

done:
	if (staged_corpus != NULL)
		result.corpus = staged_corpus;
	orgcheck_check_result_release(&result);
	staged_release(&staged);
	orgcheck_baseline_free(baseline);
	for (i = 0; focus_ids != NULL && i < selection.count; i++)
		free(focus_ids[i]);
	free(focus_ids);
	orgcheck_selection_release(&selection);
	orgcheck_pathset_release(&changed);
	free(owned_paths);
	orgcheck_run_release(&run);
	orgcheck_option_list_release(&schematrons);
	orgcheck_args_release(&args);
	return status;
}
