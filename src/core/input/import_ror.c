/* orgcheck import ror: ROR v2 JSON into orgcheck records.
 *
 * json-c parses: it is in Debian main (libjson-c-dev, with a pkg-config
 * file), its tokener takes its input in pieces and limits the nesting
 * depth, and it keeps a number's text as written, so coordinates are
 * copied digit for digit. A data dump is one JSON array of some 120,000
 * records; it is never held whole: a small scan over the bytes (strings
 * and escapes respected) finds where each element of the array begins and
 * ends, and the bytes of one element at a time go to the tokener, so the
 * memory used is that of the largest record.
 *
 * Each record is written through libxml2's xmlTextWriter (which does the
 * escaping) into memory, then into a temporary file renamed over the
 * record's file. Fields are written in the schema's order; arrays in the
 * source's order, so the same input gives the same bytes. */
#include <orgcheck/import.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>
#include <libxml/xmlstring.h>
#include <libxml/xmlwriter.h>

#define ROR_PREFIX "https://ror.org/"
#define RECORD_NS "urn:orgcheck:record:1"
#define READ_CHUNK 65536
/* ROR records nest five deep; a deeper element is not a ROR record. */
#define JSON_DEPTH 32
#define ID_MAX 64
#define PROBLEM_MAX 1024

/* ---------------------------------------------------------------- report */

/* A va_list format: its callers' printf attributes check the arguments. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static char *format_message(const char *fmt, va_list ap)
{
	char buf[PROBLEM_MAX];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	return strdup(buf);
}

static int report_problem(struct orgcheck_import_report *report, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Adds a problem; returns 0 or ORGCHECK_ENOMEM. */
static int report_problem(struct orgcheck_import_report *report, const char *fmt, ...)
{
	char *message = NULL;
	char **grown = NULL;
	size_t wanted = 0;
	va_list ap;

	va_start(ap, fmt);
	message = format_message(fmt, ap);
	va_end(ap);
	if (message == NULL)
		return ORGCHECK_ENOMEM;
	if (report->problem_count == report->problem_capacity) {
		wanted = report->problem_capacity ? report->problem_capacity * 2 : 16;
		grown = realloc(report->problems, wanted * sizeof(*grown));
		if (grown == NULL) {
			free(message);
			return ORGCHECK_ENOMEM;
		}
		report->problems = grown;
		report->problem_capacity = wanted;
	}
	report->problems[report->problem_count++] = message;
	return 0;
}

/* Counts the current record (report->serial) as having what, once. */
static int report_not_kept(struct orgcheck_import_report *report, const char *what)
{
	struct orgcheck_import_not_kept *grown = NULL;
	struct orgcheck_import_not_kept *entry = NULL;
	size_t wanted = 0;
	size_t i;

	for (i = 0; i < report->not_kept_count; i++) {
		if (strcmp(report->not_kept[i].what, what) == 0) {
			entry = &report->not_kept[i];
			break;
		}
	}
	if (entry == NULL) {
		if (report->not_kept_count == report->not_kept_capacity) {
			wanted = report->not_kept_capacity ? report->not_kept_capacity * 2 : 8;
			grown = realloc(report->not_kept, wanted * sizeof(*grown));
			if (grown == NULL)
				return ORGCHECK_ENOMEM;
			report->not_kept = grown;
			report->not_kept_capacity = wanted;
		}
		entry = &report->not_kept[report->not_kept_count];
		memset(entry, 0, sizeof(*entry));
		entry->what = strdup(what);
		if (entry->what == NULL)
			return ORGCHECK_ENOMEM;
		report->not_kept_count++;
	}
	if (entry->records == 0 || entry->last_serial != report->serial) {
		entry->records++;
		entry->last_serial = report->serial;
	}
	return 0;
}

/* Takes back what the current record counted: it was rejected, so it is
 * not among the records whose fields were not kept. Serials start at 1,
 * so 0 marks an entry as not counted for any record yet. */
static void forget_not_kept(struct orgcheck_import_report *report)
{
	size_t i;

	for (i = 0; i < report->not_kept_count; i++) {
		if (report->not_kept[i].records > 0 && report->not_kept[i].last_serial == report->serial) {
			report->not_kept[i].records--;
			report->not_kept[i].last_serial = 0;
		}
	}
}

void orgcheck_import_report_release(struct orgcheck_import_report *report)
{
	size_t i;

	if (report == NULL)
		return;
	for (i = 0; i < report->problem_count; i++)
		free(report->problems[i]);
	free(report->problems);
	for (i = 0; i < report->not_kept_count; i++)
		free(report->not_kept[i].what);
	free(report->not_kept);
	memset(report, 0, sizeof(*report));
}

/* ---------------------------------------------------------------- one record */

/* The conversion of one record. The first problem met stops it: the
 * record is rejected whole, never written in part. */
struct convert {
	struct orgcheck_import_report *report;
	const char *input;    /* the file, for messages */
	size_t index;         /* position in a dump (from 1), 0 in a file of its own */
	const char *url;      /* the record's ROR URL: the source of every claim */
	xmlTextWriterPtr w;
	char problem[PROBLEM_MAX];
	int nomem;
	int writer_failed;
};

