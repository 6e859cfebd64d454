#include <orgcheck/config.h>

#include <errno.h>
#include <regex.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/tree.h>

#include <orgcheck/parse.h>
#include <orgcheck/schema.h>
#include "model/corpus.h"
#include "rules/rules.h"

#define CONFIG_NS "urn:orgcheck:rules:1"

struct rule_setting {
	const struct orgcheck_rule *rule;
	int seen;      /* listed in the file: a second entry is an error */
	int enabled;
	int has_severity;
	enum orgcheck_severity severity;
};

struct exception {
	char *rule;
	char *record;
	unsigned long line;
	unsigned long column;
};

/* An <external> entry: ids of records outside the corpus. */
struct external {
	regex_t pattern;
	int has_pattern;
	char *pattern_text;  /* as written: what the digest hashes */
	char **ids;        /* of the list file, sorted for bsearch */
	size_t id_count;
	enum orgcheck_config_external report;
};

struct orgcheck_config {
	char *path;
	struct external *externals;
	size_t external_count;
	struct orgcheck_config_schematron *schematrons;
	size_t schematron_count;
	struct rule_setting *settings;   /* one per catalogue rule, same order */
	size_t setting_count;
	struct exception *exceptions;
	size_t exception_count;
};

int orgcheck_config_new(struct orgcheck_config **out, struct orgcheck_error *err)
{
	struct orgcheck_config *config = NULL;
	size_t count = 0;
	size_t i;

	*out = NULL;
	count = orgcheck_catalog_count();
	config = calloc(1, sizeof(*config));
	if (config == NULL)
		return orgcheck_error_nomem(err);
	config->settings = calloc(count, sizeof(*config->settings));
	if (config->settings == NULL) {
		free(config);
		return orgcheck_error_nomem(err);
	}
	config->setting_count = count;
	for (i = 0; i < count; i++) {
		config->settings[i].rule = orgcheck_catalog_rule(i);
		config->settings[i].enabled = 1;
	}
	*out = config;
	return 0;
}

void orgcheck_config_free(struct orgcheck_config *config)
{
	size_t i;

	if (config == NULL)
		return;
	for (i = 0; i < config->exception_count; i++) {
		free(config->exceptions[i].rule);
		free(config->exceptions[i].record);
	}
	free(config->exceptions);
	for (i = 0; i < config->external_count; i++) {
		size_t k;

		if (config->externals[i].has_pattern)
			regfree(&config->externals[i].pattern);
		free(config->externals[i].pattern_text);
		for (k = 0; k < config->externals[i].id_count; k++)
			free(config->externals[i].ids[k]);
		free(config->externals[i].ids);
	}
	free(config->externals);
	for (i = 0; i < config->schematron_count; i++) {
		free(config->schematrons[i].path);
		free(config->schematrons[i].phase);
	}
	free(config->schematrons);
	free(config->settings);
	free(config->path);
	free(config);
}

const char *orgcheck_config_path(const struct orgcheck_config *config)
{
	return config->path;
}

static struct rule_setting *find_setting(const struct orgcheck_config *config, const char *id)
{
	size_t i;

	for (i = 0; i < config->setting_count; i++) {
		if (strcmp(config->settings[i].rule->id, id) == 0)
			return &config->settings[i];
	}
	return NULL;
}

int orgcheck_config_enabled(const struct orgcheck_config *config, const struct orgcheck_rule *rule)
{
	const struct rule_setting *setting = config ? find_setting(config, rule->id) : NULL;

	return setting ? setting->enabled : 1;
}

enum orgcheck_severity orgcheck_config_severity(const struct orgcheck_config *config,
						const struct orgcheck_rule *rule)
{
	const struct rule_setting *setting = config ? find_setting(config, rule->id) : NULL;

	return setting && setting->has_severity ? setting->severity : rule->severity;
}

static const char *attribute(const xmlNode *node, const char *name)
{
	const xmlAttr *attr = NULL;

	for (attr = node->properties; attr != NULL; attr = attr->next) {
		if (attr->ns == NULL && xmlStrEqual(attr->name, (const xmlChar *)name) &&
		    attr->children != NULL)
			return (const char *)attr->children->content;
	}
	return NULL;
}

