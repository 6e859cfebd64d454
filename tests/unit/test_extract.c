/* Model extraction: the facts orgcheck_record_extract copies out of a
 * schema-valid record (names and their kinds, claims with sources and
 * positions, references and their contexts, links with their dates,
 * figures, dated facts and terms). The records are written here and
 * checked against the schema first, so they are records the pipeline
 * would extract.
 *
 * testutil.h removes trees with nftw(), an XSI interface. */
#define _XOPEN_SOURCE 700

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <orgcheck/error.h>
#include <orgcheck/findings.h>
#include <orgcheck/parse.h>
#include <orgcheck/schema.h>
#include "input/extract.h"
#include "input/schema.h"
#include "model/model.h"
#include "util/arena.h"
#include "testutil.h"

static const char organization[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<organization xmlns=\"urn:orgcheck:record:1\" id=\"alpha\">\n"
	"  <name source=\"https://s1.example\">The Alpha &amp; Omega Society</name>\n"
	"  <other-names>\n"
	"    <name kind=\"acronym\" source=\"https://s1.example\">AOS</name>\n"
	"    <name kind=\"former\" source=\"https://s2.example\">Alpha Club</name>\n"
	"    <name kind=\"translation\" source=\"https://s2.example\">Soci\xc3\xa9t\xc3\xa9 Alpha</name>\n"
	"  </other-names>\n"
	"  <legal-status source=\"https://s1.example\">nonprofit</legal-status>\n"
	"  <headquarters source=\"https://s2.example\">\n"
	"    <city>Evanston</city>\n"
	"    <country>US</country>\n"
	"  </headquarters>\n"
	"  <identifiers>\n"
	"    <us-tax-id source=\"https://s1.example\">36-4491158</us-tax-id>\n"
	"    <identifier scheme=\"wikidata\" source=\"https://s2.example\">Q42</identifier>\n"
	"  </identifiers>\n"
	"  <dates>\n"
	"    <founded source=\"https://s1.example\">2002</founded>\n"
	"    <founded source=\"https://s2.example\">2001-03-30</founded>\n"
	"    <incorporated source=\"https://s1.example\">2001-03</incorporated>\n"
	"    <dissolved source=\"https://s2.example\">2020-12-31</dissolved>\n"
	"  </dates>\n"
	"  <figures>\n"
	"    <figure kind=\"members\" as-written=\"4,900\" source=\"https://s1.example\">4900</figure>\n"
	"    <figure kind=\"countries\" qualifier=\"over\" as-of=\"2022\" source=\"https://s2.example\">70</figure>\n"
	"    <figure kind=\"employees\" source=\"https://s2.example\">99999999999999999999</figure>\n"
	"  </figures>\n"
	"  <leaders>\n"
	"    <leader role=\"President\" from=\"2010\" to=\"2012-06\" source=\"https://s1.example\">\n"
	"      <person-ref ref=\"pat-lee\">Pat Lee</person-ref>\n"
	"    </leader>\n"
	"  </leaders>\n"
	"  <founders>\n"
	"    <founder date=\"2002\" source=\"https://s1.example\">\n"
	"      <person-ref ref=\"sam-roe\">Sam Roe</person-ref>\n"
	"    </founder>\n"
	"  </founders>\n"
	"  <co-founded>\n"
	"    <co-founding date=\"2005\" source=\"https://s2.example\">\n"
	"      <org-ref ref=\"beta\">Beta</org-ref>\n"
	"    </co-founding>\n"
	"  </co-founded>\n"
	"  <relationships>\n"
	"    <relationship kind=\"member-of\" from=\"2003\" to=\"2009-05\" source=\"https://s2.example\">\n"
	"      <org-ref ref=\"gamma\">Gamma Federation</org-ref>\n"
	"      <representative role=\"delegate\" source=\"https://s3.example\">\n"
	"        <person-ref ref=\"kim-ito\">Kim Ito</person-ref>\n"
	"      </representative>\n"
	"    </relationship>\n"
	"    <relationship kind=\"memorandum\" date=\"2016-02-29\" source=\"https://s1.example\">\n"
	"      <org-ref ref=\"delta\">Delta</org-ref>\n"
	"    </relationship>\n"
	"  </relationships>\n"
	"  <events>\n"
	"    <event kind=\"meeting\" date=\"2003-06\" source=\"https://s3.example\">\n"
	"      <title>first convention</title>\n"
	"      <attendance qualifier=\"about\" as-written=\"some 600\">600</attendance>\n"
	"      <org-ref ref=\"epsilon\">Epsilon</org-ref>\n"
	"    </event>\n"
	"  </events>\n"
	"  <publications>\n"
	"    <publication kind=\"journal\" date=\"2013\" source=\"https://s1.example\">\n"
	"      <title>Alpha Reports</title>\n"
	"      <publisher>\n"
	"        <org-ref ref=\"zeta\">Zeta Press</org-ref>\n"
	"      </publisher>\n"
	"    </publication>\n"
	"  </publications>\n"
	"</organization>\n";

static const char person[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<person xmlns=\"urn:orgcheck:record:1\" id=\"pat-lee\">\n"
	"  <name source=\"https://p.example\">Pat Lee</name>\n"
	"  <honorifics>\n"
	"    <honorific source=\"https://p.example\">MD</honorific>\n"
	"    <honorific source=\"https://p.example\">PhD</honorific>\n"
	"  </honorifics>\n"
	"  <born source=\"https://p.example\">1950-02</born>\n"
	"  <born source=\"https://q.example\">1949</born>\n"
	"  <died source=\"https://p.example\">2020</died>\n"
	"  <affiliations>\n"
	"    <affiliation role=\"fellow\" from=\"1990\" to=\"1995\" source=\"https://p.example\">\n"
	"      <org-ref ref=\"alpha\">Alpha</org-ref>\n"
	"    </affiliation>\n"
	"  </affiliations>\n"
	"</person>\n";

/* Values the schema's types collapse (tokens, dates, enumerations) may
 * stand between spaces and still be valid. */
static const char padded[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<organization xmlns=\"urn:orgcheck:record:1\" id=\"aaa\">\n"
	"  <name source=\"https://a.example\">Aaa Society</name>\n"
	"  <other-names>\n"
	"    <name kind=\" acronym \" source=\"https://a.example\">AS</name>\n"
	"  </other-names>\n"
	"  <headquarters source=\"https://a.example\">\n"
	"    <country> US </country>\n"
	"  </headquarters>\n"
	"  <identifiers>\n"
	"    <us-tax-id source=\"https://a.example\"> 36-4491158 </us-tax-id>\n"
	"    <identifier scheme=\" wikidata \" source=\"https://a.example\">Q42</identifier>\n"
	"  </identifiers>\n"
	"  <dates>\n"
	"    <founded source=\"https://a.example\">\n      2002\n    </founded>\n"
	"  </dates>\n"
	"  <figures>\n"
	"    <figure kind=\" members \" qualifier=\" over \" as-of=\" 2022-06 \" source=\"https://a.example\">70</figure>\n"
	"  </figures>\n"
	"  <relationships>\n"
	"    <relationship kind=\" member-of \" from=\" 1990\" to=\"\n1999-12-31 \" source=\"https://a.example\">\n"
	"      <org-ref ref=\" bbb \">Bbb</org-ref>\n"
	"    </relationship>\n"
	"  </relationships>\n"
	"</organization>\n";

struct fixture {
	struct orgcheck_schema *schema;
	struct orgcheck_arena *arena;
	struct orgcheck_findings findings;
	struct orgcheck_error err;
	struct orgcheck_record record;
	xmlDocPtr doc;
	const char *text;
};

static int setup_group(void **state)
{
	struct orgcheck_schema *schema = NULL;
	struct orgcheck_error err;

	orgcheck_error_clear(&err);
	if (orgcheck_schema_load(&schema, TEST_SCHEMA_DIR, &err) != 0) {
		print_error("cannot load the schemas: %s\n", err.message);
		return -1;
	}
	*state = schema;
	return 0;
}

static int teardown_group(void **state)
{
	orgcheck_schema_free(*state);
	return 0;
}

static int setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));

	if (fx == NULL)
		return -1;
	fx->schema = *state;
	fx->arena = orgcheck_arena_new();
	if (fx->arena == NULL)
		return -1;
	orgcheck_findings_init(&fx->findings);
	orgcheck_error_clear(&fx->err);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	*state = fx->schema;
	orgcheck_record_release(&fx->record);
	if (fx->doc != NULL)
		xmlFreeDoc(fx->doc);
	orgcheck_findings_release(&fx->findings);
	orgcheck_arena_free(fx->arena);
	free(fx);
	return 0;
}

