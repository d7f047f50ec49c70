/* brig ifconfig [argument ...], and ifconfig(8) when brig runs under that
 * name (exec.* hooks find it first in PATH): FreeBSD's ifconfig for
 * epairs, bridges, addresses and moves into vnet jails, acting in the
 * network namespace it runs in (src/net/ifconfig.h).  Errors are
 * ifconfig(8)'s: "ifconfig: MESSAGE" on stderr, exit status 1. */
#include <stdio.h>

#include "cli.h"
#include "../jail/jail.h"
#include "../net/ifconfig.h"
#include "../net/net.h"

/* vnet JAIL: the namespace of a running vnet jail, or of the jail whose
 * start runs this hook (jail.h). */
static int
jail_netns(void *arg, const char *jail, struct brig_err *e)
{
	const struct cli *cli = arg;

	return jail_netns_open(cli->rundir, jail, e);
}

static int
fail(const struct brig_err *e)
{
	char buf[700];

	fflush(stdout);
	fprintf(stderr, "ifconfig: %s\n", err_str(e, buf, sizeof(buf)));
	return 1;
}

static int
run(struct cli *cli, int argc, char **argv)
{
	struct ifc_ctx x = { NULL, stdout, stderr, jail_netns, cli };
	struct ifc_cmd c;
	struct brig_err e = { 0 };
	size_t i;
	int rc;

	if (ifc_parse(argc, argv, &c, &e) == -1)
		return fail(&e);
	/* The jail's stop brings what vnet moves back (vnet.h). */
	for (i = 0; i < c.n; i++)
		if (c.ops[i].op == IFC_VNET && jail_netns_note(cli->rundir,
		    c.ops[i].arg, c.ops[i].ifname, &e) == -1)
			return fail(&e);
	if (net_open(&x.n, &e) == -1)
		return fail(&e);
	rc = ifc_run(&x, &c, &e);
	net_close(x.n);
	if (rc == -1)
		return fail(&e);
	return fflush(stdout) == 0 ? 0 : 1;
}

const struct cmd cmd_ifconfig = {
	"ifconfig", "[-a] [interface [create] [inet | inet6] [parameter ...]]",
	"FreeBSD's ifconfig: epairs, bridges, addresses, vnet moves", run,
};