static int is_xml_space(xmlChar c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Collapses the white space of every attribute of the elements from node
 * on, as the validator did: every type the schema gives an attribute
 * (xs:token, xs:boolean, xs:anyURI) collapses it, so ' false ' is valid
 * and means false. Returns 0 or -1 when out of memory. */
static int collapse_attributes(xmlNode *node)
{
	xmlAttr *attr = NULL;
	xmlNode *text = NULL;
	xmlChar *value = NULL;
	const xmlChar *p = NULL;
	size_t at = 0;

	for (; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		for (attr = node->properties; attr != NULL; attr = attr->next) {
			text = attr->children;
			if (text == NULL || text->type != XML_TEXT_NODE || text->content == NULL)
				continue;
			value = xmlStrdup(text->content);
			if (value == NULL)
				return -1;
			at = 0;
			for (p = text->content; *p != '\0'; p++) {
				if (!is_xml_space(*p))
					value[at++] = *p;
				else if (at > 0 && !is_xml_space(p[1]) && p[1] != '\0')
					value[at++] = ' ';
			}
			value[at] = '\0';
			/* The text node's own setter: no entity parsing, and the
			 * old content may belong to the dictionary. */
			if (!xmlStrEqual(value, text->content))
				xmlNodeSetContent(text, value);
			xmlFree(value);
		}
	}
	return 0;
}

/* The first finding of a failed read, as "path:line:column: message". */
static int config_error_from(struct orgcheck_error *err, const struct orgcheck_findings *findings,
			     const char *path)
{
	const struct orgcheck_finding *f = findings->count ? &findings->items[0] : NULL;

	if (f == NULL)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s: invalid rules configuration", path);
	if (f->primary.line > 0)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: %s", path, f->primary.line,
					  f->primary.column, f->message);
	return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s: %s", path, f->message);
}

/* The catalogue rule a curator meant by an unknown rule value: one whose
 * name it is (id="one-sided-link"), or whose id or name it misspells
 * (OC12O, one-sided-lnk) by at most a third of its letters. NULL when
 * none is that close. */
static const struct orgcheck_rule *meant_rule(const char *value)
{
	const struct orgcheck_rule *rule = NULL;
	const struct orgcheck_rule *best = NULL;
	char upper[16];
	size_t length = strlen(value);
	size_t limit = length / 3 > 0 ? length / 3 : 1;
	size_t best_distance = limit + 1;
	size_t distance = 0;
	size_t i;

	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) {
		if (rule->name != NULL && strcmp(rule->name, value) == 0)
			return rule;
	}
	/* Ids are upper case: "oc120" is OC120 written small. */
	for (i = 0; i < length && i + 1 < sizeof(upper); i++)
		upper[i] = (char)(value[i] >= 'a' && value[i] <= 'z' ? value[i] - 'a' + 'A' : value[i]);
	upper[i] = '\0';
	for (i = 0; (rule = orgcheck_catalog_rule(i)) != NULL; i++) {
		distance = orgcheck_rule_edit_distance(upper, rule->id, limit);
		if (distance < best_distance) {
			best_distance = distance;
			best = rule;
		}
		if (rule->name == NULL)
			continue;
		distance = orgcheck_rule_edit_distance(value, rule->name, limit);
		if (distance < best_distance) {
			best_distance = distance;
			best = rule;
		}
	}
	return best;
}

/* "path:line:column: unknown rule 'X'; did you mean OC120 (one-sided-link)?",
 * or "...; see 'orgcheck rules'" when nothing is close. */
static int unknown_rule(struct orgcheck_error *err, const char *path, unsigned long line, unsigned long column,
			const char *value)
{
	const struct orgcheck_rule *meant = meant_rule(value);

	if (meant != NULL)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG,
					  "%s:%lu:%lu: unknown rule '%.100s'; did you mean %s (%s)?", path, line,
					  column, value, meant->id, meant->name ? meant->name : meant->id);
	return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: unknown rule '%.100s'; see 'orgcheck rules'",
				  path, line, column, value);
}

