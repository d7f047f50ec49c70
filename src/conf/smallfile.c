/* Reading a small configuration file whole: rctl.conf and a jail's
 * rc.conf, each bounded so that a huge or endless file (a FIFO, a
 * device, /dev/zero behind a symlink) cannot take the memory. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_int.h"
#include "smallfile.h"
#include "../util/buf.h"

char *
conf_read_fd(struct conf *c, int fd, const char *path, size_t max,
    size_t *lenp)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st) == -1) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
		    "cannot read %s: not a regular file", path);
		return NULL;
	}
	/* Read to the bound, not to st_size: the file may be growing. */
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
			    "cannot read %s: %s", path, strerror(errno));
			break;
		}
		if (n == 0) {
			*lenp = b.len;
			return b.s ? b.s : xstrdup("");
		}
		if (b.len + (size_t)n > max) {
			conf_diag(c, CONF_ERROR, CONF_STAGE_SYNTAX, NULL,
			    "%s: file too large (at most %zu %s)", path,
			    max % 1048576 ? max >> 10 : max >> 20,
			    max % 1048576 ? "KiB" : "MiB");
			break;
		}
		buf_add(&b, chunk, (size_t)n);
	}
	buf_free(&b);
	return NULL;
}