static int problem(struct convert *c, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/* Notes the record's first problem; returns -1 so callers can return it. */
static int problem(struct convert *c, const char *fmt, ...)
{
	va_list ap;

	if (c->problem[0] == '\0') {
		va_start(ap, fmt);
		vsnprintf(c->problem, sizeof(c->problem), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int not_kept(struct convert *c, const char *what)
{
	if (report_not_kept(c->report, what) < 0) {
		c->nomem = 1;
		return -1;
	}
	return 0;
}

/* The JSON type's name as messages say it. */
static const char *type_name(struct json_object *value)
{
	switch (json_object_get_type(value)) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double: return "a number";
	case json_type_int: return "a number";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "a value";
}

enum {
	REQUIRED = 0,
	OPTIONAL = 1,   /* may be absent */
	NULLABLE = 2    /* may be null (read as absent) */
};

/* The member key of obj (at path, for messages) if it has type; *out NULL
 * when it is absent or null and flags allow that. Returns 0 or -1 with a
 * problem. A number is accepted for json_type_double whether or not it
 * has a fraction. */
static int member(struct json_object **out, struct convert *c, struct json_object *obj, const char *key,
		  const char *path, enum json_type type, int flags)
{
	struct json_object *value = NULL;
	enum json_type actual;

	*out = NULL;
	if (!json_object_object_get_ex(obj, key, &value)) {
		if (flags & OPTIONAL)
			return 0;
		return problem(c, "%s is missing", path);
	}
	actual = json_object_get_type(value);
	if (actual == json_type_null) {
		if (flags & NULLABLE)
			return 0;
		return problem(c, "%s is null", path);
	}
	if (actual == type || (type == json_type_double && actual == json_type_int)) {
		*out = value;
		return 0;
	}
	return problem(c, "%s is %s, expected %s", path, type_name(value),
		       type == json_type_string ? "a string" :
		       type == json_type_array ? "an array" :
		       type == json_type_object ? "an object" : "a number");
}

/* value's text, checked to be writable as XML: UTF-8, no NUL inside, no
 * control characters other than tab, line feed and carriage return, not
 * U+FFFE or U+FFFF. NULL with a problem otherwise. */
static const char *text(struct convert *c, struct json_object *value, const char *path)
{
	const unsigned char *s = (const unsigned char *)json_object_get_string(value);
	size_t length = (size_t)json_object_get_string_len(value);
	size_t i;

	if (strlen((const char *)s) != length) {
		problem(c, "%s holds a NUL character, which XML cannot hold", path);
		return NULL;
	}
	if (!xmlCheckUTF8(s)) {
		problem(c, "%s is not UTF-8", path);
		return NULL;
	}
	for (i = 0; i < length; i++) {
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r') ||
		    (s[i] == 0xEF && s[i + 1] == 0xBF && (s[i + 2] == 0xBE || s[i + 2] == 0xBF))) {
			problem(c, "%s holds the character %s%02X, which XML cannot hold", path,
				s[i] < 0x20 ? "U+00" : "U+FF", s[i] < 0x20 ? s[i] : s[i + 2] == 0xBE ? 0xFE : 0xFF);
			return NULL;
		}
	}
	return (const char *)s;
}

/* A member that must be a string (or, with NULLABLE / OPTIONAL, may be
 * missing): its checked text in *out, NULL when missing. */
static int string_member(const char **out, struct convert *c, struct json_object *obj, const char *key,
			 const char *path, int flags)
{
	struct json_object *value = NULL;

	*out = NULL;
	if (member(&value, c, obj, key, path, json_type_string, flags) < 0)
		return -1;
	if (value == NULL)
		return 0;
	*out = text(c, value, path);
	return *out == NULL ? -1 : 0;
}

/* Counts every member of obj that is not in known (NULL-terminated) as
 * not kept, named prefix.key. */
static int unknown_members(struct convert *c, struct json_object *obj, const char *prefix,
			   const char *const *known)
{
	char what[256];
	size_t i;
	int found = 0;

	json_object_object_foreach(obj, key, value) {
		(void)value;
		found = 0;
		for (i = 0; known[i] != NULL && !found; i++)
			found = strcmp(key, known[i]) == 0;
		if (found)
			continue;
		snprintf(what, sizeof(what), "%s%s%s", prefix, prefix[0] ? "." : "", key);
		if (not_kept(c, what) < 0)
			return -1;
	}
	return 0;
}

/* Writer calls; a failure (out of memory) is noted and stops the record. */
static int start(struct convert *c, const char *name)
{
	if (xmlTextWriterStartElement(c->w, (const xmlChar *)name) < 0)
		c->writer_failed = 1;
	return c->writer_failed ? -1 : 0;
}

static int end(struct convert *c)
{
	if (xmlTextWriterEndElement(c->w) < 0)
		c->writer_failed = 1;
	return c->writer_failed ? -1 : 0;
}

static int attribute(struct convert *c, const char *name, const char *value)
{
	if (value == NULL)
		return 0;
	if (xmlTextWriterWriteAttribute(c->w, (const xmlChar *)name, (const xmlChar *)value) < 0)
		c->writer_failed = 1;
	return c->writer_failed ? -1 : 0;
}

static int content(struct convert *c, const char *value)
{
	if (xmlTextWriterWriteString(c->w, (const xmlChar *)value) < 0)
		c->writer_failed = 1;
	return c->writer_failed ? -1 : 0;
}

/* <name attributes... source="URL">value</name> in one call. */
static int claim_element(struct convert *c, const char *name, const char *value)
{
	if (start(c, name) < 0 || attribute(c, "source", c->url) < 0 || content(c, value) < 0)
		return -1;
	return end(c);
}

/* The last part of a ROR URL, checked to be a record id; NULL with a
 * problem when url is not https://ror.org/ID. */
static const char *ror_id(struct convert *c, const char *url, const char *path)
{
	const char *id = NULL;
	size_t i;

	if (strncmp(url, ROR_PREFIX, strlen(ROR_PREFIX)) != 0) {
		problem(c, "%s: '%s' is not a ROR id (https://ror.org/...)", path, url);
		return NULL;
	}
	id = url + strlen(ROR_PREFIX);
	for (i = 0; id[i] != '\0'; i++) {
		if (!((id[i] >= 'a' && id[i] <= 'z') || (id[i] >= '0' && id[i] <= '9')))
			break;
	}
	if (i == 0 || id[i] != '\0' || i > ID_MAX) {
		problem(c, "%s: '%s' does not end in a ROR id of lower-case letters and digits", path, url);
		return NULL;
	}
	return id;
}

/* ---- names */

static const char *const name_types[] = { "ror_display", "label", "alias", "acronym", NULL };

struct name_info {
	const char *value;
	const char *lang;
	const char *types[4];   /* as listed, without ror_display */
	size_t type_count;
	int display;
};

static int read_name(struct name_info *out, struct convert *c, struct json_object *name, size_t i)
{
	static const char *const known[] = { "value", "lang", "types", NULL };
	struct json_object *types = NULL;
	struct json_object *type = NULL;
	char path[64];
	const char *t = NULL;
	size_t j;
	size_t k;

	memset(out, 0, sizeof(*out));
	snprintf(path, sizeof(path), "names[%zu]", i);
	if (!json_object_is_type(name, json_type_object))
		return problem(c, "%s is %s, expected an object", path, type_name(name));
	snprintf(path, sizeof(path), "names[%zu].value", i);
	if (string_member(&out->value, c, name, "value", path, REQUIRED) < 0)
		return -1;
	snprintf(path, sizeof(path), "names[%zu].lang", i);
	if (string_member(&out->lang, c, name, "lang", path, OPTIONAL | NULLABLE) < 0)
		return -1;
	snprintf(path, sizeof(path), "names[%zu].types", i);
	if (member(&types, c, name, "types", path, json_type_array, REQUIRED) < 0)
		return -1;
	if (json_object_array_length(types) == 0)
		return problem(c, "%s is empty", path);
	for (j = 0; j < json_object_array_length(types); j++) {
		type = json_object_array_get_idx(types, j);
		snprintf(path, sizeof(path), "names[%zu].types[%zu]", i, j);
		if (!json_object_is_type(type, json_type_string))
			return problem(c, "%s is %s, expected a string", path, type_name(type));
		t = json_object_get_string(type);
		for (k = 0; name_types[k] != NULL && strcmp(name_types[k], t) != 0; k++)
			;
		if (name_types[k] == NULL)
			return problem(c, "%s: '%s' is not a ROR name type (ror_display, label, alias, acronym)",
				       path, t);
		if (k == 0) {
			out->display = 1;
			continue;
		}
		for (k = 0; k < out->type_count && strcmp(out->types[k], t) != 0; k++)
			;
		if (k < out->type_count)
			continue;  /* listed twice: the set is the same */
		out->types[out->type_count++] = t;
	}
	return unknown_members(c, name, "names[]", known);
}

/* "label alias": the kinds in types[from...], for the also attribute. */
static void also_kinds(char *buf, size_t size, const struct name_info *name, size_t from)
{
	size_t at = 0;
	size_t i;

	buf[0] = '\0';
	for (i = from; i < name->type_count; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%s", at ? " " : "", name->types[i]);
}

static int write_names(struct convert *c, struct json_object *record)
{
	struct json_object *names = NULL;
	struct name_info *info = NULL;
	size_t count = 0;
	size_t display = 0;
	size_t displays = 0;
	size_t others = 0;
	size_t i;
	char also[64];
	int rc = -1;

	if (member(&names, c, record, "names", "names", json_type_array, REQUIRED) < 0)
		return -1;
	count = json_object_array_length(names);
	if (count == 0)
		return problem(c, "names is empty: a ROR record has a display name");
	info = calloc(count, sizeof(*info));
	if (info == NULL) {
		c->nomem = 1;
		return -1;
	}
	for (i = 0; i < count; i++) {
		if (read_name(&info[i], c, json_object_array_get_idx(names, i), i) < 0)
			goto done;
		if (info[i].display) {
			display = i;
			displays++;
		}
	}
	if (displays != 1) {
		problem(c, "names has %zu names of type ror_display, expected one", displays);
		goto done;
	}
	also_kinds(also, sizeof(also), &info[display], 0);
	if (start(c, "name") < 0 || attribute(c, "lang", info[display].lang) < 0 ||
	    attribute(c, "also", also[0] ? also : NULL) < 0 || attribute(c, "source", c->url) < 0 ||
	    content(c, info[display].value) < 0 || end(c) < 0)
		goto done;
	others = count - 1;
	if (others > 0 && start(c, "other-names") < 0)
		goto done;
	for (i = 0; i < count; i++) {
		if (i == display)
			continue;
		also_kinds(also, sizeof(also), &info[i], 1);
		if (start(c, "name") < 0 || attribute(c, "kind", info[i].types[0]) < 0 ||
		    attribute(c, "also", also[0] ? also : NULL) < 0 || attribute(c, "lang", info[i].lang) < 0 ||
		    attribute(c, "source", c->url) < 0 || content(c, info[i].value) < 0 || end(c) < 0)
			goto done;
	}
	if (others > 0 && end(c) < 0)
		goto done;
	rc = 0;
done:
	free(info);
	return rc;
}

/* ---- status and types */

static int one_of(const char *value, const char *const *allowed)
{
	size_t i;

	for (i = 0; allowed[i] != NULL; i++) {
		if (strcmp(value, allowed[i]) == 0)
			return 1;
	}
	return 0;
}

static int write_status(struct convert *c, struct json_object *record)
{
	static const char *const statuses[] = { "active", "inactive", "withdrawn", NULL };
	const char *status = NULL;

	if (string_member(&status, c, record, "status", "status", REQUIRED) < 0)
		return -1;
	if (!one_of(status, statuses))
		return problem(c, "status: '%s' is not a ROR status (active, inactive, withdrawn)", status);
	return claim_element(c, "status", status);
}

/* A member that, when present, is an array; *out NULL when absent. */
static int array_member(struct json_object **out, struct convert *c, struct json_object *record,
			const char *key)
{
	return member(out, c, record, key, key, json_type_array, OPTIONAL);
}

static int write_types(struct convert *c, struct json_object *record)
{
	static const char *const types[] = { "education", "funder", "healthcare", "company", "archive",
					     "nonprofit", "government", "facility", "other", NULL };
	struct json_object *list = NULL;
	struct json_object *type = NULL;
	const char *value = NULL;
	char path[64];
	size_t i;

	if (array_member(&list, c, record, "types") < 0)
		return -1;
	for (i = 0; list != NULL && i < json_object_array_length(list); i++) {
		type = json_object_array_get_idx(list, i);
		snprintf(path, sizeof(path), "types[%zu]", i);
		if (!json_object_is_type(type, json_type_string))
			return problem(c, "%s is %s, expected a string", path, type_name(type));
		value = json_object_get_string(type);
		if (!one_of(value, types))
			return problem(c, "%s: '%s' is not a ROR organization type", path, value);
		if (claim_element(c, "type", value) < 0)
			return -1;
	}
	return 0;
}

/* ---- locations */

/* The text of a number as the source wrote it, NULL when absent. */
static int number_member(const char **out, struct convert *c, struct json_object *obj, const char *key,
			 const char *path, int flags)
{
	struct json_object *value = NULL;

	*out = NULL;
	if (member(&value, c, obj, key, path, json_type_double, flags) < 0)
		return -1;
	if (value != NULL)
		*out = json_object_to_json_string_ext(value, JSON_C_TO_STRING_PLAIN);
	return 0;
}

static int write_location(struct convert *c, struct json_object *location, size_t i)
{
	static const char *const known[] = { "geonames_id", "geonames_details", NULL };
	static const char *const known_details[] = { "name", "country_subdivision_name", "country_subdivision_code",
						     "country_code", "country_name", "continent_code",
						     "continent_name", "lat", "lng", NULL };
	struct json_object *details = NULL;
	struct json_object *geonames = NULL;
	const char *city = NULL, *region = NULL, *region_code = NULL, *country = NULL, *country_name = NULL;
	const char *continent = NULL, *continent_name = NULL, *lat = NULL, *lng = NULL;
	char path[96];
	char id[32];

	snprintf(path, sizeof(path), "locations[%zu]", i);
	if (!json_object_is_type(location, json_type_object))
		return problem(c, "%s is %s, expected an object", path, type_name(location));
	snprintf(path, sizeof(path), "locations[%zu].geonames_id", i);
	if (member(&geonames, c, location, "geonames_id", path, json_type_int, OPTIONAL | NULLABLE) < 0)
		return -1;
	if (geonames != NULL && json_object_get_int64(geonames) < 0)
		return problem(c, "%s is negative", path);
	snprintf(path, sizeof(path), "locations[%zu].geonames_details", i);
	if (member(&details, c, location, "geonames_details", path, json_type_object, OPTIONAL | NULLABLE) < 0)
		return -1;
	if (details != NULL) {
#define DETAIL(out, key, reader) \
	(snprintf(path, sizeof(path), "locations[%zu].geonames_details." key, i), \
	 reader(&(out), c, details, key, path, OPTIONAL | NULLABLE))
		if (DETAIL(city, "name", string_member) < 0 ||
		    DETAIL(region, "country_subdivision_name", string_member) < 0 ||
		    DETAIL(region_code, "country_subdivision_code", string_member) < 0 ||
		    DETAIL(country, "country_code", string_member) < 0 ||
		    DETAIL(country_name, "country_name", string_member) < 0 ||
		    DETAIL(continent, "continent_code", string_member) < 0 ||
		    DETAIL(continent_name, "continent_name", string_member) < 0 ||
		    DETAIL(lat, "lat", number_member) < 0 || DETAIL(lng, "lng", number_member) < 0)
			return -1;
#undef DETAIL
		if (unknown_members(c, details, "locations[].geonames_details", known_details) < 0)
			return -1;
	}
	if (unknown_members(c, location, "locations[]", known) < 0)
		return -1;
	if (geonames != NULL)
		snprintf(id, sizeof(id), "%lld", (long long)json_object_get_int64(geonames));
	if (start(c, "location") < 0 || attribute(c, "geonames-id", geonames ? id : NULL) < 0 ||
	    attribute(c, "latitude", lat) < 0 || attribute(c, "longitude", lng) < 0 ||
	    attribute(c, "source", c->url) < 0)
		return -1;
	if (city != NULL && (start(c, "city") < 0 || content(c, city) < 0 || end(c) < 0))
		return -1;
	if ((region != NULL || region_code != NULL) &&
	    (start(c, "region") < 0 || attribute(c, "code", region_code) < 0 ||
	     (region != NULL && content(c, region) < 0) || end(c) < 0))
		return -1;
	if (country != NULL && (start(c, "country") < 0 || attribute(c, "name", country_name) < 0 ||
				content(c, country) < 0 || end(c) < 0))
		return -1;
	if (country == NULL && country_name != NULL && not_kept(c, "locations[].geonames_details.country_name without a country_code") < 0)
		return -1;
	if (continent != NULL && (start(c, "continent") < 0 || attribute(c, "name", continent_name) < 0 ||
				  content(c, continent) < 0 || end(c) < 0))
		return -1;
	if (continent == NULL && continent_name != NULL &&
	    not_kept(c, "locations[].geonames_details.continent_name without a continent_code") < 0)
		return -1;
	return end(c);
}

static int write_locations(struct convert *c, struct json_object *record)
{
	struct json_object *list = NULL;
	size_t i;

	if (array_member(&list, c, record, "locations") < 0)
		return -1;
	if (list == NULL || json_object_array_length(list) == 0)
		return 0;
	if (start(c, "locations") < 0)
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		if (write_location(c, json_object_array_get_idx(list, i), i) < 0)
			return -1;
	}
	return end(c);
}

/* ---- links and domains */

static int write_links(struct convert *c, struct json_object *record)
{
	static const char *const known[] = { "type", "value", NULL };
	struct json_object *list = NULL;
	struct json_object *link = NULL;
	const char *type = NULL;
	const char *value = NULL;
	const char *kind = NULL;
	char path[64];
	size_t i;

	if (array_member(&list, c, record, "links") < 0)
		return -1;
	if (list == NULL || json_object_array_length(list) == 0)
		return 0;
	if (start(c, "links") < 0)
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		link = json_object_array_get_idx(list, i);
		snprintf(path, sizeof(path), "links[%zu]", i);
		if (!json_object_is_type(link, json_type_object))
			return problem(c, "%s is %s, expected an object", path, type_name(link));
		snprintf(path, sizeof(path), "links[%zu].type", i);
		if (string_member(&type, c, link, "type", path, REQUIRED) < 0)
			return -1;
		snprintf(path, sizeof(path), "links[%zu].value", i);
		if (string_member(&value, c, link, "value", path, REQUIRED) < 0)
			return -1;
		if (unknown_members(c, link, "links[]", known) < 0)
			return -1;
		kind = strcmp(type, "website") == 0 || strcmp(type, "wikipedia") == 0 ? type : "other";
		/* The model has website, wikipedia and other: another type's name is lost. */
		if (kind != type && not_kept(c, "links[].type other than website and wikipedia (written as other)") < 0)
			return -1;
		if (start(c, "link") < 0 || attribute(c, "kind", kind) < 0 || attribute(c, "source", c->url) < 0 ||
		    content(c, value) < 0 || end(c) < 0)
			return -1;
	}
	return end(c);
}

static int write_domains(struct convert *c, struct json_object *record)
{
	struct json_object *list = NULL;
	const char *value = NULL;
	char path[64];
	size_t i;

	if (array_member(&list, c, record, "domains") < 0)
		return -1;
	if (list == NULL || json_object_array_length(list) == 0)
		return 0;
	if (start(c, "domains") < 0)
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		snprintf(path, sizeof(path), "domains[%zu]", i);
		if (!json_object_is_type(json_object_array_get_idx(list, i), json_type_string))
			return problem(c, "%s is %s, expected a string", path,
				       type_name(json_object_array_get_idx(list, i)));
		value = text(c, json_object_array_get_idx(list, i), path);
		if (value == NULL || claim_element(c, "domain", value) < 0)
			return -1;
	}
	return end(c);
}

/* ---- identifiers */

static int write_identifier(struct convert *c, const char *scheme, const char *value, int preferred)
{
	if (start(c, "identifier") < 0 || attribute(c, "scheme", scheme) < 0 ||
	    attribute(c, "preferred", preferred ? "true" : NULL) < 0 || attribute(c, "source", c->url) < 0 ||
	    content(c, value) < 0)
		return -1;
	return end(c);
}

/* A scheme name is a token: no white space, not empty. */
static int is_token(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 0;
	}
	return i > 0;
}

