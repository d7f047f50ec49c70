#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "err.h"

static int
vrecord(struct brig_err *e, int errnum, const char *fmt, va_list ap)
{
	e->errnum = errnum;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	return -1;
}

int
err_sys(struct brig_err *e, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vrecord(e, saved, fmt, ap);
	va_end(ap);
	errno = saved;
	return -1;
}

int
err_fmt(struct brig_err *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vrecord(e, 0, fmt, ap);
	va_end(ap);
	return -1;
}

int
err_ctx(struct brig_err *e, const char *fmt, ...)
{
	char prefix[256], old[sizeof(e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%s: %s", prefix, old);
	return -1;
}

const char *
err_str(const struct brig_err *e, char *buf, unsigned long len)
{
	if (e->errnum)
		snprintf(buf, len, "%s: %s", e->msg, strerror(e->errnum));
	else
		snprintf(buf, len, "%s", e->msg);
	return buf;
}
