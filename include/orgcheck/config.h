/* The rules configuration: which rules run, at which severity, and which
 * findings curators have accepted (exceptions, like Wikidata's constraint
 * exceptions). Read from an XML file validated by schemas/rules.xsd. */
#ifndef ORGCHECK_CONFIG_H
#define ORGCHECK_CONFIG_H

#include <stdint.h>

#include <orgcheck/catalog.h>
#include <orgcheck/error.h>
#include <orgcheck/findings.h>

struct orgcheck_config;
struct orgcheck_corpus;

/* A configuration with every rule on at its default severity. */
int orgcheck_config_new(struct orgcheck_config **out, struct orgcheck_error *err);

/* Reads the configuration at path, validating it against
 * schema_dir/rules.xsd. A file that cannot be read, is not well-formed,
 * breaks the schema, names an unknown rule or sets a rule twice is
 * ORGCHECK_ECONFIG with "path:line:column: message" in err. The caller
 * frees *out with orgcheck_config_free. */
int orgcheck_config_load(struct orgcheck_config **out, const char *path, const char *schema_dir,
			 struct orgcheck_error *err);

void orgcheck_config_free(struct orgcheck_config *config);

/* The file the configuration was read from, or NULL for the built-in one. */
const char *orgcheck_config_path(const struct orgcheck_config *config);

/* A Schematron schema the configuration runs over the corpus. */
struct orgcheck_config_schematron {
	char *path;       /* href, resolved against the configuration's directory */
	char *phase;      /* NULL: the schema's default phase */
	enum orgcheck_severity severity;  /* for assertions whose role names none */
	unsigned long line;   /* of the entry in the configuration */
	unsigned long column;
};

/* The schematron entries, in order (none for the built-in configuration). */
size_t orgcheck_config_schematron_count(const struct orgcheck_config *config);
const struct orgcheck_config_schematron *orgcheck_config_schematron(const struct orgcheck_config *config,
								    size_t index);

/* Whether rule runs. */
int orgcheck_config_enabled(const struct orgcheck_config *config, const struct orgcheck_rule *rule);

/* The severity rule's findings get. */
enum orgcheck_severity orgcheck_config_severity(const struct orgcheck_config *config,
						const struct orgcheck_rule *rule);

/* What the configuration says of a reference to id that matches no
 * record of the corpus (its <external> entries): not external (an
 * unresolved reference, OC110), external and reported as such (OC115,
 * info), or external and not reported. NULL config: not external. */
enum orgcheck_config_external {
	ORGCHECK_CONFIG_EXTERNAL_NO = 0,
	ORGCHECK_CONFIG_EXTERNAL_INFO,
	ORGCHECK_CONFIG_EXTERNAL_SILENT
};

enum orgcheck_config_external orgcheck_config_external(const struct orgcheck_config *config, const char *id);

/* Applies the configuration to findings: drops findings of disabled rules
 * and excepted findings, sets severities, then reports every exception
 * that matched none of these findings as an OC190 finding on the
 * configuration file (one whose record is none of corpus, when given,
 * says so and names the nearest id). Call once per run, after every rule ran. The
 * configuration is only read (the matches are counted for this call
 * alone), so one configuration may serve several runs, also at once. */
int orgcheck_config_apply(const struct orgcheck_config *config, struct orgcheck_findings *findings,
			  const struct orgcheck_corpus *corpus, struct orgcheck_error *err);

/* A digest of everything in config the cross-record rules read (which
 * rules are on, their severities, the external ids): what keys findings
 * kept from one run for the next. Exceptions and Schematron entries are
 * not in it: they act after the rules. NULL gives the defaults'. */
uint64_t orgcheck_config_rules_digest(const struct orgcheck_config *config);

#endif