static int write_identifiers(struct convert *c, struct json_object *record)
{
	static const char *const known[] = { "type", "all", "preferred", NULL };
	struct json_object *list = NULL;
	struct json_object *entry = NULL;
	struct json_object *all = NULL;
	struct json_object *one = NULL;
	const char *type = NULL;
	const char *preferred = NULL;
	const char *value = NULL;
	char path[64];
	size_t i;
	size_t j;
	int preferred_written = 0;

	if (array_member(&list, c, record, "external_ids") < 0)
		return -1;
	if (start(c, "identifiers") < 0 || write_identifier(c, "ror", c->url, 0) < 0)
		return -1;
	for (i = 0; list != NULL && i < json_object_array_length(list); i++) {
		entry = json_object_array_get_idx(list, i);
		snprintf(path, sizeof(path), "external_ids[%zu]", i);
		if (!json_object_is_type(entry, json_type_object))
			return problem(c, "%s is %s, expected an object", path, type_name(entry));
		snprintf(path, sizeof(path), "external_ids[%zu].type", i);
		if (string_member(&type, c, entry, "type", path, REQUIRED) < 0)
			return -1;
		if (!is_token(type))
			return problem(c, "%s: '%s' is not a scheme name (empty or with white space)", path, type);
		snprintf(path, sizeof(path), "external_ids[%zu].preferred", i);
		if (string_member(&preferred, c, entry, "preferred", path, OPTIONAL | NULLABLE) < 0)
			return -1;
		snprintf(path, sizeof(path), "external_ids[%zu].all", i);
		if (member(&all, c, entry, "all", path, json_type_array, REQUIRED) < 0)
			return -1;
		if (unknown_members(c, entry, "external_ids[]", known) < 0)
			return -1;
		preferred_written = 0;
		for (j = 0; j < json_object_array_length(all); j++) {
			one = json_object_array_get_idx(all, j);
			snprintf(path, sizeof(path), "external_ids[%zu].all[%zu]", i, j);
			if (!json_object_is_type(one, json_type_string))
				return problem(c, "%s is %s, expected a string", path, type_name(one));
			value = text(c, one, path);
			if (value == NULL)
				return -1;
			/* Only the first of equal values is the preferred one. */
			if (write_identifier(c, type, value, preferred != NULL && !preferred_written &&
							      strcmp(preferred, value) == 0) < 0)
				return -1;
			if (preferred != NULL && strcmp(preferred, value) == 0)
				preferred_written = 1;
		}
		/* A preferred value the list lacks is still a value the source states. */
		if (preferred != NULL && !preferred_written && write_identifier(c, type, preferred, 1) < 0)
			return -1;
	}
	return end(c);
}

