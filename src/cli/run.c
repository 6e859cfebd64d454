#include "run.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "../core/config.h"
#include "cli.h"
#include "datadir.h"

int orgcheck_run_set_today(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli,
			   const char *value)
{
	if (orgcheck_date_parse(&settings->today, value) < 0 || settings->today.day == 0) {
		orgcheck_cli_error(cli, "invalid --today '%s': use a date YYYY-MM-DD", value);
		return -1;
	}
	settings->today_given = 1;
	return 0;
}

/* Today's date from the system clock, in UTC. */
static void system_today(struct orgcheck_date *out)
{
	time_t now = time(NULL);
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	gmtime_r(&now, &tm);
	out->year = tm.tm_year + 1900;
	out->month = tm.tm_mon + 1;
	out->day = tm.tm_mday;
}

int orgcheck_run_prepare(struct orgcheck_run_settings *settings, const struct orgcheck_cli *cli)
{
	if (orgcheck_datadir_find(settings->data_dir, sizeof(settings->data_dir),
				  settings->data_dir_option) < 0) {
		orgcheck_cli_error(cli, "cannot find orgcheck's schemas (schemas/record.xsd); looked in %s; "
				   "use --data-dir", settings->data_dir);
		return -1;
	}
	snprintf(settings->schema_dir, sizeof(settings->schema_dir), "%s/schemas", settings->data_dir);
	if (orgcheck_cli_load_rules(&settings->config, cli, settings->rules_path, settings->data_dir) < 0)
		return -1;
	if (!settings->today_given)
		system_today(&settings->today);
	return 0;
}

int orgcheck_run_check(struct orgcheck_check_result *out, const struct orgcheck_run_settings *settings,
		       const struct orgcheck_cli *cli, const char *const *paths, size_t path_count)
{
	struct orgcheck_check_options options;
	struct orgcheck_error err = { 0 };

	memset(&options, 0, sizeof(options));
	options.paths = paths;
	options.path_count = path_count;
	options.schema_dir = settings->schema_dir;
	options.config = settings->config;
	options.today = settings->today;
	if (orgcheck_check_run(out, &options, &err) < 0) {
		orgcheck_cli_error(cli, "%s", err.message);
		return -1;
	}
	return 0;
}

void orgcheck_run_release(struct orgcheck_run_settings *settings)
{
	orgcheck_config_free(settings->config);
	settings->config = NULL;
}
