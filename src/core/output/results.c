#include <orgcheck/results.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

#include <orgcheck/catalog.h>
#include <orgcheck/config.h>
#include <orgcheck/fix.h>
#include <orgcheck/version.h>
#include "model/corpus.h"
#include "model/vocab.h"
#include "util/xml.h"
#include "output/xmltext.h"

/* libxml2 takes const xmlChar *; BAD_CAST would cast the const away. */
#define XC(s) ((const xmlChar *)(s))

/* The writers or their results into one flag: a write failed, or memory
 * ran out (a fingerprint). */
#define FAILED_WRITE 1
#define FAILED_NOMEM 2

/* Each write returns < 0 on failure; they are or-ed into one flag so the
 * writing reads straight and is checked once. */
static int attribute(xmlTextWriterPtr w, const char *name, const char *value)
{
	char *scratch = NULL;
	const char *safe = orgcheck_xmltext__safe(&scratch, value);
	int failed = safe == NULL || xmlTextWriterWriteAttribute(w, XC(name), XC(safe)) < 0;

	free(scratch);
	return failed;
}

/* Text content, made safe like attribute values. */
static int text(xmlTextWriterPtr w, const char *value)
{
	char *scratch = NULL;
	const char *safe = orgcheck_xmltext__safe(&scratch, value);
	int failed = safe == NULL || xmlTextWriterWriteString(w, XC(safe)) < 0;

	free(scratch);
	return failed;
}

static int attribute_ulong(xmlTextWriterPtr w, const char *name, unsigned long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%lu", value);
	return attribute(w, name, text);
}