/* ---- founding, relationships, the registry record */

static int write_established(struct convert *c, struct json_object *record)
{
	struct json_object *established = NULL;
	long long year = 0;
	char text_year[16];

	if (member(&established, c, record, "established", "established", json_type_int, OPTIONAL | NULLABLE) < 0)
		return -1;
	if (established == NULL)
		return 0;
	year = (long long)json_object_get_int64(established);
	if (year < 0 || year > 9999)
		return problem(c, "established: %lld is not a year of four digits", year);
	snprintf(text_year, sizeof(text_year), "%04lld", year);
	if (start(c, "dates") < 0 || claim_element(c, "founded", text_year) < 0)
		return -1;
	return end(c);
}

static int write_relationships(struct convert *c, struct json_object *record)
{
	static const char *const known[] = { "type", "id", "label", NULL };
	static const char *const kinds[] = { "parent", "child", "related", "predecessor", "successor", NULL };
	struct json_object *list = NULL;
	struct json_object *relationship = NULL;
	const char *type = NULL;
	const char *url = NULL;
	const char *label = NULL;
	const char *id = NULL;
	char path[64];
	size_t i;

	if (array_member(&list, c, record, "relationships") < 0)
		return -1;
	if (list == NULL || json_object_array_length(list) == 0)
		return 0;
	if (start(c, "relationships") < 0)
		return -1;
	for (i = 0; i < json_object_array_length(list); i++) {
		relationship = json_object_array_get_idx(list, i);
		snprintf(path, sizeof(path), "relationships[%zu]", i);
		if (!json_object_is_type(relationship, json_type_object))
			return problem(c, "%s is %s, expected an object", path, type_name(relationship));
		snprintf(path, sizeof(path), "relationships[%zu].type", i);
		if (string_member(&type, c, relationship, "type", path, REQUIRED) < 0)
			return -1;
		if (!one_of(type, kinds))
			return problem(c, "%s: '%s' is not a ROR relationship type", path, type);
		snprintf(path, sizeof(path), "relationships[%zu].id", i);
		if (string_member(&url, c, relationship, "id", path, REQUIRED) < 0 ||
		    (id = ror_id(c, url, path)) == NULL)
			return -1;
		snprintf(path, sizeof(path), "relationships[%zu].label", i);
		if (string_member(&label, c, relationship, "label", path, REQUIRED) < 0)
			return -1;
		if (unknown_members(c, relationship, "relationships[]", known) < 0)
			return -1;
		/* ROR's types name the target's role, as orgcheck's kinds do. */
		if (start(c, "relationship") < 0 || attribute(c, "kind", type) < 0 ||
		    attribute(c, "source", c->url) < 0 || start(c, "org-ref") < 0 || attribute(c, "ref", id) < 0 ||
		    content(c, label) < 0 || end(c) < 0 || end(c) < 0)
			return -1;
	}
	return end(c);
}

