/* brig-init: PID 1 of every jail.  It runs the jail's start commands
 * (exec.start, command) as its own children and reports each result to
 * the brig that started it, reaps every orphan, passes SIGTERM, SIGINT
 * and SIGHUP on to the whole jail (as PID 1 of its PID namespace; run
 * any other way it passes nothing on), and ends the jail as FreeBSD does:
 * with persist it stays with no other process; without, it exits when
 * the last one is gone.  It is a small static program built into brig
 * and exec'd from a sealed memfd: it needs nothing from the jail's root,
 * nothing in the jail can reach a host file through /proc/1/exe, and an
 * idle jail's PID 1 stays small. */
#pragma once

/* SIGUSR1 sets persist and SIGUSR2 clears it, for jail -m. */

/* Status lines written on the report descriptor (-s FD):
 *   "I"                        init runs; it then waits for one byte
 *                              from brig (after exec.created)
 *   "S <index> <wait status>"  a start command finished
 *   "R"                        every start command succeeded
 *   "A"                        the jail stays (persist, or processes
 *                              left); without it the channel closes:
 *                              the jail has already ended
 * Before the exec, the setup child writes "E <errno> <message>". */

int init_main(int argc, char **argv);
