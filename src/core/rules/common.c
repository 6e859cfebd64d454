/* Helpers shared by the groups of cross-record rules (declared in
 * rules/rules.h): how messages name records, sources, dates and links. */
#include "rules/rules.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *orgcheck_rule__or_none(const char *s)
{
	return s ? s : "none";
}

const char *orgcheck_rule__record_label(const struct orgcheck_record *record)
{
	if (record->label != NULL)
		return record->label;
	return record->id ? record->id : record->file_id;
}

const char *orgcheck_rule__record_name(const struct orgcheck_record *record)
{
	return orgcheck_rule__record_label(record);
}

static int later_pos(struct orgcheck_pos a, struct orgcheck_pos b)
{
	return a.line != b.line ? a.line > b.line : a.column > b.column;
}

int orgcheck_rule__compare_pos(struct orgcheck_pos a, struct orgcheck_pos b)
{
	return later_pos(a, b) - later_pos(b, a);
}

const char *orgcheck_rule__date_field_word(enum orgcheck_claim_field field)
{
	switch (field) {
	case ORGCHECK_CLAIM_FOUNDED:
		return "founding date";
	case ORGCHECK_CLAIM_INCORPORATED:
		return "incorporation date";
	case ORGCHECK_CLAIM_DISSOLVED:
		return "dissolution date";
	case ORGCHECK_CLAIM_BORN:
		return "birth date";
	case ORGCHECK_CLAIM_DIED:
		return "date of death";
	case ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY:
	case ORGCHECK_CLAIM_US_TAX_ID:
	case ORGCHECK_CLAIM_LEGAL_STATUS:
	case ORGCHECK_CLAIM_IDENTIFIER:
	case ORGCHECK_CLAIM_STATUS:
	case ORGCHECK_CLAIM_LINK:
	case ORGCHECK_CLAIM_DOMAIN:
		break;
	}
	return NULL;
}

void orgcheck_rule__append(char *buf, size_t size, size_t *at, const char *fmt, ...)
{
	va_list ap;
	int written = 0;

	if (*at + 1 >= size)
		return;
	va_start(ap, fmt);
	written = vsnprintf(buf + *at, size - *at, fmt, ap);
	va_end(ap);
	if (written < 0)
		return;
	*at += (size_t)written;
	if (*at >= size) {
		*at = size - 1;
		orgcheck_utf8_trim(buf);
		*at = strlen(buf);
	}
}

int orgcheck_rule__figure_values(struct orgcheck_rule_run *run, const struct orgcheck_figure *figure)
{
	int rc = orgcheck_rule_value(run, "figure", orgcheck_rule__or_none(figure->kind), NULL);

	if (rc == 0 && figure->scope != NULL)
		rc = orgcheck_rule_value(run, "event", figure->scope, NULL);
	return rc;
}

int orgcheck_rule__is_kind(const struct orgcheck_link *link, const char *name)
{
	return strcmp(link->kind->name, name) == 0;
}

const struct orgcheck_record *orgcheck_rule__link_other(const struct orgcheck_rule_run *run,
							const struct orgcheck_record *record,
							const struct orgcheck_link *link)
{
	const struct orgcheck_record *other = orgcheck_rule_target(run, record, &record->refs.items[link->ref]);

	/* other is the first record with its id: it has record's id exactly
	 * when it is record's first. */
	if (other == NULL || other->id == NULL || record->id == NULL || other == record->first_with_id)
		return NULL;
	return other;
}

int orgcheck_rule__link_values(struct orgcheck_rule_run *run, const struct orgcheck_link *link,
			       const char *target)
{
	int rc = orgcheck_rule_value(run, "kind", link->kind->name, NULL);

	if (rc == 0)
		rc = orgcheck_rule_value(run, "target", target, link->source);
	return rc;
}

const char *orgcheck_rule__status(const struct orgcheck_record *record)
{
	size_t at = 0;
	const struct orgcheck_claim *claim = orgcheck_record_next_claim(record, ORGCHECK_CLAIM_STATUS, &at);

	return claim != NULL ? claim->value : NULL;
}

int orgcheck_rule__is_active(const struct orgcheck_record *record)
{
	const char *status = orgcheck_rule__status(record);

	return status == NULL || strcmp(status, "active") == 0;
}