/* admin.created.date and admin.last_modified.date: the registry record's
 * dates; their schema versions say which ROR schema wrote the record, not
 * something about the organization, and are counted as not kept. */
static int admin_date(const char **out, struct convert *c, struct json_object *admin, const char *key)
{
	static const char *const known[] = { "date", NULL };
	struct json_object *part = NULL;
	char path[64];
	char prefix[64];

	*out = NULL;
	snprintf(path, sizeof(path), "admin.%s", key);
	if (member(&part, c, admin, key, path, json_type_object, OPTIONAL | NULLABLE) < 0)
		return -1;
	if (part == NULL)
		return 0;
	snprintf(path, sizeof(path), "admin.%s.date", key);
	if (string_member(out, c, part, "date", path, OPTIONAL | NULLABLE) < 0)
		return -1;
	snprintf(prefix, sizeof(prefix), "admin.%s", key);
	return unknown_members(c, part, prefix, known);
}

static int write_registry_record(struct convert *c, struct json_object *record)
{
	static const char *const known[] = { "created", "last_modified", NULL };
	struct json_object *admin = NULL;
	const char *created = NULL;
	const char *modified = NULL;

	if (member(&admin, c, record, "admin", "admin", json_type_object, OPTIONAL | NULLABLE) < 0)
		return -1;
	if (admin != NULL && (admin_date(&created, c, admin, "created") < 0 ||
			      admin_date(&modified, c, admin, "last_modified") < 0 ||
			      unknown_members(c, admin, "admin", known) < 0))
		return -1;
	if (start(c, "registry-record") < 0 || attribute(c, "created", created) < 0 ||
	    attribute(c, "last-modified", modified) < 0 || attribute(c, "source", c->url) < 0)
		return -1;
	return end(c);
}

/* Writes record into a new buffer; *id_out borrows from record. Returns 0
 * with the buffer in *out, or -1 (c->problem, c->nomem or
 * c->writer_failed says why). */
static int convert_record(xmlBufferPtr *out, const char **id_out, struct convert *c, struct json_object *record)
{
	static const char *const known[] = { "id", "names", "status", "types", "locations", "links", "domains",
					     "external_ids", "established", "relationships", "admin", NULL };
	xmlBufferPtr buffer = NULL;
	const char *id = NULL;
	int rc = -1;

	*out = NULL;
	*id_out = NULL;
	if (!json_object_is_type(record, json_type_object))
		return problem(c, "not a ROR record: %s, not an object", type_name(record));
	if (!json_object_object_get_ex(record, "id", NULL))
		return problem(c, "not a ROR record: no id");
	if (string_member(&c->url, c, record, "id", "id", REQUIRED) < 0)
		return -1;
	if ((id = ror_id(c, c->url, "id")) == NULL)
		return -1;
	/* ROR v1 records have name, labels and aliases where v2 has names. */
	if (!json_object_object_get_ex(record, "names", NULL))
		return problem(c, "not a ROR v2 record: no names%s",
			       json_object_object_get_ex(record, "name", NULL) ? " (it has name: a ROR v1 record?)" : "");
	buffer = xmlBufferCreate();
	if (buffer == NULL) {
		c->nomem = 1;
		return -1;
	}
	c->w = xmlNewTextWriterMemory(buffer, 0);
	if (c->w == NULL) {
		c->nomem = 1;
		goto done;
	}
	if (xmlTextWriterSetIndent(c->w, 1) < 0 || xmlTextWriterSetIndentString(c->w, (const xmlChar *)"  ") < 0 ||
	    xmlTextWriterStartDocument(c->w, NULL, "UTF-8", NULL) < 0) {
		c->writer_failed = 1;
		goto done;
	}
	if (start(c, "organization") < 0 || attribute(c, "xmlns", RECORD_NS) < 0 || attribute(c, "id", id) < 0)
		goto done;
	if (write_names(c, record) < 0 || write_status(c, record) < 0 || write_types(c, record) < 0 ||
	    write_locations(c, record) < 0 || write_links(c, record) < 0 || write_domains(c, record) < 0 ||
	    write_identifiers(c, record) < 0 || write_established(c, record) < 0 ||
	    write_relationships(c, record) < 0 || write_registry_record(c, record) < 0 ||
	    unknown_members(c, record, "", known) < 0)
		goto done;
	if (end(c) < 0 || xmlTextWriterEndDocument(c->w) < 0) {
		c->writer_failed = 1;
		goto done;
	}
	xmlFreeTextWriter(c->w);  /* flushes into buffer */
	c->w = NULL;
	*out = buffer;
	buffer = NULL;
	*id_out = id;
	rc = 0;
done:
	if (c->w != NULL)
		xmlFreeTextWriter(c->w);
	c->w = NULL;
	xmlBufferFree(buffer);
	return rc;
}

/* "dump.json: record 12 (https://ror.org/x)" or "x.json", into buf. */
static void where(char *buf, size_t size, const char *input, size_t index, const char *url)
{
	if (index > 0 && url != NULL)
		snprintf(buf, size, "%s: record %zu (%s)", input, index, url);
	else if (index > 0)
		snprintf(buf, size, "%s: record %zu", input, index);
	else if (url != NULL)
		snprintf(buf, size, "%s (%s)", input, url);
	else
		snprintf(buf, size, "%s", input);
}

/* Converts record; on success *xml_out and *id_out are the caller's (free
 * both), on a problem both stay NULL and the report says why. Returns 0,
 * or ORGCHECK_ENOMEM. */
static int convert_object(char **xml_out, char **id_out, struct orgcheck_import_report *report,
			  struct json_object *record, const char *input, size_t index, struct orgcheck_error *err)
{
	struct convert c;
	xmlBufferPtr buffer = NULL;
	const char *id = NULL;
	char place[PROBLEM_MAX];
	int rc = 0;

