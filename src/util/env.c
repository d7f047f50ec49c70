#include <stdio.h>
#include <stdlib.h>

#include "env.h"

void
env_clean(const char *home, const char *shell, const char *user)
{
	const char *term = getenv("TERM");
	char keep[128];

	snprintf(keep, sizeof(keep), "%s", term ? term : "");
	clearenv();
	setenv("PATH", "/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:"
	    "/usr/local/bin", 1);
	if (keep[0])
		setenv("TERM", keep, 1);
	setenv("HOME", home && *home ? home : "/", 1);
	setenv("SHELL", shell && *shell ? shell : "/bin/sh", 1);
	setenv("USER", user && *user ? user : "root", 1);
}