/* Parses and validates text as path, then extracts it. */
static void extract(struct fixture *fx, const char *text, const char *path,
		    enum orgcheck_record_kind expected_kind)
{
	enum orgcheck_record_kind kind = ORGCHECK_RECORD_UNKNOWN;
	int valid = 0;

	fx->text = text;
	assert_int_equal(orgcheck_parse_memory(&fx->doc, &fx->findings, path, text, strlen(text), &fx->err), 0);
	assert_non_null(fx->doc);
	assert_int_equal(orgcheck_schema_validate(&kind, &valid, &fx->findings, fx->schema, fx->doc, path,
						  &fx->err), 0);
	if (!valid) {
		test_print_findings(&fx->findings);
		fail_msg("the fixture %s is not a valid record", path);
	}
	assert_int_equal(kind, expected_kind);
	assert_int_equal(orgcheck_record_extract(&fx->record, fx->arena, fx->doc, kind, path, &fx->err), 0);
}

/* The line and column of the first '<' of the line holding needle. */
static struct orgcheck_pos pos_of(const struct fixture *fx, const char *needle)
{
	const char *at = strstr(fx->text, needle);
	const char *p = NULL;
	const char *line_start = fx->text;
	struct orgcheck_pos pos = { 1, 0 };

	if (at == NULL)
		fail_msg("'%s' is not in the fixture", needle);
	for (p = fx->text; p < at; p++) {
		if (*p == '\n') {
			pos.line++;
			line_start = p + 1;
		}
	}
	p = strchr(line_start, '<');
	pos.column = (unsigned long)(p - line_start) + 1;
	return pos;
}