	*xml_out = NULL;
	*id_out = NULL;
	memset(&c, 0, sizeof(c));
	c.report = report;
	c.input = input;
	c.index = index;
	report->serial++;
	if (convert_record(&buffer, &id, &c, record) == 0) {
		*xml_out = strdup((const char *)xmlBufferContent(buffer));
		*id_out = strdup(id);
		xmlBufferFree(buffer);
		if (*xml_out == NULL || *id_out == NULL) {
			free(*xml_out);
			free(*id_out);
			*xml_out = NULL;
			*id_out = NULL;
			return orgcheck_error_nomem(err);
		}
		return 0;
	}
	if (c.nomem || c.writer_failed)
		return orgcheck_error_nomem(err);
	forget_not_kept(report);
	where(place, sizeof(place), input, index, c.url);
	report->records_rejected++;
	rc = report_problem(report, "%s: %s", place, c.problem);
	return rc < 0 ? orgcheck_error_nomem(err) : 0;
}

static json_tokener *new_tokener(void)
{
	json_tokener *tok = json_tokener_new_ex(JSON_DEPTH);

	/* Not JSON_TOKENER_VALIDATE_UTF8: json-c 0.16 rejects a character
	 * whose bytes arrive in two pieces, as they do at a chunk's end.
	 * text() checks every string that is written instead. */
	if (tok != NULL)
		json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	return tok;
}

int orgcheck_import_ror_convert(char **xml_out, char **id_out, struct orgcheck_import_report *report,
				const char *json, size_t length, const char *name,
				struct orgcheck_error *err)
{
	json_tokener *tok = NULL;
	struct json_object *record = NULL;
	enum json_tokener_error jerr;
	int rc = 0;

	*xml_out = NULL;
	*id_out = NULL;
	if (length > (size_t)0x7fffffff)
		return orgcheck_error_set(err, ORGCHECK_EINVAL, "%s: too large", name);
	tok = new_tokener();
	if (tok == NULL)
		return orgcheck_error_nomem(err);
	record = json_tokener_parse_ex(tok, json, (int)length);
	jerr = json_tokener_get_error(tok);
	if (record == NULL || (size_t)json_tokener_get_parse_end(tok) != length) {
		report->serial++;
		report->records_rejected++;
		rc = report_problem(report, "%s: not JSON: %s", name,
				    record != NULL ? "text after the value" :
				    jerr == json_tokener_continue ? "the text ends inside a value" :
				    json_tokener_error_desc(jerr));
		rc = rc < 0 ? orgcheck_error_nomem(err) : 0;
		goto done;
	}
	rc = convert_object(xml_out, id_out, report, record, name, 0, err);
done:
	json_object_put(record);
	json_tokener_free(tok);
	return rc;
}

/* ---------------------------------------------------------------- files */

/* Ids written so far in this import: a later record with the same id
 * replaces the earlier file, and the report says how often. */
struct id_set {
	char **slots;
	size_t capacity;  /* a power of two */
	size_t count;
};

