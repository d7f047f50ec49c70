/* Archive member names made relative paths (bootstrap_int.h).
 *
 * bsdtar and GNU tar both strip a leading "/" on extraction and refuse or
 * strip ".."; FreeBSD's base.txz names its members "./bin/sh".  brig
 * drops "/" and ".", and refuses a ".." anywhere: an archive holding one
 * is broken or hostile, and there is nothing sensible to put in its
 * place. */
#include <errno.h>
#include <string.h>

#include "bootstrap_int.h"

int
boot_tar_path(const char *name, char *out, size_t len,
    struct brig_err *e)
{
	const char *p = name, *c;
	size_t n = 0, clen;

	if (len == 0)
		return err_fmt(e, "member name: no room");
	while (*p != '\0') {
		while (*p == '/')
			p++;
		c = p;
		while (*p != '\0' && *p != '/')
			p++;
		clen = (size_t)(p - c);
		if (clen == 0 || (clen == 1 && c[0] == '.'))
			continue;
		if (clen == 2 && c[0] == '.' && c[1] == '.')
			return err_fmt(e, "member \"%s\": a \"..\" component "
			    "is refused", name);
		if (n + (n > 0) + clen >= len) {
			errno = ENAMETOOLONG;
			return err_sys(e, "member \"%.64s...\"", name);
		}
		if (n > 0)
			out[n++] = '/';
		memcpy(out + n, c, clen);
		n += clen;
	}
	out[n] = '\0';
	return 0;
}
