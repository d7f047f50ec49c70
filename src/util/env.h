/* exec.clean and jexec -l: the environment a login would have (jail(8)):
 * everything dropped but TERM, then HOME, SHELL and USER of the target
 * user and a standard PATH.  Shared with brig-init, which is built
 * without the rest of the library. */
#pragma once

void env_clean(const char *home, const char *shell, const char *user);