/* Before the schema, which would only say that "one-sided-link" is not
 * a rule id: a rule named by something not in the catalogue but near a
 * rule's id or name is reported with the rule it probably means. Exceptions may also name a
 * Schematron assertion's id when a schema is configured. */
static int check_rule_names(const xmlNode *root, const char *path, struct orgcheck_error *err)
{
	const xmlNode *node = NULL;
	const char *value = NULL;
	unsigned long line = 0;
	unsigned long column = 0;
	int schematrons = 0;

	for (node = root->children; node != NULL; node = node->next) {
		if (node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, (const xmlChar *)"schematron"))
			schematrons = 1;
	}
	for (node = root->children; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE || node->ns == NULL ||
		    !xmlStrEqual(node->ns->href, (const xmlChar *)CONFIG_NS))
			continue;
		if (xmlStrEqual(node->name, (const xmlChar *)"rule"))
			value = attribute(node, "id");
		else if (xmlStrEqual(node->name, (const xmlChar *)"exception") && !schematrons)
			value = attribute(node, "rule");
		else
			continue;
		/* Nothing close: the schema's words for a rule id say more. */
		if (value == NULL || value[0] == '\0' || orgcheck_catalog_find(value) != NULL ||
		    meant_rule(value) == NULL)
			continue;
		orgcheck_parse_node_position(&line, &column, node);
		return unknown_rule(err, path, line, column, value);
	}
	return 0;
}

static int read_rule(struct orgcheck_config *config, const xmlNode *node, const char *path,
		     struct orgcheck_error *err)
{
	const char *id = attribute(node, "id");
	const char *enabled = attribute(node, "enabled");
	const char *severity = attribute(node, "severity");
	struct rule_setting *setting = find_setting(config, id ? id : "");
	unsigned long line = 0;
	unsigned long column = 0;

	orgcheck_parse_node_position(&line, &column, node);
	if (setting == NULL)
		return unknown_rule(err, path, line, column, id ? id : "");
	if (setting->seen)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: rule %s is set twice",
					  path, line, column, id);
	setting->seen = 1;
	if (enabled != NULL && (strcmp(enabled, "false") == 0 || strcmp(enabled, "0") == 0))
		setting->enabled = 0;
	if (severity != NULL) {
		setting->has_severity = 1;
		(void)orgcheck_severity_parse(&setting->severity, severity);
	}
	return 0;
}

static int read_exception(struct orgcheck_config *config, const xmlNode *node, const char *path,
			  struct orgcheck_error *err)
{
	const char *rule = attribute(node, "rule");
	const char *record = attribute(node, "record");
	struct exception *grown = NULL;
	struct exception *exception = NULL;
	unsigned long line = 0;
	unsigned long column = 0;

