/* Importing records of other registries into orgcheck's record model.
 *
 * orgcheck_import_ror reads records of the Research Organization Registry
 * (ROR, schema v2, JSON) and writes one record file per organization. The
 * import is faithful: every value is written as the source has it, with
 * the record's ROR URL as the source of every claim. What the JSON holds
 * that the record model cannot hold is counted in the report, never
 * dropped silently; a bad input is a problem in the report, and the
 * import goes on with the others. Nothing is printed: the caller prints
 * the report. */
#ifndef ORGCHECK_IMPORT_H
#define ORGCHECK_IMPORT_H

#include <stddef.h>

#include <orgcheck/error.h>

/* Something the source holds that the written records do not: a field
 * (named by its JSON path, arrays as "[]") and how many records had it. */
struct orgcheck_import_not_kept {
	char *what;        /* "admin.created.schema_version" */
	size_t records;
	size_t last_serial;  /* the last record counted, so each counts once */
};

/* What an import did. Problems are complete messages naming the input,
 * and the record (its position in a dump, its ROR id) where known:
 * "dump.json: record 12 (https://ror.org/0abcdef12): status: 'open' is
 * not a ROR status". */
struct orgcheck_import_report {
	size_t inputs;            /* files read */
	size_t records_written;
	size_t records_rejected;  /* records not written: not ROR v2, a field of the wrong type */
	size_t inputs_rejected;   /* files not read through: unreadable, not JSON, truncated */
	char **problems;
	size_t problem_count;
	size_t problem_capacity;
	struct orgcheck_import_not_kept *not_kept;  /* in the order first met */
	size_t not_kept_count;
	size_t not_kept_capacity;
	size_t serial;            /* records seen so far, all inputs */
};

/* Imports the ROR v2 JSON in each of inputs (a file holding one record, a
 * file holding the registry's data dump: one JSON array of records, read
 * as a stream, or a directory of *.json files, read in name order) into
 * dir/records/organizations/<id>.xml, where id is the last part of the
 * record's ROR id. Each file is written to a temporary file in the same
 * directory and renamed over the old one, so a reader never sees half a
 * record; nothing is written outside dir (an id that is not a record id
 * is a rejected record, and records/ and records/organizations/ must be
 * directories, not symbolic links). The same inputs give byte-identical
 * files.
 *
 * Fills *out (which the caller releases with
 * orgcheck_import_report_release, also on failure) and returns 0 when
 * the import ran, rejected inputs included; returns a negative error
 * (ORGCHECK_ENOMEM, ORGCHECK_EIO when dir cannot be made or a record
 * cannot be written) when it could not go on. */
int orgcheck_import_ror(struct orgcheck_import_report *out, const char *dir,
			const char *const *inputs, size_t input_count, struct orgcheck_error *err);

/* Converts the ROR v2 record in json (length bytes, one JSON object) into
 * the XML of an orgcheck record: *xml_out (NUL-terminated, the caller
 * frees it with free) and its id in *id_out (likewise). name names the
 * input in problems. A record that cannot be converted adds a problem to
 * report, counts as rejected and leaves both NULL, returning 0; what is
 * not kept is counted in report. Returns a negative error only when out
 * of memory. */
int orgcheck_import_ror_convert(char **xml_out, char **id_out, struct orgcheck_import_report *report,
				const char *json, size_t length, const char *name,
				struct orgcheck_error *err);

/* Frees what report holds and empties it. report may be NULL. */
void orgcheck_import_report_release(struct orgcheck_import_report *report);

#endif