static int write_location(xmlTextWriterPtr w, const char *element, const struct orgcheck_location *loc)
{
	int failed = 0;

	failed |= xmlTextWriterStartElement(w, XC(element)) < 0;
	failed |= attribute(w, "path", loc->path);
	if (loc->record != NULL)
		failed |= attribute(w, "record", loc->record);
	failed |= attribute_ulong(w, "line", loc->line);
	failed |= attribute_ulong(w, "column", loc->column);
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

/* The catalog element; with ns, as a root that declares the namespace. */
static int write_catalog(xmlTextWriterPtr w, const struct orgcheck_config *config, int as_root)
{
	const struct orgcheck_rule *rule = NULL;
	size_t count = 0;
	size_t i;
	int failed = 0;

	count = orgcheck_catalog_count();
	if (as_root)
		failed |= xmlTextWriterStartElementNS(w, NULL, XC("catalog"), XC(ORGCHECK_RESULTS_NS)) < 0;
	else
		failed |= xmlTextWriterStartElement(w, XC("catalog")) < 0;
	for (i = 0; i < count && !failed; i++) {
		rule = orgcheck_catalog_rule(i);
		failed |= xmlTextWriterStartElement(w, XC("rule")) < 0;
		failed |= attribute(w, "id", rule->id);
		failed |= attribute(w, "name", rule->name);
		failed |= attribute(w, "severity",
				    orgcheck_severity_name(orgcheck_config_severity(config, rule)));
		failed |= attribute(w, "default-severity", orgcheck_severity_name(rule->severity));
		failed |= attribute(w, "enabled", orgcheck_config_enabled(config, rule) ? "true" : "false");
		failed |= xmlTextWriterWriteElement(w, XC("description"), XC(rule->description)) < 0;
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

static int write_summary(xmlTextWriterPtr w, const struct orgcheck_report *report)
{
	const struct orgcheck_check_result *result = report->result;
	const struct orgcheck_findings *findings = &result->findings;
	const struct orgcheck_rule *rule = NULL;
	static const enum orgcheck_severity severities[] = {
		ORGCHECK_SEVERITY_ERROR, ORGCHECK_SEVERITY_WARNING, ORGCHECK_SEVERITY_INFO
	};
	size_t count = 0;
	size_t by_rule = 0;
	size_t n = 0;
	size_t i;
	size_t j;
	size_t s;
	int failed = 0;

	failed |= xmlTextWriterStartElement(w, XC("summary")) < 0;
	failed |= attribute_ulong(w, "files", result->files);
	failed |= attribute_ulong(w, "organizations", result->organizations);
	failed |= attribute_ulong(w, "people", result->people);
	failed |= attribute_ulong(w, "valid", result->valid);
	failed |= attribute_ulong(w, "total", findings->count);
	for (s = 0; s < 3; s++) {
		n = 0;
		for (i = 0; i < findings->count; i++)
			n += findings->items[i].severity == severities[s];
		failed |= xmlTextWriterStartElement(w, XC("findings")) < 0;
		failed |= attribute(w, "severity", orgcheck_severity_name(severities[s]));
		failed |= attribute_ulong(w, "count", n);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	/* Per rule and severity: one pass over the catalogue, one over the
	 * findings for each rule that has any (few rules, many findings). */
	count = orgcheck_catalog_count();
	for (i = 0; i < count && !failed; i++) {
		rule = orgcheck_catalog_rule(i);
		for (s = 0; s < 3; s++) {
			by_rule = 0;
			for (j = 0; j < findings->count; j++)
				by_rule += findings->items[j].rule == rule &&
					   findings->items[j].severity == severities[s];
			if (by_rule == 0)
				continue;
			failed |= xmlTextWriterStartElement(w, XC("rule")) < 0;
			failed |= attribute(w, "rule", rule->id);
			failed |= attribute(w, "severity", orgcheck_severity_name(severities[s]));
			failed |= attribute_ulong(w, "count", by_rule);
			failed |= xmlTextWriterEndElement(w) < 0;
		}
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

static int write_fix(xmlTextWriterPtr w, const struct orgcheck_fix *fix)
{
	size_t i;
	int failed = 0;

	failed |= xmlTextWriterStartElement(w, XC("fix")) < 0;
	failed |= attribute(w, "safety", orgcheck_fix_safety_name(fix->safety));
	failed |= attribute(w, "path", fix->path);
	if (fix->new_path != NULL)
		failed |= attribute(w, "new-path", fix->new_path);
	failed |= xmlTextWriterStartElement(w, XC("description")) < 0;
	failed |= text(w, fix->description);
	failed |= xmlTextWriterEndElement(w) < 0;
	for (i = 0; i < fix->edit_count; i++) {
		failed |= xmlTextWriterStartElement(w, XC("edit")) < 0;
		failed |= attribute_ulong(w, "start", (unsigned long)fix->edits[i].start);
		failed |= attribute_ulong(w, "end", (unsigned long)fix->edits[i].end);
		failed |= text(w, fix->edits[i].text);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	if (fix->patch != NULL) {
		failed |= xmlTextWriterStartElement(w, XC("patch")) < 0;
		failed |= text(w, fix->patch);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

static int write_finding(xmlTextWriterPtr w, const struct orgcheck_finding *f)
{
	char fingerprint[32];
	size_t i;
	int failed = 0;

	if (orgcheck_finding_fingerprint(fingerprint, sizeof(fingerprint), f, NULL) < 0)
		return FAILED_NOMEM;
	failed |= xmlTextWriterStartElement(w, XC("finding")) < 0;
	failed |= attribute(w, "rule", orgcheck_finding_rule_id(f));
	failed |= attribute(w, "severity", orgcheck_severity_name(f->severity));
	failed |= attribute(w, "fingerprint", fingerprint);
	if (f->state != ORGCHECK_STATE_NONE)
		failed |= attribute(w, "baseline-state", orgcheck_baseline_state_name(f->state));
	failed |= write_location(w, "location", &f->primary);
	for (i = 0; i < f->related_count; i++)
		failed |= write_location(w, "related", &f->related[i]);
	failed |= xmlTextWriterStartElement(w, XC("message")) < 0;
	failed |= text(w, f->message);
	failed |= xmlTextWriterEndElement(w) < 0;
	for (i = 0; i < f->value_count; i++) {
		failed |= xmlTextWriterStartElement(w, XC("value")) < 0;
		failed |= attribute(w, "name", f->values[i].name);
		if (f->values[i].source != NULL)
			failed |= attribute(w, "source", f->values[i].source);
		failed |= text(w, f->values[i].text);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	/* A fix that cannot be made is for `orgcheck fix` to list. */
	for (i = 0; i < f->fix_count; i++) {
		if (f->fixes[i].refusal == NULL)
			failed |= write_fix(w, &f->fixes[i]);
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}


/* ------------------------------------------------------ records section */

/* A corpus this small goes into the records section whole, so a report
 * can draw all of it (the bundled corpus has 62 records); a larger one
 * only as far as the findings reach. */
#define RECORDS_WHOLE_CORPUS 1000

/* What the report draws about a record: marks per record of the corpus. */
enum record_mark {
	MARK_NONE = 0,
	MARK_NEIGHBOUR,     /* linked to or from a record with findings */
	MARK_FINDINGS       /* the primary location of a finding */
};

static int attribute_date(xmlTextWriterPtr w, const char *name, const struct orgcheck_date *date)
{
	char text[16];

	if (!orgcheck_date_present(date))
		return 0;
	orgcheck_date_format(text, sizeof(text), date);
	return attribute(w, name, text);
}

static int attribute_pos(xmlTextWriterPtr w, const struct orgcheck_pos *pos)
{
	return pos->line > 0 ? attribute_ulong(w, "line", pos->line) : 0;
}

static int attribute_source(xmlTextWriterPtr w, const char *source)
{
	return source != NULL && source[0] != '\0' ? attribute(w, "source", source) : 0;
}

/* The index in corpus of the record with id, or (size_t)-1. */
static size_t record_index(const struct orgcheck_corpus *corpus, const char *id)
{
	const struct orgcheck_record *r = id ? orgcheck_corpus_find(corpus, id) : NULL;

	return r ? (size_t)(r - corpus->records) : (size_t)-1;
}

/* "both" when the target states the inverse link back to record,
 * "this" when it does not; NULL when the kind has no inverse or the
 * target is not in the corpus (nothing to compare). */
static const char *stated_by(const struct orgcheck_record *record, const struct orgcheck_link *link)
{
	const struct orgcheck_link_kind *inverse = orgcheck_vocab_inverse(link->kind);
	const struct orgcheck_record *target = record->refs.items[link->ref].resolved;
	size_t i;

	if (inverse == NULL || target == NULL || record->id == NULL)
		return NULL;
	if ((inverse->targets & (record->kind == ORGCHECK_RECORD_PERSON ? ORGCHECK_TARGET_PERSON
									 : ORGCHECK_TARGET_ORGANIZATION)) == 0 ||
	    (link->kind->inverse_targets & (target->kind == ORGCHECK_RECORD_PERSON ? ORGCHECK_TARGET_PERSON
										 : ORGCHECK_TARGET_ORGANIZATION)) == 0)
		return NULL;
	for (i = 0; i < target->links.count; i++) {
		if (target->links.items[i].kind == inverse &&
		    strcmp(target->refs.items[target->links.items[i].ref].target, record->id) == 0)
			return "both";
	}
	return "this";
}

static int write_link(xmlTextWriterPtr w, const struct orgcheck_record *record, const struct orgcheck_ref *ref,
		      const struct orgcheck_link *link)
{
	const char *side = link ? stated_by(record, link) : NULL;
	int failed = 0;

	failed |= xmlTextWriterStartElement(w, XC("link")) < 0;
	failed |= attribute(w, "kind", link ? link->kind->name : ref->context);
	failed |= attribute(w, "target", ref->target);
	if (ref->label != NULL && ref->label[0] != '\0')
		failed |= attribute(w, "label", ref->label);
	if (ref->resolved == NULL)
		failed |= attribute(w, "resolved", "false");
	if (side != NULL)
		failed |= attribute(w, "stated-by", side);
	if (link != NULL) {
		failed |= attribute_date(w, "date", &link->date);
		failed |= attribute_date(w, "from", &link->from);
		failed |= attribute_date(w, "to", &link->to);
	}
	failed |= attribute_source(w, link ? link->source : ref->source);
	failed |= attribute_pos(w, link ? &link->pos : &ref->pos);
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

/* A record with findings (and any record of a small corpus) with
 * everything the report draws; a neighbour in a large corpus with its
 * links to records with findings only (the links that point into a drawn
 * neighbourhood), marks saying which. */
static int write_record(xmlTextWriterPtr w, const struct orgcheck_corpus *corpus, const unsigned char *marks,
			const struct orgcheck_record *r, size_t findings)
{
	const struct orgcheck_record *target = NULL;
	int full = marks[r - corpus->records] == MARK_FINDINGS || corpus->count <= RECORDS_WHOLE_CORPUS;
	const struct orgcheck_link *link = NULL;
	size_t i;
	size_t j;
	int failed = 0;

	failed |= xmlTextWriterStartElement(w, XC("record")) < 0;
	failed |= attribute(w, "id", r->id);
	failed |= attribute(w, "kind", r->kind == ORGCHECK_RECORD_PERSON ? "person" : "organization");
	if (r->names.count > 0)
		failed |= attribute(w, "name", r->names.items[0].value);
	/* The status the record states first (its status claims, dated or
	 * not, are claims below too). */
	for (i = 0; i < r->claims.count; i++) {
		if (r->claims.items[i].field == ORGCHECK_CLAIM_STATUS && r->claims.items[i].value != NULL) {
			failed |= attribute(w, "status", r->claims.items[i].value);
			break;
		}
	}
	failed |= attribute(w, "path", r->path);
	failed |= attribute_pos(w, &r->pos);
	failed |= attribute_ulong(w, "findings", findings);
	/* Each reference once: as its link when it is one, else by the
	 * element that holds it (a leader, a member). */
	for (i = 0; i < r->refs.count && !failed; i++) {
		link = NULL;
		for (j = 0; j < r->links.count; j++) {
			if (r->links.items[j].ref == i) {
				link = &r->links.items[j];
				break;
			}
		}
		target = r->refs.items[i].resolved;
		if (full || (target != NULL && marks[target - corpus->records] == MARK_FINDINGS))
			failed |= write_link(w, r, &r->refs.items[i], link);
	}
	if (!full) {
		failed |= xmlTextWriterEndElement(w) < 0;
		return failed;
	}
	for (i = 0; i < r->claims.count && !failed; i++) {
		failed |= xmlTextWriterStartElement(w, XC("claim")) < 0;
		failed |= attribute(w, "field", r->claims.items[i].name);
		failed |= attribute(w, "value", r->claims.items[i].value ? r->claims.items[i].value : "");
		failed |= attribute_date(w, "date", &r->claims.items[i].date);
		failed |= attribute_source(w, r->claims.items[i].source);
		failed |= attribute_pos(w, &r->claims.items[i].pos);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	for (i = 0; i < r->dated.count && !failed; i++) {
		failed |= xmlTextWriterStartElement(w, XC("dated")) < 0;
		failed |= attribute(w, "what", r->dated.items[i].what);
		failed |= attribute(w, "attribute", r->dated.items[i].attribute);
		failed |= attribute_date(w, "date", &r->dated.items[i].date);
		failed |= attribute_source(w, r->dated.items[i].source);
		failed |= attribute_pos(w, &r->dated.items[i].pos);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	for (i = 0; i < r->terms.count && !failed; i++) {
		failed |= xmlTextWriterStartElement(w, XC("term")) < 0;
		failed |= attribute(w, "what", r->terms.items[i].what);
		failed |= attribute_date(w, "from", &r->terms.items[i].from);
		failed |= attribute_date(w, "to", &r->terms.items[i].to);
		failed |= attribute_source(w, r->terms.items[i].source);
		failed |= attribute_pos(w, &r->terms.items[i].pos);
		failed |= xmlTextWriterEndElement(w) < 0;
	}
	failed |= xmlTextWriterEndElement(w) < 0;
	return failed;
}

/* The records section: the records findings are about and their
 * neighbours (records they link to and that link to them), or every
 * record of a small corpus, in path order. Linear in findings plus references. Returns nonzero when a
 * write or an allocation failed. */
static int write_records(xmlTextWriterPtr w, const struct orgcheck_report *report)
{
	const struct orgcheck_corpus *corpus = report->result->corpus;
	const struct orgcheck_findings *findings = &report->result->findings;
	const struct orgcheck_record *r = NULL;
	unsigned char *marks = NULL;
	size_t *counts = NULL;
	size_t at = 0;
	size_t i;
	size_t j;
	int failed = 0;

	if (corpus == NULL || corpus->count == 0)
		return 0;
	marks = calloc(corpus->count, sizeof(*marks));
	counts = calloc(corpus->count, sizeof(*counts));
	if (marks == NULL || counts == NULL) {
		failed = 1;
		goto done;
	}
	for (i = 0; i < findings->count; i++) {
		at = record_index(corpus, findings->items[i].primary.record);
		if (at != (size_t)-1) {
			marks[at] = MARK_FINDINGS;
			counts[at]++;
		}
	}
	/* Neighbours: the records named in a finding, those a record with
	 * findings refers to, and those that refer to it. */
	for (i = 0; i < findings->count; i++) {
		for (j = 0; j < findings->items[i].related_count; j++) {
			at = record_index(corpus, findings->items[i].related[j].record);
			if (at != (size_t)-1 && marks[at] == MARK_NONE)
				marks[at] = MARK_NEIGHBOUR;
		}
	}
	for (i = 0; i < corpus->count; i++) {
		r = &corpus->records[i];
		for (j = 0; j < r->refs.count; j++) {
			if (r->refs.items[j].resolved == NULL)
				continue;
			at = (size_t)(r->refs.items[j].resolved - corpus->records);
			if (marks[i] == MARK_FINDINGS && marks[at] == MARK_NONE)
				marks[at] = MARK_NEIGHBOUR;
			else if (marks[at] == MARK_FINDINGS && marks[i] == MARK_NONE)
				marks[i] = MARK_NEIGHBOUR;
		}
	}
	for (i = 0; i < corpus->count && corpus->count <= RECORDS_WHOLE_CORPUS; i++) {
		if (marks[i] == MARK_NONE)
			marks[i] = MARK_NEIGHBOUR;
	}
	failed |= xmlTextWriterStartElement(w, XC("records")) < 0;
	for (i = 0; i < corpus->count && !failed; i++) {
		r = &corpus->records[i];
		/* A duplicate id's later records: links resolve to the first. */
		if (marks[i] != MARK_NONE && r->id != NULL && r->first_with_id == r)
			failed |= write_record(w, corpus, marks, r, counts[i]);
	}
	failed |= xmlTextWriterEndElement(w) < 0;

done:
	free(marks);
	free(counts);
	return failed;
}

static int write_results(xmlTextWriterPtr w, const struct orgcheck_report *report)
{
	char today[16];
	size_t i;
	int failed = 0;

	orgcheck_date_format(today, sizeof(today), &report->today);
	failed |= xmlTextWriterSetIndent(w, 1) < 0;
	failed |= xmlTextWriterSetIndentString(w, XC("  ")) < 0;
	failed |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	failed |= xmlTextWriterStartElementNS(w, NULL, XC("results"), XC(ORGCHECK_RESULTS_NS)) < 0;
	failed |= xmlTextWriterStartElement(w, XC("tool")) < 0;
	failed |= attribute(w, "name", "orgcheck");
	failed |= attribute(w, "version", ORGCHECK_VERSION);
	failed |= xmlTextWriterEndElement(w) < 0;
	failed |= xmlTextWriterStartElement(w, XC("run")) < 0;
	failed |= attribute(w, "today", today);
	failed |= attribute(w, "fail-on", orgcheck_report_fail_on_name(report->fail_on));
	if (report->rules_file != NULL)
		failed |= attribute(w, "rules-file", report->rules_file);
	failed |= attribute(w, "failed", report->failed ? "true" : "false");
	failed |= xmlTextWriterEndElement(w) < 0;
	failed |= write_catalog(w, report->config, 0);
	failed |= write_summary(w, report);
	failed |= xmlTextWriterStartElement(w, XC("findings")) < 0;
	for (i = 0; i < report->result->findings.count && !failed; i++)
		failed |= write_finding(w, &report->result->findings.items[i]);
	failed |= xmlTextWriterEndElement(w) < 0;
	failed |= write_records(w, report);
	failed |= xmlTextWriterEndDocument(w) < 0;
	return failed;
}

/* Runs write on a writer over out. */
static int write_to_file(FILE *out, int (*write)(xmlTextWriterPtr w, const void *data),
			 const void *data, struct orgcheck_error *err)
{
	xmlOutputBufferPtr buffer = xmlOutputBufferCreateFile(out, NULL);
	xmlTextWriterPtr w = NULL;
	int failed = 0;

	if (buffer == NULL)
		return orgcheck_error_nomem(err);
	w = xmlNewTextWriter(buffer);
	if (w == NULL) {
		xmlOutputBufferClose(buffer);
		return orgcheck_error_nomem(err);
	}
	failed = write(w, data);
	failed |= xmlTextWriterFlush(w) < 0;
	/* Frees the buffer too. */
	xmlFreeTextWriter(w);
	if (failed & FAILED_NOMEM)
		return orgcheck_error_nomem(err);
	if (failed || ferror(out))
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot write the XML output");
	return 0;
}

static int write_results_data(xmlTextWriterPtr w, const void *data)
{
	return write_results(w, data);
}

static int write_catalog_document(xmlTextWriterPtr w, const void *data)
{
	int failed = 0;

	failed |= xmlTextWriterSetIndent(w, 1) < 0;
	failed |= xmlTextWriterSetIndentString(w, XC("  ")) < 0;
	failed |= xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL) < 0;
	failed |= write_catalog(w, data, 1);
	failed |= xmlTextWriterEndDocument(w) < 0;
	return failed;
}

int orgcheck_results_write(FILE *out, const struct orgcheck_report *report,
			   struct orgcheck_error *err)
{
	return write_to_file(out, write_results_data, report, err);
}

int orgcheck_results_write_catalog(FILE *out, const struct orgcheck_config *config,
				   struct orgcheck_error *err)
{
	return write_to_file(out, write_catalog_document, config, err);
}

int orgcheck_results_build(xmlDocPtr *out, const struct orgcheck_report *report,
			   struct orgcheck_error *err)
{
	xmlDocPtr doc = NULL;
	xmlTextWriterPtr w = NULL;
	int failed = 0;

	*out = NULL;
	w = xmlNewTextWriterDoc(&doc, 0);
	if (w == NULL)
		return orgcheck_error_nomem(err);
	failed = write_results(w, report);
	xmlFreeTextWriter(w);
	if (failed || doc == NULL) {
		if (doc != NULL)
			xmlFreeDoc(doc);
		return orgcheck_error_set(err, ORGCHECK_ENOMEM, "cannot build the results document");
	}
	*out = doc;
	return 0;
}

static unsigned long read_ulong(const xmlNode *node, const char *name)
{
	const char *text = orgcheck_xml_attribute(node, name);

	return text ? strtoul(text, NULL, 10) : 0;
}

static int is_named(const xmlNode *node, const char *name)
{
	return node->type == XML_ELEMENT_NODE && xmlStrEqual(node->name, XC(name));
}

static enum orgcheck_baseline_state read_state(const char *name)
{
	if (name == NULL)
		return ORGCHECK_STATE_NONE;
	if (strcmp(name, "new") == 0)
		return ORGCHECK_STATE_NEW;
	if (strcmp(name, "unchanged") == 0)
		return ORGCHECK_STATE_UNCHANGED;
	if (strcmp(name, "absent") == 0)
		return ORGCHECK_STATE_ABSENT;
	return ORGCHECK_STATE_NONE;
}

/* A <fix> of the finding last read. */
static int read_fix(struct orgcheck_findings *out, const xmlNode *node, struct orgcheck_error *err)
{
	const char *safety = orgcheck_xml_attribute(node, "safety");
	const char *new_path = orgcheck_xml_attribute(node, "new-path");
	const xmlNode *child = NULL;
	struct orgcheck_fix fix;
	xmlChar *description = NULL;
	xmlChar *content = NULL;
	int rc = 0;

	for (child = node->children; child != NULL && description == NULL; child = child->next)
		if (is_named(child, "description"))
			description = xmlNodeGetContent(child);
	rc = orgcheck_fix_init(&fix, err, safety != NULL && strcmp(safety, "safe") == 0 ? ORGCHECK_FIX_SAFE
										       : ORGCHECK_FIX_REVIEW,
			       orgcheck_xml_attribute(node, "path"), (const char *)description);
	xmlFree(description);
	if (rc < 0)
		return rc;
	if (new_path != NULL)
		rc = orgcheck_fix_set_rename(&fix, err, new_path);
	for (child = node->children; child != NULL && rc == 0; child = child->next) {
		if (!is_named(child, "edit") && !is_named(child, "patch"))
			continue;
		content = xmlNodeGetContent(child);
		if (content == NULL) {
			rc = orgcheck_error_nomem(err);
			break;
		}
		if (is_named(child, "edit")) {
			rc = orgcheck_fix_add_edit(&fix, err, (size_t)read_ulong(child, "start"),
						   (size_t)read_ulong(child, "end"), (const char *)content);
		} else {
			free(fix.patch);
			fix.patch = strdup((const char *)content);
			if (fix.patch == NULL)
				rc = orgcheck_error_nomem(err);
		}
		xmlFree(content);
	}
	if (rc == 0)
		rc = orgcheck_findings_add_fix_last(out, err, &fix);
	orgcheck_fix_release(&fix);
	return rc;
}

static int read_finding(struct orgcheck_findings *out, const xmlNode *node, struct orgcheck_error *err)
{
	const char *rule = orgcheck_xml_attribute(node, "rule");
	const char *severity = orgcheck_xml_attribute(node, "severity");
	const char *own_id = NULL;
	const struct orgcheck_rule *descriptor = NULL;
	const char *path = NULL;
	const xmlNode *child = NULL;
	xmlChar *text = NULL;
	struct orgcheck_finding *f = NULL;
	int rc = 0;

	if (rule == NULL)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "a finding of the results document names no rule");
	/* An id outside the catalogue is a Schematron assertion's (OC170). */
	descriptor = orgcheck_catalog_find(rule);
	own_id = descriptor == NULL ? rule : NULL;
	if (own_id != NULL)
		descriptor = orgcheck_catalog_find(ORGCHECK_RULE_SCHEMATRON);
	for (child = node->children; child != NULL && rc == 0; child = child->next) {
		if (is_named(child, "location")) {
			path = orgcheck_xml_attribute(child, "path");
			rc = orgcheck_findings_add_rule(out, err, descriptor, path ? path : "",
							read_ulong(child, "line"), read_ulong(child, "column"), "%s", "");
			if (rc == 0)
				rc = orgcheck_findings_set_record(out, err, out->count - 1,
								  orgcheck_xml_attribute(child, "record"));
			if (rc == 0 && own_id != NULL)
				rc = orgcheck_findings_set_rule_id(out, err, out->count - 1, own_id);
			f = rc == 0 ? &out->items[out->count - 1] : NULL;
			if (f != NULL && severity != NULL)
				(void)orgcheck_severity_parse(&f->severity, severity);
			if (f != NULL)
				f->state = read_state(orgcheck_xml_attribute(node, "baseline-state"));
		} else if (f != NULL && is_named(child, "fix")) {
			rc = read_fix(out, child, err);
		} else if (f != NULL && is_named(child, "related")) {
			rc = orgcheck_findings_add_related(out, err, orgcheck_xml_attribute(child, "path"),
							   orgcheck_xml_attribute(child, "record"),
							   read_ulong(child, "line"), read_ulong(child, "column"));
		} else if (f != NULL && (is_named(child, "message") || is_named(child, "value"))) {
			text = xmlNodeGetContent(child);
			if (text == NULL)
				return orgcheck_error_nomem(err);
			if (is_named(child, "message")) {
				free(f->message);
				f->message = strdup((const char *)text);
				if (f->message == NULL)
					rc = orgcheck_error_nomem(err);
			} else {
				rc = orgcheck_findings_add_value(out, err, orgcheck_xml_attribute(child, "name"),
								 (const char *)text,
								 orgcheck_xml_attribute(child, "source"));
			}
			xmlFree(text);
		}
	}
	return rc;
}

int orgcheck_results_read(struct orgcheck_findings *out, xmlDocPtr doc, struct orgcheck_error *err)
{
	const xmlNode *root = xmlDocGetRootElement(doc);
	const xmlNode *section = NULL;
	const xmlNode *node = NULL;
	int rc = 0;

	if (root == NULL || !is_named(root, "results"))
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "not an orgcheck results document");
	for (section = root->children; section != NULL; section = section->next) {
		if (!is_named(section, "findings"))
			continue;
		for (node = section->children; node != NULL && rc == 0; node = node->next) {
			if (is_named(node, "finding"))
				rc = read_finding(out, node, err);
		}
	}
	if (rc == 0)
		orgcheck_findings_sort(out);
	return rc;
}

int orgcheck_results_load(xmlDocPtr *out, const char *path, struct orgcheck_error *err)
{
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	const xmlError *last = NULL;
	FILE *probe = NULL;
	int rc = 0;

	*out = NULL;
	probe = fopen(path, "rb");
	if (probe == NULL)
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot open '%s': %s", path, strerror(errno));
	fclose(probe);
	ctxt = xmlNewParserCtxt();
	if (ctxt == NULL)
		return orgcheck_error_nomem(err);
	/* NONET: nothing fetched; no NOENT, DTDLOAD or XINCLUDE; errors kept
	 * in the context, never printed. NOBLANKS: the indentation between
	 * elements is not kept (a tenth of the tree), so the document reads
	 * as orgcheck_results_build made it. */
	doc = xmlCtxtReadFile(ctxt, path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
			      XML_PARSE_BIG_LINES | XML_PARSE_NOBLANKS);
	if (doc == NULL) {
		last = &ctxt->lastError;
		if (last->message != NULL)
			rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "line %d: %.*s", last->line,
						(int)strcspn(last->message, "\n"), last->message);
		else
			rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "not well-formed XML");
		goto done;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		rc = orgcheck_error_set(err, ORGCHECK_EINVAL, "it has a document type declaration, which results documents never have");
		goto done;
	}
	*out = doc;
	doc = NULL;

done:
	if (doc != NULL)
		xmlFreeDoc(doc);
	xmlFreeParserCtxt(ctxt);
	return rc;
}