	orgcheck_parse_node_position(&line, &column, node);
	/* With Schematron schemas configured, an id outside the catalogue may
	 * be an assertion's; one that matches nothing is reported (OC190). */
	if (rule == NULL || (orgcheck_catalog_find(rule) == NULL && config->schematron_count == 0))
		return unknown_rule(err, path, line, column, rule ? rule : "");
	grown = realloc(config->exceptions, (config->exception_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return orgcheck_error_nomem(err);
	config->exceptions = grown;
	exception = &config->exceptions[config->exception_count];
	memset(exception, 0, sizeof(*exception));
	exception->rule = strdup(rule);
	exception->record = strdup(record ? record : "");
	exception->line = line;
	exception->column = column;
	config->exception_count++;
	if (exception->rule == NULL || exception->record == NULL)
		return orgcheck_error_nomem(err);
	return 0;
}

/* A <schematron href="..."/>: href is relative to the configuration. */
static int read_schematron(struct orgcheck_config *config, const xmlNode *node, const char *path,
			   struct orgcheck_error *err)
{
	const char *href = attribute(node, "href");
	const char *phase = attribute(node, "phase");
	const char *severity = attribute(node, "severity");
	const char *slash = strrchr(path, '/');
	struct orgcheck_config_schematron *grown = NULL;
	struct orgcheck_config_schematron *entry = NULL;
	size_t dir_length = slash ? (size_t)(slash - path) + 1 : 0;

	grown = realloc(config->schematrons, (config->schematron_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return orgcheck_error_nomem(err);
	config->schematrons = grown;
	entry = &grown[config->schematron_count++];
	memset(entry, 0, sizeof(*entry));
	entry->severity = ORGCHECK_SEVERITY_WARNING;
	if (severity != NULL)
		(void)orgcheck_severity_parse(&entry->severity, severity);
	orgcheck_parse_node_position(&entry->line, &entry->column, node);
	if (href == NULL)
		href = "";
	entry->path = malloc(dir_length + strlen(href) + 1);
	if (entry->path == NULL)
		return orgcheck_error_nomem(err);
	if (href[0] == '/')
		dir_length = 0;
	memcpy(entry->path, path, dir_length);
	strcpy(entry->path + dir_length, href);
	if (phase != NULL) {
		entry->phase = strdup(phase);
		if (entry->phase == NULL)
			return orgcheck_error_nomem(err);
	}
	return 0;
}

static int compare_ids(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Reads the ids of file (one a line, '#' comments) into entry. */
static int read_id_list(struct external *entry, const char *file, const char *path, unsigned long line,
			unsigned long column, struct orgcheck_error *err)
{
	FILE *in = fopen(file, "r");
	char buf[1024];
	char *start = NULL;
	char *end = NULL;
	char **grown = NULL;
	size_t capacity = 0;
	int rc = 0;

	if (in == NULL)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: cannot read the list of external ids '%s': %s",
					  path, line, column, file, strerror(errno));
	while (fgets(buf, sizeof(buf), in) != NULL) {
		start = buf;
		while (*start == ' ' || *start == '\t')
			start++;
		end = start + strlen(start);
		while (end > start && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			end--;
		*end = '\0';
		if (*start == '\0' || *start == '#')
			continue;
		if (entry->id_count == capacity) {
			capacity = capacity ? 2 * capacity : 64;
			grown = realloc(entry->ids, capacity * sizeof(*grown));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(err);
				goto done;
			}
			entry->ids = grown;
		}
		entry->ids[entry->id_count] = strdup(start);
		if (entry->ids[entry->id_count] == NULL) {
			rc = orgcheck_error_nomem(err);
			goto done;
		}
		entry->id_count++;
	}
	if (ferror(in))
		rc = orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: cannot read the list of external ids '%s'",
					path, line, column, file);
	if (entry->id_count > 1)
		qsort(entry->ids, entry->id_count, sizeof(*entry->ids), compare_ids);

done:
	fclose(in);
	return rc;
}

/* An <external ids="REGEX" list="FILE" report="info|none"/>: list is
 * relative to the configuration. The pattern is POSIX ERE (regcomp),
 * whose matching time is bounded by the lengths, unlike backtracking
 * engines. */
static int read_external(struct orgcheck_config *config, const xmlNode *node, const char *path,
			 struct orgcheck_error *err)
{
	const char *ids = attribute(node, "ids");
	const char *list = attribute(node, "list");
	const char *report = attribute(node, "report");
	const char *slash = strrchr(path, '/');
	size_t dir_length = slash ? (size_t)(slash - path) + 1 : 0;
	struct external *grown = NULL;
	struct external *entry = NULL;
	unsigned long line = 0;
	unsigned long column = 0;
	char *file = NULL;
	char message[256];
	int code = 0;
	int rc = 0;

	orgcheck_parse_node_position(&line, &column, node);
	if (ids == NULL && list == NULL)
		return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: <external> needs ids or list",
					  path, line, column);
	grown = realloc(config->externals, (config->external_count + 1) * sizeof(*grown));
	if (grown == NULL)
		return orgcheck_error_nomem(err);
	config->externals = grown;
	entry = &grown[config->external_count++];
	memset(entry, 0, sizeof(*entry));
	entry->report = report != NULL && strcmp(report, "none") == 0 ? ORGCHECK_CONFIG_EXTERNAL_SILENT
								       : ORGCHECK_CONFIG_EXTERNAL_INFO;
	if (ids != NULL) {
		code = regcomp(&entry->pattern, ids, REG_EXTENDED | REG_NOSUB);
		if (code != 0) {
			regerror(code, &entry->pattern, message, sizeof(message));
			return orgcheck_error_set(err, ORGCHECK_ECONFIG, "%s:%lu:%lu: bad pattern '%s': %s",
						  path, line, column, ids, message);
		}
		entry->has_pattern = 1;
		entry->pattern_text = strdup(ids);
		if (entry->pattern_text == NULL)
			return orgcheck_error_nomem(err);
	}
	if (list != NULL) {
		if (list[0] == '/')
			dir_length = 0;
		file = malloc(dir_length + strlen(list) + 1);
		if (file == NULL)
			return orgcheck_error_nomem(err);
		memcpy(file, path, dir_length);
		strcpy(file + dir_length, list);
		rc = read_id_list(entry, file, path, line, column, err);
		free(file);
	}
	return rc;
}

enum orgcheck_config_external orgcheck_config_external(const struct orgcheck_config *config, const char *id)
{
	const struct external *entry = NULL;
	size_t i;

	if (config == NULL || id == NULL)
		return ORGCHECK_CONFIG_EXTERNAL_NO;
	for (i = 0; i < config->external_count; i++) {
		entry = &config->externals[i];
		if (entry->has_pattern && regexec(&entry->pattern, id, 0, NULL, 0) == 0)
			return entry->report;
		if (entry->id_count > 0 &&
		    bsearch(&id, entry->ids, entry->id_count, sizeof(*entry->ids), compare_ids) != NULL)
			return entry->report;
	}
	return ORGCHECK_CONFIG_EXTERNAL_NO;
}

size_t orgcheck_config_schematron_count(const struct orgcheck_config *config)
{
	return config ? config->schematron_count : 0;
}

const struct orgcheck_config_schematron *orgcheck_config_schematron(const struct orgcheck_config *config,
								    size_t index)
{
	return &config->schematrons[index];
}

int orgcheck_config_load(struct orgcheck_config **out, const char *path, const char *schema_dir,
			 struct orgcheck_error *err)
{
	struct orgcheck_config *config = NULL;
	struct orgcheck_findings problems;
	xmlDocPtr doc = NULL;
	const xmlNode *root = NULL;
	const xmlNode *node = NULL;
	char xsd[4096];
	int valid = 0;
	int rc = 0;

	*out = NULL;
	orgcheck_findings_init(&problems);
	rc = orgcheck_config_new(&config, err);
	if (rc < 0)
		goto done;
	config->path = strdup(path);
	if (config->path == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = orgcheck_parse_file(&doc, &problems, path, err);
	if (rc < 0)
		goto done;
	if (doc == NULL) {
		rc = config_error_from(err, &problems, path);
		goto done;
	}
	root = xmlDocGetRootElement(doc);
	if (root == NULL || !xmlStrEqual(root->name, (const xmlChar *)"rules") || root->ns == NULL ||
	    !xmlStrEqual(root->ns->href, (const xmlChar *)CONFIG_NS)) {
		rc = orgcheck_error_set(err, ORGCHECK_ECONFIG,
					"%s: not a rules configuration (expected <rules xmlns=\"%s\">)",
					path, CONFIG_NS);
		goto done;
	}
	/* As the validator sees them (every attribute's type collapses white
	 * space), and as they are read below. */
	if (collapse_attributes(root->children) < 0) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	rc = check_rule_names(root, path, err);
	if (rc < 0)
		goto done;
	if (snprintf(xsd, sizeof(xsd), "%s/rules.xsd", schema_dir) >= (int)sizeof(xsd)) {
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "schema directory name too long");
		goto done;
	}
	rc = orgcheck_schema_validate_file(&valid, &problems, xsd, doc, path, err);
	if (rc < 0)
		goto done;
	if (!valid) {
		rc = config_error_from(err, &problems, path);
		goto done;
	}
	for (node = root->children; node != NULL; node = node->next) {
		if (node->type != XML_ELEMENT_NODE)
			continue;
		if (xmlStrEqual(node->name, (const xmlChar *)"rule"))
			rc = read_rule(config, node, path, err);
		else if (xmlStrEqual(node->name, (const xmlChar *)"external"))
			rc = read_external(config, node, path, err);
		else if (xmlStrEqual(node->name, (const xmlChar *)"schematron"))
			rc = read_schematron(config, node, path, err);
		else if (xmlStrEqual(node->name, (const xmlChar *)"exception"))
			rc = read_exception(config, node, path, err);
		if (rc < 0)
			goto done;
	}
	*out = config;
	config = NULL;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	orgcheck_findings_release(&problems);
	orgcheck_config_free(config);
	return rc;
}

/* The index of the exception covering rule on record, or SIZE_MAX. */
static size_t find_exception(const struct orgcheck_config *config, const char *rule, const char *record)
{
	size_t i;

	if (record == NULL)
		return SIZE_MAX;
	for (i = 0; i < config->exception_count; i++) {
		if (strcmp(config->exceptions[i].rule, rule) == 0 &&
		    strcmp(config->exceptions[i].record, record) == 0)
			return i;
	}
	return SIZE_MAX;
}

/* One application of the configuration: the matches of each exception
 * are counted here, not in the configuration, so that one configuration
 * serves any number of runs (diff checks both sides with it) and an
 * exception one run used is still reported unused by the next. */
struct apply_run {
	const struct orgcheck_config *config;
	size_t *matched;  /* per exception */
};

/* Decides the fate of one finding: dropped when its rule is off or an
 * exception covers it, else given the configured severity. */
static int keep_finding(void *data, struct orgcheck_finding *finding)
{
	struct apply_run *run = data;
	size_t exception = find_exception(run->config, orgcheck_finding_rule_id(finding),
					  finding->primary.record);

	if (exception != SIZE_MAX) {
		run->matched[exception]++;
		return 0;
	}
	if (!orgcheck_config_enabled(run->config, finding->rule))
		return 0;
	/* A Schematron assertion's severity comes from its role. */
	if (finding->rule_id == NULL)
		finding->severity = orgcheck_config_severity(run->config, finding->rule);
	return 1;
}

/* Whether some record of the corpus, or some finding (a record that
 * cannot be read still has its id), is record. */
static int record_exists(const struct orgcheck_corpus *corpus, const struct orgcheck_findings *findings,
			 const char *record)
{
	size_t i;

	if (orgcheck_corpus_find(corpus, record) != NULL)
		return 1;
	for (i = 0; i < findings->count; i++) {
		if (findings->items[i].primary.record != NULL &&
		    strcmp(findings->items[i].primary.record, record) == 0)
			return 1;
	}
	return 0;
}

/* The id of the corpus nearest to record, at most a third of its letters
 * off, or NULL. Borrowed from the corpus. */
static const char *meant_record(const struct orgcheck_corpus *corpus, const char *record)
{
	size_t length = strlen(record);
	size_t limit = length / 3 > 0 ? length / 3 : 1;
	size_t best_distance = limit + 1;
	size_t distance = 0;
	const char *best = NULL;
	size_t i;

	for (i = 0; i < corpus->count; i++) {
		if (corpus->records[i].id == NULL)
			continue;
		distance = orgcheck_rule_edit_distance(record, corpus->records[i].id, limit);
		/* Equally near ids: the first by path, so the report is stable. */
		if (distance < best_distance) {
			best_distance = distance;
			best = corpus->records[i].id;
		}
	}
	return best;
}

/* OC190 for an exception that matched nothing: when its record is none
 * of the corpus, that is why, and the nearest id is probably meant. */
static int report_unused(const struct orgcheck_config *config, struct orgcheck_findings *findings,
			 const struct orgcheck_corpus *corpus, const struct exception *exception,
			 struct orgcheck_error *err)
{
	const struct orgcheck_rule *rule = NULL;
	const char *meant = NULL;

	/* With Schematron schemas an unknown rule was let through as maybe an
	 * assertion's id; matching nothing, it was probably a catalogue
	 * rule's misspelling. */
	if (orgcheck_catalog_find(exception->rule) == NULL && (rule = meant_rule(exception->rule)) != NULL)
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNUSED_EXCEPTION, config->path,
					     exception->line, exception->column,
					     "exception for %s on record '%s' matched no finding; '%s' is no rule of "
					     "the catalogue: did you mean %s (%s)?",
					     exception->rule, exception->record, exception->rule, rule->id,
					     rule->name ? rule->name : rule->id);
	if (corpus == NULL || exception->record[0] == '\0' || record_exists(corpus, findings, exception->record))
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNUSED_EXCEPTION, config->path,
					     exception->line, exception->column,
					     "exception for %s on record '%s' matched no finding; remove it",
					     exception->rule, exception->record);
	meant = meant_record(corpus, exception->record);
	if (meant != NULL)
		return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNUSED_EXCEPTION, config->path,
					     exception->line, exception->column,
					     "exception for %s names no record '%s'; did you mean '%s'?",
					     exception->rule, exception->record, meant);
	return orgcheck_findings_add(findings, err, ORGCHECK_RULE_UNUSED_EXCEPTION, config->path,
				     exception->line, exception->column,
				     "exception for %s names no record '%s' of the corpus; correct or remove it",
				     exception->rule, exception->record);
}