static void assert_at(const struct fixture *fx, struct orgcheck_pos pos, const char *needle)
{
	struct orgcheck_pos expected = pos_of(fx, needle);

	if (pos.line != expected.line || pos.column != expected.column)
		fail_msg("'%s' at %lu:%lu, expected %lu:%lu", needle, pos.line, pos.column, expected.line,
			 expected.column);
}

static void assert_date(const struct orgcheck_date *d, int year, int month, int day)
{
	assert_int_equal(d->year, year);
	assert_int_equal(d->month, month);
	assert_int_equal(d->day, day);
}

static void assert_optional_string(const char *actual, const char *expected)
{
	if (expected == NULL)
		assert_null(actual);
	else {
		assert_non_null(actual);
		assert_string_equal(actual, expected);
	}
}

/* The nth claim (from 0) that messages name name ("founded",
 * "identifier wikidata"). */
static const struct orgcheck_claim *claim(const struct fixture *fx, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < fx->record.claims.count; i++) {
		if (strcmp(fx->record.claims.items[i].name, name) == 0 && nth-- == 0)
			return &fx->record.claims.items[i];
	}
	fail_msg("no claim '%s'", name);
	return NULL;
}

static const struct orgcheck_ref *ref_to(const struct fixture *fx, const char *target)
{
	size_t i;

	for (i = 0; i < fx->record.refs.count; i++) {
		if (strcmp(fx->record.refs.items[i].target, target) == 0)
			return &fx->record.refs.items[i];
	}
	fail_msg("no reference to '%s'", target);
	return NULL;
}

static const struct orgcheck_dated *dated(const struct fixture *fx, const char *what, const char *attribute)
{
	size_t i;

	for (i = 0; i < fx->record.dated.count; i++) {
		if (strcmp(fx->record.dated.items[i].what, what) == 0 &&
		    strcmp(fx->record.dated.items[i].attribute, attribute) == 0)
			return &fx->record.dated.items[i];
	}
	fail_msg("no dated fact \"%s\" %s", what, attribute);
	return NULL;
}

static void test_identity(void **state)
{
	struct fixture *fx = *state;

	extract(fx, organization, "records/organizations/alpha-file.xml", ORGCHECK_RECORD_ORGANIZATION);
	assert_string_equal(fx->record.id, "alpha");
	assert_int_equal(fx->record.kind, ORGCHECK_RECORD_ORGANIZATION);
	assert_string_equal(fx->record.path, "records/organizations/alpha-file.xml");
	assert_string_equal(fx->record.file_id, "alpha-file");
	assert_at(fx, fx->record.pos, "<organization ");
	/* The model lives in the arena: no heap arrays are left. */
	assert_int_equal(fx->record.names.capacity, 0);
	assert_int_equal(fx->record.refs.capacity, 0);
}

