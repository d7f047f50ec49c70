/* Jail and snapshot names as the storage commands take them (store.h),
 * apart so that the fuzzers link them alone. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "store.h"

int
store_check_name(const char *name, struct brig_err *e)
{
	size_t i, n = strlen(name);

	errno = 0;
	if (n == 0 || n > 64)
		return err_fmt(e, "invalid jail name \"%.80s\": 1 to 64 bytes",
		    name);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			return err_fmt(e, "invalid jail name \"%.80s\": only "
			    "letters, digits, '_' and '-'", name);
	if (name[0] == '-')
		return err_fmt(e, "invalid jail name \"%s\": it starts with "
		    "'-'", name);
	return 0;
}

int
store_check_snap(const char *snap, struct brig_err *e)
{
	size_t i, n = strlen(snap);

	errno = 0;
	if (n == 0 || n > STORE_SNAP_MAX)
		return err_fmt(e, "invalid snapshot name \"%.80s\": 1 to %d "
		    "bytes", snap, STORE_SNAP_MAX);
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)snap[i]) && !strchr("._:-",
		    snap[i]))
			return err_fmt(e, "invalid snapshot name \"%.80s\": "
			    "only letters, digits, '.', '_', ':' and '-'",
			    snap);
	if (snap[0] == '.' || snap[0] == '-')
		return err_fmt(e, "invalid snapshot name \"%s\": it starts "
		    "with '%c'", snap, snap[0]);
	return 0;
}