int orgcheck_config_apply(const struct orgcheck_config *config, struct orgcheck_findings *findings,
			  const struct orgcheck_corpus *corpus, struct orgcheck_error *err)
{
	const struct orgcheck_rule *unused = orgcheck_catalog_find(ORGCHECK_RULE_UNUSED_EXCEPTION);
	const struct exception *exception = NULL;
	struct apply_run run = { config, NULL };
	size_t i;
	int rc = 0;

	/* One more, so that no exceptions is not a NULL from calloc. */
	run.matched = calloc(config->exception_count + 1, sizeof(*run.matched));
	if (run.matched == NULL)
		return orgcheck_error_nomem(err);
	orgcheck_findings_retain(findings, keep_finding, &run);
	if (!orgcheck_config_enabled(config, unused))
		goto done;
	for (i = 0; i < config->exception_count; i++) {
		exception = &config->exceptions[i];
		if (run.matched[i] > 0)
			continue;
		rc = report_unused(config, findings, corpus, exception, err);
		if (rc < 0)
			goto done;
		findings->items[findings->count - 1].severity = orgcheck_config_severity(config, unused);
	}

done:
	free(run.matched);
	return rc;
}

/* FNV-1a, 64 bits, over length-prefixed parts. */
static uint64_t digest_bytes(uint64_t h, const void *data, size_t size)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i < sizeof(size); i++) {
		h ^= (unsigned char)(size >> (8 * i));
		h *= 0x100000001b3u;
	}
	for (i = 0; i < size; i++) {
		h ^= p[i];
		h *= 0x100000001b3u;
	}
	return h;
}

static uint64_t digest_text(uint64_t h, const char *text)
{
	return text != NULL ? digest_bytes(h, text, strlen(text) + 1) : digest_bytes(h, "", 0);
}

uint64_t orgcheck_config_rules_digest(const struct orgcheck_config *config)
{
	uint64_t h = 0xcbf29ce484222325u;
	unsigned values[3];
	size_t i;
	size_t k;

	if (config == NULL)
		return h;
	for (i = 0; i < config->setting_count; i++) {
		values[0] = (unsigned)config->settings[i].enabled;
		values[1] = (unsigned)config->settings[i].has_severity;
		values[2] = (unsigned)config->settings[i].severity;
		h = digest_text(h, config->settings[i].rule ? config->settings[i].rule->id : "");
		h = digest_bytes(h, values, sizeof(values));
	}
	for (i = 0; i < config->external_count; i++) {
		values[0] = (unsigned)config->externals[i].report;
		h = digest_bytes(h, values, sizeof(values[0]));
		h = digest_text(h, config->externals[i].has_pattern ? config->externals[i].pattern_text : NULL);
		for (k = 0; k < config->externals[i].id_count; k++)
			h = digest_text(h, config->externals[i].ids[k]);
	}
	return h;
}