static void test_names(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_name *n = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	assert_int_equal(fx->record.names.count, 4);
	n = &fx->record.names.items[0];
	assert_int_equal(n->kind, ORGCHECK_NAME_DISPLAY);
	assert_string_equal(n->value, "The Alpha & Omega Society");
	assert_string_equal(n->folded, "alpha and omega society");
	assert_string_equal(n->source, "https://s1.example");
	assert_at(fx, n->pos, "The Alpha &amp;");
	n = &fx->record.names.items[1];
	assert_int_equal(n->kind, ORGCHECK_NAME_ACRONYM);
	assert_string_equal(n->value, "AOS");
	assert_string_equal(n->folded, "aos");
	assert_at(fx, n->pos, ">AOS<");
	n = &fx->record.names.items[2];
	assert_int_equal(n->kind, ORGCHECK_NAME_FORMER);
	assert_string_equal(n->value, "Alpha Club");
	assert_string_equal(n->source, "https://s2.example");
	n = &fx->record.names.items[3];
	assert_int_equal(n->kind, ORGCHECK_NAME_TRANSLATION);
	assert_string_equal(n->folded, "societe alpha");  /* accents folded */
	/* One copy per distinct source. */
	assert_ptr_equal(fx->record.names.items[0].source, fx->record.names.items[1].source);
}

static void test_claims(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_claim *c = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	c = claim(fx, "founded", 0);
	assert_int_equal(c->field, ORGCHECK_CLAIM_FOUNDED);
	assert_string_equal(c->value, "2002");
	assert_date(&c->date, 2002, 0, 0);
	assert_string_equal(c->source, "https://s1.example");
	assert_at(fx, c->pos, ">2002</founded>");
	c = claim(fx, "founded", 1);
	assert_date(&c->date, 2001, 3, 30);
	assert_string_equal(c->source, "https://s2.example");
	assert_at(fx, c->pos, ">2001-03-30</founded>");
	assert_date(&claim(fx, "incorporated", 0)->date, 2001, 3, 0);
	assert_date(&claim(fx, "dissolved", 0)->date, 2020, 12, 31);
	c = claim(fx, "legal status", 0);
	assert_string_equal(c->value, "nonprofit");
	assert_false(orgcheck_date_present(&c->date));
	/* The country is claimed by its headquarters element. */
	c = claim(fx, "headquarters country", 0);
	assert_int_equal(c->field, ORGCHECK_CLAIM_HEADQUARTERS_COUNTRY);
	assert_string_equal(c->value, "US");
	assert_string_equal(c->source, "https://s2.example");
	assert_at(fx, c->pos, "<headquarters ");
	assert_string_equal(claim(fx, "us-tax-id", 0)->value, "36-4491158");
	c = claim(fx, "identifier wikidata", 0);
	assert_int_equal(c->field, ORGCHECK_CLAIM_IDENTIFIER);
	assert_string_equal(c->value, "Q42");
	assert_at(fx, c->pos, ">Q42<");

	orgcheck_record_find_lifetime(&fx->record);
	/* The earliest founding, by the first day each date may mean. */
	assert_ptr_equal(fx->record.start_claim, claim(fx, "founded", 1));
	assert_ptr_equal(fx->record.end_claim, claim(fx, "dissolved", 0));
}

static void test_references(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_ref *r = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	assert_int_equal(fx->record.refs.count, 8);
	r = ref_to(fx, "pat-lee");
	assert_string_equal(r->context, "leader");
	assert_string_equal(r->label, "Pat Lee");
	assert_int_equal(r->expected, ORGCHECK_TARGET_PERSON);
	assert_string_equal(r->source, "https://s1.example");
	assert_null(r->resolved);
	assert_at(fx, r->pos, "<person-ref ref=\"pat-lee\"");
	r = ref_to(fx, "sam-roe");
	assert_string_equal(r->context, "founder");
	assert_int_equal(r->expected, ORGCHECK_TARGET_PERSON);
	r = ref_to(fx, "beta");
	assert_string_equal(r->context, "co-founding");
	assert_int_equal(r->expected, ORGCHECK_TARGET_ORGANIZATION);
	r = ref_to(fx, "gamma");
	assert_string_equal(r->context, "relationship");
	assert_string_equal(r->label, "Gamma Federation");
	assert_string_equal(r->source, "https://s2.example");
	/* A representative's source is its own. */
	r = ref_to(fx, "kim-ito");
	assert_string_equal(r->context, "representative");
	assert_string_equal(r->source, "https://s3.example");
	assert_int_equal(r->expected, ORGCHECK_TARGET_PERSON);
	assert_string_equal(ref_to(fx, "delta")->context, "relationship");
	r = ref_to(fx, "epsilon");
	assert_string_equal(r->context, "event");
	assert_string_equal(r->source, "https://s3.example");
	r = ref_to(fx, "zeta");
	assert_string_equal(r->context, "publisher");
	assert_at(fx, r->pos, "<org-ref ref=\"zeta\"");
}