static size_t id_hash(const char *s)
{
	size_t h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Adds id; *added is 0 when it was there. Returns 0 or -1 (no memory). */
static int id_set_add(struct id_set *set, const char *id, int *added)
{
	char **grown = NULL;
	size_t wanted = 0;
	size_t i;
	size_t at;

	*added = 0;
	if ((set->count + 1) * 2 > set->capacity) {
		wanted = set->capacity ? set->capacity * 2 : 1024;
		grown = calloc(wanted, sizeof(*grown));
		if (grown == NULL)
			return -1;
		for (i = 0; i < set->capacity; i++) {
			if (set->slots[i] == NULL)
				continue;
			for (at = id_hash(set->slots[i]) & (wanted - 1); grown[at] != NULL; at = (at + 1) & (wanted - 1))
				;
			grown[at] = set->slots[i];
		}
		free(set->slots);
		set->slots = grown;
		set->capacity = wanted;
	}
	for (at = id_hash(id) & (set->capacity - 1); set->slots[at] != NULL; at = (at + 1) & (set->capacity - 1)) {
		if (strcmp(set->slots[at], id) == 0)
			return 0;
	}
	set->slots[at] = strdup(id);
	if (set->slots[at] == NULL)
		return -1;
	set->count++;
	*added = 1;
	return 0;
}

static void id_set_release(struct id_set *set)
{
	size_t i;

	for (i = 0; i < set->capacity; i++)
		free(set->slots[i]);
	free(set->slots);
	memset(set, 0, sizeof(*set));
}

struct importer {
	struct orgcheck_import_report *report;
	struct orgcheck_error *err;
	char *org_dir;          /* DIR/records/organizations */
	json_tokener *tok;
	struct id_set ids;
};

/* Writes xml as org_dir/id.xml through a temporary file in org_dir. */
static int write_record_file(struct importer *im, const char *id, const char *xml)
{
	size_t length = strlen(xml);
	size_t path_size = strlen(im->org_dir) + strlen(id) + 32;
	char *path = malloc(path_size);
	char *tmp = malloc(path_size);
	FILE *file = NULL;
	int fd = -1;
	int rc = 0;

	if (path == NULL || tmp == NULL) {
		rc = orgcheck_error_nomem(im->err);
		goto done;
	}
	snprintf(path, path_size, "%s/%s.xml", im->org_dir, id);
	snprintf(tmp, path_size, "%s/.%s.xml.XXXXXX", im->org_dir, id);
	fd = mkstemp(tmp);
	if (fd < 0) {
		rc = orgcheck_error_set(im->err, ORGCHECK_EIO, "cannot create a file in '%s': %s", im->org_dir,
					strerror(errno));
		tmp[0] = '\0';
		goto done;
	}
	if (fchmod(fd, 0644) < 0 || (file = fdopen(fd, "wb")) == NULL) {
		rc = orgcheck_error_set(im->err, ORGCHECK_EIO, "cannot write '%s': %s", tmp, strerror(errno));
		close(fd);
		goto done;
	}
	if (fwrite(xml, 1, length, file) != length || fflush(file) != 0) {
		rc = orgcheck_error_set(im->err, ORGCHECK_EIO, "cannot write '%s': %s", tmp, strerror(errno));
		fclose(file);
		goto done;
	}
	if (fclose(file) != 0) {
		rc = orgcheck_error_set(im->err, ORGCHECK_EIO, "cannot write '%s': %s", tmp, strerror(errno));
		goto done;
	}
	if (rename(tmp, path) < 0) {
		rc = orgcheck_error_set(im->err, ORGCHECK_EIO, "cannot rename '%s' to '%s': %s", tmp, path,
					strerror(errno));
		goto done;
	}
	tmp[0] = '\0';
done:
	if (tmp != NULL && tmp[0] != '\0' && fd >= 0)
		(void)unlink(tmp);
	free(path);
	free(tmp);
	return rc;
}

/* Converts and writes one parsed record. */
static int import_object(struct importer *im, struct json_object *record, const char *input, size_t index)
{
	char *xml = NULL;
	char *id = NULL;
	int added = 0;
	int rc = 0;

	rc = convert_object(&xml, &id, im->report, record, input, index, im->err);
	if (rc < 0 || xml == NULL)
		goto done;
	if (id_set_add(&im->ids, id, &added) < 0) {
		rc = orgcheck_error_nomem(im->err);
		goto done;
	}
	if (!added && report_not_kept(im->report, "record replaced by a later record of the import with the same id") < 0) {
		rc = orgcheck_error_nomem(im->err);
		goto done;
	}
	rc = write_record_file(im, id, xml);
	if (rc == 0)
		im->report->records_written++;
done:
	free(xml);
	free(id);
	return rc;
}

/* The state of the scan of a data dump: which byte of which element. */
struct dump_scan {
	size_t index;          /* elements begun so far */
	int in_element;
	int is_object;         /* the element is an object: its bytes go to the tokener */
	int is_container;      /* an object or an array: ends where its depth returns to 0 */
	int scalar_string;     /* a string element: ends at its closing quote */
	size_t depth;
	unsigned long long arrays;  /* bit i: level i is an array (for the first 64 levels) */
	int in_string;
	int escape;
	int expect_value;      /* after '[' or ',' */
	int after_first;       /* at least one element, or a comma, seen */
	int done;              /* the array's ']' seen */
	int tokener_failed;
	enum json_tokener_error tokener_error;
	struct json_object *parsed;
};

static int reject_input(struct importer *im, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static int reject_input(struct importer *im, const char *fmt, ...)
{
	char *message = NULL;
	va_list ap;
	int rc = 0;

	va_start(ap, fmt);
	message = format_message(fmt, ap);
	va_end(ap);
	if (message == NULL)
		return orgcheck_error_nomem(im->err);
	im->report->inputs_rejected++;
	rc = report_problem(im->report, "%s", message);
	free(message);
	return rc < 0 ? orgcheck_error_nomem(im->err) : 0;
}

static void feed(struct importer *im, struct dump_scan *s, const char *bytes, size_t length)
{
	struct json_object *parsed = NULL;
	enum json_tokener_error jerr;

	if (!s->is_object || s->tokener_failed || length == 0)
		return;
	if (s->parsed != NULL) {
		/* The tokener finished before the scan did: they disagree. */
		s->tokener_failed = 1;
		s->tokener_error = json_tokener_error_parse_unexpected;
		return;
	}
	parsed = json_tokener_parse_ex(im->tok, bytes, (int)length);
	jerr = json_tokener_get_error(im->tok);
	if (parsed != NULL)
		s->parsed = parsed;
	else if (jerr != json_tokener_continue) {
		s->tokener_failed = 1;
		s->tokener_error = jerr;
	}
}

/* The element that just ended: import it, or say why not. */
static int finish_element(struct importer *im, struct dump_scan *s, const char *input, char first_byte)
{
	char place[PROBLEM_MAX];
	int rc = 0;

	s->in_element = 0;
	if (!s->is_object) {
		im->report->serial++;
		im->report->records_rejected++;
		where(place, sizeof(place), input, s->index, NULL);
		rc = report_problem(im->report, "%s: not a ROR record: %s, not an object", place,
				    first_byte == '[' ? "an array" : first_byte == '"' ? "a string" :
				    first_byte == 't' || first_byte == 'f' ? "a boolean" :
				    first_byte == 'n' ? "null" : "a number");
		return rc < 0 ? orgcheck_error_nomem(im->err) : 0;
	}
	if (s->tokener_failed || s->parsed == NULL) {
		im->report->serial++;
		im->report->records_rejected++;
		where(place, sizeof(place), input, s->index, NULL);
		rc = report_problem(im->report, "%s: not JSON: %s", place,
				    s->tokener_failed ? json_tokener_error_desc(s->tokener_error) :
				    "the record ends too early");
		rc = rc < 0 ? orgcheck_error_nomem(im->err) : 0;
	} else {
		rc = import_object(im, s->parsed, input, s->index);
	}
	json_object_put(s->parsed);
	s->parsed = NULL;
	s->tokener_failed = 0;
	json_tokener_reset(im->tok);
	return rc;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Scans one chunk of a dump (bytes after the array's '['); offset is the
 * position of bytes[0] in the file. Returns 0, a negative error, or 1 when
 * the input is rejected (its problem reported). */
static int scan_chunk(struct importer *im, struct dump_scan *s, const char *input, const char *bytes,
		      size_t length, unsigned long long offset, char *first_byte)
{
	size_t from = 0;  /* start of the current element's bytes in this chunk */
	size_t i;
	char c;
	int rc = 0;

	for (i = 0; i < length; i++) {
		c = bytes[i];
		if (s->done) {
			if (!is_space(c))
				return reject_input(im, "%s: not JSON: text after the array at byte %llu", input,
						    offset + i) < 0 ? -1 : 1;
			continue;
		}
		if (!s->in_element) {
			if (is_space(c))
				continue;
			if (c == ']' && (!s->after_first || !s->expect_value)) {
				s->done = 1;
				continue;
			}
			if (!s->expect_value) {
				if (c == ',') {
					s->expect_value = 1;
					s->after_first = 1;
					continue;
				}
				return reject_input(im, "%s: not JSON: expected ',' or ']' at byte %llu", input,
						    offset + i) < 0 ? -1 : 1;
			}
			if (c == ',' || c == ']' || c == '}' || c == ':')
				return reject_input(im, "%s: not JSON: unexpected '%c' at byte %llu", input, c,
						    offset + i) < 0 ? -1 : 1;
			/* An element begins. */
			s->index++;
			s->in_element = 1;
			s->expect_value = 0;
			s->after_first = 1;
			s->is_object = c == '{';
			s->is_container = c == '{' || c == '[';
			s->scalar_string = c == '"';
			s->in_string = c == '"';
			s->escape = 0;
			s->depth = s->is_container ? 1 : 0;
			s->arrays = c == '[';
			*first_byte = c;
			from = i;
			continue;
		}
		if (s->in_string) {
			if (s->escape)
				s->escape = 0;
			else if (c == '\\')
				s->escape = 1;
			else if (c == '"') {
				s->in_string = 0;
				if (s->scalar_string) {
					rc = finish_element(im, s, input, *first_byte);
					if (rc < 0)
						return rc;
				}
			}
			continue;
		}
		if (!s->is_container) {
			/* A number, true, false or null: ends before , ] or space. */
			if (c == ',' || c == ']' || is_space(c)) {
				rc = finish_element(im, s, input, *first_byte);
				if (rc < 0)
					return rc;
				/* The separator is read again, outside the element. */
				if (c == ',')
					s->expect_value = 1;
				else if (c == ']')
					s->done = 1;
			}
			continue;
		}
		if (c == '"')
			s->in_string = 1;
		else if (c == '{' || c == '[') {
			if (s->depth < 64)
				s->arrays = (s->arrays & ~(1ULL << s->depth)) | ((unsigned long long)(c == '[') << s->depth);
			s->depth++;
		} else if ((c == '}' || c == ']') && s->depth - 1 < 64 &&
			   ((s->arrays >> (s->depth - 1)) & 1) != (c == ']')) {
			/* Where the element ends is no longer known: the records
			 * after it cannot be told apart, so the file stops here. */
			im->report->serial++;
			im->report->records_rejected++;
			rc = reject_input(im, "%s: record %zu: not JSON: '%c' at byte %llu closes a%s; the rest of the file is not read",
					  input, s->index, c, offset + i, c == ']' ? "n object" : "n array");
			return rc < 0 ? rc : 1;
		} else if ((c == '}' || c == ']') && --s->depth == 0) {
			feed(im, s, bytes + from, i + 1 - from);
			rc = finish_element(im, s, input, *first_byte);
			if (rc < 0)
				return rc;
		}
	}
	if (s->in_element)
		feed(im, s, bytes + from, length - from);
	return 0;
}

/* Reads one file: a record of its own (an object) or a dump (an array). */
static int import_file(struct importer *im, const char *path)
{
	FILE *file = fopen(path, "rb");
	char *chunk = NULL;
	struct dump_scan scan;
	struct json_object *record = NULL;
	unsigned long long offset = 0;
	size_t got = 0;
	size_t at = 0;
	char mode = 0;       /* 0 not yet known, '{' a record, '[' a dump */
	char first_byte = 0;
	int single_done = 0;
	int rc = 0;

	memset(&scan, 0, sizeof(scan));
	scan.expect_value = 1;
	im->report->inputs++;
	if (file == NULL)
		return reject_input(im, "cannot open '%s': %s", path, strerror(errno));
	chunk = malloc(READ_CHUNK);
	if (chunk == NULL) {
		rc = orgcheck_error_nomem(im->err);
		goto done;
	}
	json_tokener_reset(im->tok);
	while ((got = fread(chunk, 1, READ_CHUNK, file)) > 0) {
		at = 0;
		if (mode == 0) {
			if (offset == 0 && got >= 3 && memcmp(chunk, "\xEF\xBB\xBF", 3) == 0)
				at = 3;  /* a UTF-8 byte order mark */
			while (at < got && is_space(chunk[at]))
				at++;
			if (at == got) {
				offset += got;
				continue;
			}
			mode = chunk[at];
			if (mode != '{' && mode != '[') {
				rc = reject_input(im, "%s: not JSON: a ROR record or dump begins with '{' or '['", path);
				goto done;
			}
			if (mode == '[')
				at++;
		}
		if (mode == '[') {
			rc = scan_chunk(im, &scan, path, chunk + at, got - at, offset + at, &first_byte);
			if (rc != 0) {
				/* 1: this input was rejected; the others still go. */
				rc = rc < 0 ? rc : 0;
				goto done;
			}
		} else if (!single_done) {
			record = json_tokener_parse_ex(im->tok, chunk + at, (int)(got - at));
			if (record == NULL && json_tokener_get_error(im->tok) != json_tokener_continue) {
				im->report->serial++;
				im->report->records_rejected++;
				rc = report_problem(im->report, "%s: not JSON: %s", path,
						    json_tokener_error_desc(json_tokener_get_error(im->tok)));
				rc = rc < 0 ? orgcheck_error_nomem(im->err) : 0;
				goto done;
			}
			if (record != NULL) {
				single_done = 1;
				at += (size_t)json_tokener_get_parse_end(im->tok);
			}
		}
		if (mode == '{' && single_done) {
			for (; at < got; at++) {
				if (!is_space(chunk[at])) {
					rc = reject_input(im, "%s: not JSON: text after the record", path);
					goto done;
				}
			}
		}
		offset += got;
	}
	if (ferror(file)) {
		rc = reject_input(im, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	if (mode == 0) {
		rc = reject_input(im, "%s: not JSON: the file is empty", path);
	} else if (mode == '[' && !scan.done) {
		if (scan.in_element && !scan.is_container && !scan.scalar_string)
			rc = finish_element(im, &scan, path, first_byte);
		if (rc == 0 && scan.in_element)
			rc = reject_input(im, "%s: not JSON: the file ends inside record %zu", path, scan.index);
		else if (rc == 0)
			rc = reject_input(im, "%s: not JSON: the file ends before the array does (after %zu records)",
					  path, scan.index);
	} else if (mode == '{' && !single_done) {
		im->report->serial++;
		im->report->records_rejected++;
		rc = report_problem(im->report, "%s: not JSON: the file ends inside the record", path);
		rc = rc < 0 ? orgcheck_error_nomem(im->err) : 0;
	} else if (mode == '{') {
		rc = import_object(im, record, path, 0);
	}
done:
	json_object_put(record);
	json_object_put(scan.parsed);
	free(chunk);
	if (file != NULL)
		fclose(file);
	return rc;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int import_path(struct importer *im, const char *path, int top);

/* The *.json files of a directory, and its directories, in name order. */
static int import_directory(struct importer *im, const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry = NULL;
	char **names = NULL;
	char **grown = NULL;
	size_t count = 0;
	size_t capacity = 0;
	size_t i;
	int rc = 0;

	if (dir == NULL)
		return reject_input(im, "cannot open '%s': %s", path, strerror(errno));
	while ((entry = readdir(dir)) != NULL) {
		if (entry->d_name[0] == '.')
			continue;
		if (count == capacity) {
			capacity = capacity ? capacity * 2 : 64;
			grown = realloc(names, capacity * sizeof(*names));
			if (grown == NULL) {
				rc = orgcheck_error_nomem(im->err);
				goto done;
			}
			names = grown;
		}
		names[count] = malloc(strlen(path) + strlen(entry->d_name) + 2);
		if (names[count] == NULL) {
			rc = orgcheck_error_nomem(im->err);
			goto done;
		}
		sprintf(names[count], "%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", entry->d_name);
		count++;
	}
	if (count > 1)
		qsort(names, count, sizeof(*names), compare_names);
	for (i = 0; i < count && rc == 0; i++)
		rc = import_path(im, names[i], 0);
done:
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	closedir(dir);
	return rc;
}

/* A path named by the user is read whatever its name; inside a directory
 * only *.json files are. */
static int import_path(struct importer *im, const char *path, int top)
{
	struct stat st;
	size_t length = strlen(path);

	if (stat(path, &st) < 0) {
		im->report->inputs++;
		return reject_input(im, "cannot read '%s': %s", path, strerror(errno));
	}
	if (S_ISDIR(st.st_mode))
		return import_directory(im, path);
	if (!top && (length < 5 || strcmp(path + length - 5, ".json") != 0))
		return 0;
	return import_file(im, path);
}

/* Makes path a directory if it is not one; a symbolic link there is
 * refused unless follow (the user's own DIR). */
static int make_directory(const char *path, int follow, struct orgcheck_error *err)
{
	struct stat st;

	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot create '%s': %s", path, strerror(errno));
	if ((follow ? stat(path, &st) : lstat(path, &st)) < 0)
		return orgcheck_error_set(err, ORGCHECK_EIO, "cannot read '%s': %s", path, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return orgcheck_error_set(err, ORGCHECK_EIO, "'%s' is not a directory%s", path,
					  S_ISLNK(st.st_mode) ? " (a symbolic link: records are written only inside the output directory)" : "");
	return 0;
}

int orgcheck_import_ror(struct orgcheck_import_report *out, const char *dir,
			const char *const *inputs, size_t input_count, struct orgcheck_error *err)
{
	struct importer im;
	char *records_dir = NULL;
	size_t size = strlen(dir) + 32;
	size_t i;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	memset(&im, 0, sizeof(im));
	im.report = out;
	im.err = err;
	records_dir = malloc(size);
	im.org_dir = malloc(size);
	im.tok = new_tokener();
	if (records_dir == NULL || im.org_dir == NULL || im.tok == NULL) {
		rc = orgcheck_error_nomem(err);
		goto done;
	}
	snprintf(records_dir, size, "%s/records", dir);
	snprintf(im.org_dir, size, "%s/records/organizations", dir);
	rc = make_directory(dir, 1, err);
	if (rc == 0)
		rc = make_directory(records_dir, 0, err);
	if (rc == 0)
		rc = make_directory(im.org_dir, 0, err);
	for (i = 0; i < input_count && rc == 0; i++)
		rc = import_path(&im, inputs[i], 1);
done:
	if (im.tok != NULL)
		json_tokener_free(im.tok);
	id_set_release(&im.ids);
	free(records_dir);
	free(im.org_dir);
	return rc;
}
