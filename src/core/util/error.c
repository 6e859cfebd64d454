#include <orgcheck/error.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void orgcheck_error_clear(struct orgcheck_error *err)
{
	if (err == NULL)
		return;
	err->code = ORGCHECK_OK;
	err->message[0] = '\0';
}

int orgcheck_error_set(struct orgcheck_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	return code;
}
