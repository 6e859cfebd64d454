#include <orgcheck/report.h>

#include <orgcheck/catalog.h>

const char *orgcheck_report_fail_on_name(int fail_on)
{
	if (fail_on >= ORGCHECK_FAIL_ON_NONE)
		return "none";
	return orgcheck_severity_name((enum orgcheck_severity)fail_on);
}
