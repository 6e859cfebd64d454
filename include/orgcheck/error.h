/* Tool failures: negative error codes with a message.
 *
 * Core functions return 0 or a negative enum orgcheck_error and describe
 * the failure in a struct orgcheck_error passed in by the caller. Findings
 * about the data are never errors: they go into a findings list. */
#ifndef ORGCHECK_ERROR_H
#define ORGCHECK_ERROR_H

enum orgcheck_error_code {
	ORGCHECK_OK = 0,
	ORGCHECK_ENOMEM = -1,   /* out of memory */
	ORGCHECK_EIO = -2,      /* a file or directory could not be read or written */
	ORGCHECK_EINVAL = -3,   /* an invalid argument or option value */
	ORGCHECK_ENOENT = -4,   /* a path given by the user does not exist */
	ORGCHECK_ESCHEMA = -5,  /* a schema or stylesheet of orgcheck's own is broken */
	ORGCHECK_ECONFIG = -6,  /* a configuration file is invalid */
	ORGCHECK_ESCHEMATRON = -7  /* a user's Schematron schema is in error */
};

#define ORGCHECK_ERROR_MESSAGE_MAX 1024

struct orgcheck_error {
	int code;
	char message[ORGCHECK_ERROR_MESSAGE_MAX];
};

/* Clears err so it holds no error. err may be NULL. */
void orgcheck_error_clear(struct orgcheck_error *err);

/* Records code and a printf-style message in err (which may be NULL) and
 * returns code, so a caller can write `return orgcheck_error_set(...)`.
 * A message longer than ORGCHECK_ERROR_MESSAGE_MAX is truncated. */
int orgcheck_error_set(struct orgcheck_error *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Records ORGCHECK_ENOMEM with a fixed message and returns it. Inline,
 * so that a static analyser sees every caller's failure path return a
 * negative code (it cannot follow orgcheck_error_set across files). */
static inline int orgcheck_error_nomem(struct orgcheck_error *err)
{
	orgcheck_error_set(err, ORGCHECK_ENOMEM, "out of memory");
	return ORGCHECK_ENOMEM;
}

#endif
