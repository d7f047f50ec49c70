/* See passwd.h: the files are read directly, never through NSS. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "passwd.h"

/* Split a colon-separated line into at most n fields, in place. */
static int
fields(char *line, char **f, int n)
{
	int i = 0;

	line[strcspn(line, "\n")] = '\0';
	f[i++] = line;
	while (i < n && (line = strchr(line, ':')) != NULL) {
		*line++ = '\0';
		f[i++] = line;
	}
	return i;
}

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src);
}

/* Is name among the comma-separated members? */
static int
member(char *members, const char *name)
{
	char *m, *save = NULL;

	for (m = strtok_r(members, ",", &save); m; m = strtok_r(NULL, ",",
	    &save))
		if (strcmp(m, name) == 0)
			return 1;
	return 0;
}

int
passwd_lookup(const char *name, struct passwd_entry *pw)
{
	char line[1024], *f[7];
	FILE *fp = fopen("/etc/passwd", "re");
	int found = 0;

	memset(pw, 0, sizeof(*pw));
	if (fp == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp))
		if (fields(line, f, 7) == 7 && strcmp(f[0], name) == 0) {
			copy(pw->name, sizeof(pw->name), f[0]);
			pw->uid = (uid_t)strtoul(f[2], NULL, 10);
			pw->gid = (gid_t)strtoul(f[3], NULL, 10);
			copy(pw->home, sizeof(pw->home), f[5]);
			copy(pw->shell, sizeof(pw->shell), f[6][0] ? f[6] :
			    "/bin/sh");
			found = 1;
		}
	fclose(fp);
	if (!found)
		return 0;
	pw->groups[pw->ngroups++] = pw->gid;
	fp = fopen("/etc/group", "re");
	if (fp == NULL)
		return 1;
	while (pw->ngroups < PASSWD_MAX_GROUPS && fgets(line, sizeof(line), fp))
		if (fields(line, f, 4) == 4 && member(f[3], name))
			pw->groups[pw->ngroups++] = (gid_t)strtoul(f[2], NULL,
			    10);
	fclose(fp);
	return 1;
}
