/* brig-init: PID 1 of every jail.  It runs the jail's start commands
 * (exec.start, command) as its own children and reports each result to
 * the brig that started it, reaps every orphan, passes SIGTERM, SIGINT
 * and SIGHUP on to the whole jail, and ends the jail as FreeBSD does:
 * with persist it stays with no other process; without, it exits when
 * the last one is gone.  It is brig's own binary, exec'd from a sealed
 * memfd copy so that nothing in the jail can reach the host's file. */
#pragma once

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