static void test_links(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_link *l = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	/* The leader and the representative are references, not links. */
	assert_int_equal(fx->record.links.count, 4);
	l = &fx->record.links.items[0];
	assert_string_equal(l->kind->name, ORGCHECK_LINK_FOUNDED_BY);
	assert_string_equal(fx->record.refs.items[l->ref].target, "sam-roe");
	assert_date(&l->date, 2002, 0, 0);
	assert_false(orgcheck_date_present(&l->from));
	assert_at(fx, l->pos, "<founder ");
	l = &fx->record.links.items[1];
	assert_string_equal(l->kind->name, ORGCHECK_LINK_CO_FOUNDED);
	assert_string_equal(fx->record.refs.items[l->ref].target, "beta");
	assert_date(&l->date, 2005, 0, 0);
	assert_string_equal(l->source, "https://s2.example");
	l = &fx->record.links.items[2];
	assert_string_equal(l->kind->name, "member-of");
	assert_string_equal(fx->record.refs.items[l->ref].target, "gamma");
	assert_date(&l->from, 2003, 0, 0);
	assert_date(&l->to, 2009, 5, 0);
	assert_false(orgcheck_date_present(&l->date));
	assert_at(fx, l->pos, "<relationship kind=\"member-of\"");
	l = &fx->record.links.items[3];
	assert_string_equal(l->kind->name, "memorandum");
	assert_string_equal(fx->record.refs.items[l->ref].target, "delta");
	assert_date(&l->date, 2016, 2, 29);
	assert_string_equal(l->source, "https://s1.example");
}

static void test_figures(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_figure *f = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	assert_int_equal(fx->record.figures.count, 4);
	f = &fx->record.figures.items[0];
	assert_string_equal(f->kind, "members");
	assert_null(f->scope);
	assert_true(f->value_ok);
	assert_int_equal(f->value, 4900);
	assert_int_equal(f->qualifier, ORGCHECK_QUALIFIER_EXACT);
	assert_string_equal(f->as_written, "4,900");
	assert_false(orgcheck_date_present(&f->as_of));
	assert_at(fx, f->pos, "<figure kind=\"members\"");
	f = &fx->record.figures.items[1];
	assert_string_equal(f->kind, "countries");
	assert_int_equal(f->value, 70);
	assert_int_equal(f->qualifier, ORGCHECK_QUALIFIER_OVER);
	assert_null(f->as_written);
	assert_date(&f->as_of, 2022, 0, 0);
	assert_string_equal(f->source, "https://s2.example");
	/* Too large for a long long: kept, marked. */
	f = &fx->record.figures.items[2];
	assert_string_equal(f->kind, "employees");
	assert_false(f->value_ok);
	/* An event's attendance, scoped by its title, with the event's source. */
	f = &fx->record.figures.items[3];
	assert_string_equal(f->kind, "attendance");
	assert_string_equal(f->scope, "first convention");
	assert_int_equal(f->value, 600);
	assert_int_equal(f->qualifier, ORGCHECK_QUALIFIER_ABOUT);
	assert_string_equal(f->as_written, "some 600");
	assert_string_equal(f->source, "https://s3.example");
	assert_at(fx, f->pos, "<attendance ");
}

/* Dated facts name what they date; spans with both ends are terms. */
static void test_dated_and_terms(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_dated *d = NULL;
	const struct orgcheck_term *t = NULL;

	extract(fx, organization, "alpha.xml", ORGCHECK_RECORD_ORGANIZATION);
	d = dated(fx, "term of President pat-lee", "from");
	assert_date(&d->date, 2010, 0, 0);
	assert_at(fx, d->pos, "<leader ");
	assert_date(&dated(fx, "term of President pat-lee", "to")->date, 2012, 6, 0);
	assert_date(&dated(fx, "founding by sam-roe", "date")->date, 2002, 0, 0);
	assert_date(&dated(fx, "member-of with gamma", "from")->date, 2003, 0, 0);
	assert_date(&dated(fx, "memorandum with delta", "date")->date, 2016, 2, 29);
	assert_date(&dated(fx, "figure 'countries'", "as-of")->date, 2022, 0, 0);
	d = dated(fx, "event 'first convention'", "date");
	assert_date(&d->date, 2003, 6, 0);
	assert_string_equal(d->source, "https://s3.example");
	assert_date(&dated(fx, "publication 'Alpha Reports'", "date")->date, 2013, 0, 0);
	assert_int_equal(fx->record.dated.count, 9);
	assert_int_equal(fx->record.terms.count, 2);
	t = &fx->record.terms.items[0];
	assert_string_equal(t->what, "term of President pat-lee");
	assert_date(&t->from, 2010, 0, 0);
	assert_date(&t->to, 2012, 6, 0);
	t = &fx->record.terms.items[1];
	assert_string_equal(t->what, "member-of with gamma");
	assert_date(&t->to, 2009, 5, 0);
}

