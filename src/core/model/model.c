#include "model/model.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *orgcheck_record_kind_name(enum orgcheck_record_kind kind)
{
	switch (kind) {
	case ORGCHECK_RECORD_ORGANIZATION:
		return "organization";
	case ORGCHECK_RECORD_PERSON:
		return "person";
	case ORGCHECK_RECORD_UNKNOWN:
		break;
	}
	return "unknown";
}

const char *orgcheck_claim_field_name(enum orgcheck_claim_field field)
{
	static const char *const names[] = {
		[ORGCHECK_CLAIM_FOUNDED] = "founded",
		[ORGCHECK_CLAIM_INCORPORATED] = "incorporated",
		[ORGCHECK_CLAIM_DISSOLVED] = "dissolved",
		[ORGCHECK_CLAIM_BORN] = "born",
		[ORGCHECK_CLAIM_DIED] = "died",
		[ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY] = "headquarters country",
		[ORGCHECK_CLAIM_US_TAX_ID] = "us-tax-id",
		[ORGCHECK_CLAIM_LEGAL_STATUS] = "legal status",
		[ORGCHECK_CLAIM_IDENTIFIER] = "identifier",
		[ORGCHECK_CLAIM_STATUS] = "status",
		[ORGCHECK_CLAIM_LINK] = "link",
		[ORGCHECK_CLAIM_DOMAIN] = "domain",
	};

	if ((size_t)field >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[field];
}

/* Frees a heap array; one in the arena (capacity 0) goes with the arena. */
#define RELEASE_ARRAY(array) do { \
		if ((array).capacity != 0) \
			free((void *)(array).items); \
	} while (0)

void orgcheck_record_release(struct orgcheck_record *record)
{
	if (record == NULL)
		return;
	RELEASE_ARRAY(record->names);
	RELEASE_ARRAY(record->claims);
	RELEASE_ARRAY(record->refs);
	RELEASE_ARRAY(record->links);
	RELEASE_ARRAY(record->figures);
	RELEASE_ARRAY(record->dated);
	RELEASE_ARRAY(record->terms);
	RELEASE_ARRAY(record->honorifics);
	RELEASE_ARRAY(record->locations);
	memset(record, 0, sizeof(*record));
}

const struct orgcheck_claim *orgcheck_record_next_claim(const struct orgcheck_record *record,
							enum orgcheck_claim_field field, size_t *cursor)
{
	while (*cursor < record->claims.count) {
		const struct orgcheck_claim *claim = &record->claims.items[(*cursor)++];

		if (claim->field == field)
			return claim;
	}
	return NULL;
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

/* The first claim of field with the earliest (or, not earliest, the
 * latest) date, or NULL when none is dated. */
static const struct orgcheck_claim *extreme_claim(const struct orgcheck_record *record,
						  enum orgcheck_claim_field field,
						  int earliest)
{
	const struct orgcheck_claim *best = NULL;
	const struct orgcheck_claim *claim = NULL;
	size_t at = 0;

	while ((claim = orgcheck_record_next_claim(record, field, &at)) != NULL) {
		if (!orgcheck_date_present(&claim->date))
			continue;
		if (best == NULL || (earliest ? starts_earlier(&claim->date, &best->date)
					      : starts_earlier(&best->date, &claim->date)))
			best = claim;
	}
	return best;
}

void orgcheck_record_find_lifetime(struct orgcheck_record *record)
{
	int person = record->kind == ORGCHECK_RECORD_PERSON;

	record->start_claim = extreme_claim(record, person ? ORGCHECK_CLAIM_BORN : ORGCHECK_CLAIM_FOUNDED, 1);
	record->end_claim = extreme_claim(record, person ? ORGCHECK_CLAIM_DIED : ORGCHECK_CLAIM_DISSOLVED, 0);
}