static void test_person(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_ref *r = NULL;

	extract(fx, person, "records/people/pat-lee.xml", ORGCHECK_RECORD_PERSON);
	assert_string_equal(fx->record.id, "pat-lee");
	assert_int_equal(fx->record.kind, ORGCHECK_RECORD_PERSON);
	assert_int_equal(fx->record.names.count, 1);
	assert_int_equal(fx->record.honorifics.count, 2);
	assert_string_equal(fx->record.honorifics.items[0], "MD");
	assert_string_equal(fx->record.honorifics.items[1], "PhD");
	assert_date(&claim(fx, "born", 0)->date, 1950, 2, 0);
	assert_date(&claim(fx, "born", 1)->date, 1949, 0, 0);
	assert_date(&claim(fx, "died", 0)->date, 2020, 0, 0);
	r = ref_to(fx, "alpha");
	assert_string_equal(r->context, "affiliation");
	assert_int_equal(r->expected, ORGCHECK_TARGET_ORGANIZATION);
	assert_int_equal(fx->record.links.count, 0);
	assert_int_equal(fx->record.terms.count, 1);
	assert_string_equal(fx->record.terms.items[0].what, "affiliation with alpha");
	orgcheck_record_find_lifetime(&fx->record);
	assert_ptr_equal(fx->record.start_claim, claim(fx, "born", 1));
	assert_ptr_equal(fx->record.end_claim, claim(fx, "died", 0));
	assert_optional_string(fx->record.names.items[0].source, "https://p.example");
}

/* Read as the validator read them: a padded kind is still a link, a
 * padded date still a date, a padded reference still names its record. */
static void test_padded_values(void **state)
{
	struct fixture *fx = *state;
	const struct orgcheck_link *l = NULL;

	extract(fx, padded, "aaa.xml", ORGCHECK_RECORD_ORGANIZATION);
	assert_int_equal(fx->record.names.count, 2);
	assert_int_equal(fx->record.names.items[1].kind, ORGCHECK_NAME_ACRONYM);
	assert_date(&claim(fx, "founded", 0)->date, 2002, 0, 0);
	assert_string_equal(claim(fx, "headquarters country", 0)->value, "US");
	assert_string_equal(claim(fx, "us-tax-id", 0)->value, "36-4491158");
	assert_string_equal(claim(fx, "identifier wikidata", 0)->value, "Q42");
	assert_string_equal(fx->record.figures.items[0].kind, "members");
	assert_int_equal(fx->record.figures.items[0].qualifier, ORGCHECK_QUALIFIER_OVER);
	assert_date(&fx->record.figures.items[0].as_of, 2022, 6, 0);
	assert_int_equal(fx->record.refs.count, 1);
	assert_string_equal(fx->record.refs.items[0].target, "bbb");
	assert_int_equal(fx->record.links.count, 1);
	l = &fx->record.links.items[0];
	assert_string_equal(l->kind->name, "member-of");
	assert_date(&l->from, 1990, 0, 0);
	assert_date(&l->to, 1999, 12, 31);
	assert_int_equal(fx->record.terms.count, 1);
}

/* Release leaves an empty record and may run twice. */
static void test_release(void **state)
{
	struct fixture *fx = *state;

	extract(fx, person, "pat-lee.xml", ORGCHECK_RECORD_PERSON);
	orgcheck_record_release(&fx->record);
	assert_null(fx->record.id);
	assert_int_equal(fx->record.names.count, 0);
	orgcheck_record_release(&fx->record);
	orgcheck_record_release(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_identity, setup, teardown),
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_claims, setup, teardown),
		cmocka_unit_test_setup_teardown(test_references, setup, teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_figures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dated_and_terms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_person, setup, teardown),
		cmocka_unit_test_setup_teardown(test_padded_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_release, setup, teardown),
	};

	return cmocka_run_group_tests_name("extract", tests, setup_group, teardown_group);
}
