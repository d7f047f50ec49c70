#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jail.h"
#include "vnet.h"
#include "../conf/conf.h"
#include "../net/ifconfig.h"
#include "../net/net.h"

void
jnet_init(struct jail_net *jn)
{
	jn->n = NULL;
	jn->ns = -1;
	jn->self = -1;
}

void
jnet_close(struct jail_net *jn)
{
	net_close(jn->n);
	if (jn->ns >= 0)
		close(jn->ns);
	if (jn->self >= 0)
		close(jn->self);
	jnet_init(jn);
}

static int
jnet_open(struct jail_net *jn, struct brig_err *e)
{
	if (jn->n == NULL && net_open(&jn->n, e) == -1)
		return -1;
	if (jn->self < 0 && (jn->self = open("/proc/thread-self/ns/net",
	    O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "open the host's network namespace");
	return 0;
}

static unsigned long long
self_netns(void)
{
	struct stat sb;

	return stat("/proc/self/ns/net", &sb) == 0 ? sb.st_ino : 0;
}

int
jnet_same_host(const struct jail_state *st, struct brig_err *e)
{
	unsigned long long here = self_netns();

	if (st->netns == 0 || here == 0 || st->netns == here)
		return 0;
	return err_fmt(e, "jail %s was started from network namespace "
	    "net:[%llu] and this is net:[%llu]: run brig where the jail was "
	    "started (its interfaces go back there)", st->name, st->netns,
	    here);
}

int
jnet_hold(struct jail_net *jn, const struct jail_state *st,
    struct brig_err *e)
{
	char path[64];

	if (!st->vnet || jn->ns >= 0 || !state_pid_alive(st->pid,
	    st->starttime))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)st->pid);
	if ((jn->ns = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return err_sys(e, "jail %s: open its network namespace",
		    st->name);
	return 0;
}

static bool
has_hooks(const struct conf_jail *j, const char *param)
{
	const struct conf_param *p = conf_param_find(j, param);

	return p && p->val;
}

static bool
jail_bool(const struct conf_jail *j, const char *name)
{
	return conf_param_bool(conf_param_find(j, name));
}

/* The "net" journal records a start can write: one per interface or
 * address (two for an address that was not the jail's), and two for
 * brig.bridge. */
static unsigned
net_records(const struct conf_jail *j)
{
	static const char *const lists[] = { "vnet.interface", "ip4.addr",
	    "ip6.addr" };
	const struct conf_param *p;
	const struct conf_str *v;
	unsigned n = conf_param_find(j, "brig.bridge") ? 2 : 0, k;

	for (k = 0; k < 3; k++)
		for (p = conf_param_find(j, lists[k]), v = p ? p->val : NULL; v;
		    v = v->next)
			n += k ? 2 : 1;
	return n;
}

int
jnet_check(struct jail_net *jn, const struct conf_jail *j,
    struct brig_err *e)
{
	const char *bridge = conf_param_str(conf_param_find(j, "brig.bridge"));
	const struct conf_param *p = conf_param_find(j, "vnet.interface");
	const struct conf_str *v;
	struct net_link l;
	int rc;

	if (!conf_jailsys_new(j, "vnet")) {
		if (bridge)
			return err_fmt(e, "jail %s: brig.bridge needs vnet (a "
			    "jail without it has no interface of its own)",
			    j->name);
		if (p && p->val)
			return err_fmt(e, "jail %s: vnet.interface needs vnet",
			    j->name);
	}
	/* Half the journal's room; the rest is for what hooks move in. */
	if (net_records(j) > STATE_MAX_NET / 2)
		return err_fmt(e, "jail %s: too many interfaces and addresses: "
		    "each vnet.interface counts 1, each ip4.addr or ip6.addr "
		    "2, brig.bridge 2, and the sum is at most %d", j->name,
		    STATE_MAX_NET / 2);
	if (bridge == NULL && (p == NULL || p->val == NULL))
		return 0;
	if (jnet_open(jn, e) == -1)
		return err_ctx(e, "jail %s", j->name);
	if (bridge) {
		if (net_ifname_check(bridge, e) == -1)
			return err_ctx(e, "jail %s: brig.bridge", j->name);
		rc = net_link_find(jn->n, NET_NS_SELF, bridge, &l, e);
		if (rc == -1)
			return err_ctx(e, "jail %s", j->name);
		if (rc == 1 && strcmp(l.kind, "bridge") != 0)
			return err_fmt(e, "jail %s: brig.bridge \"%s\": the "
			    "host has an interface of that name that is not a "
			    "bridge (%s)", j->name, bridge, l.kind[0] ? l.kind :
			    "a device");
	}
	/* A hook or brig.bridge may make the interface: then it is looked
	 * for when it is moved. */
	if (bridge || has_hooks(j, "exec.prestart") ||
	    has_hooks(j, "exec.prepare"))
		return 0;
	for (v = p ? p->val : NULL; v; v = v->next) {
		if (net_ifname_check(v->s, e) == -1)
			return err_ctx(e, "jail %s: vnet.interface", j->name);
		rc = net_link_find(jn->n, NET_NS_SELF, v->s, &l, e);
		if (rc == -1)
			return err_ctx(e, "jail %s", j->name);
		if (rc == 0)
			return err_fmt(e, "jail %s: vnet.interface \"%s\": no "
			    "such interface on the host", j->name, v->s);
	}
	return 0;
}

/* --- the host's lock on bridges ---------------------------------------- */

/* Bridges are made, joined and removed under RUNDIR/.netlock, so that a
 * jail stopping never removes a bridge that another is joining. */
static int
net_lock(const char *rundir, struct brig_err *e)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/.netlock", rundir);
	return state_lock_file(path, e);
}

/* RUNDIR/bridges/NAME exists while a bridge is one brig made. */
static int
bridge_mark(const char *rundir, const char *bridge, bool set,
    struct brig_err *e)
{
	char path[1100];
	int fd;

	snprintf(path, sizeof(path), "%s/bridges", rundir);
	if (set && mkdir(path, 0700) == -1 && errno != EEXIST)
		return err_sys(e, "create %s", path);
	snprintf(path, sizeof(path), "%s/bridges/%s", rundir, bridge);
	if (!set)
		return unlink(path) == -1 && errno != ENOENT ?
		    err_sys(e, "remove %s", path) : 0;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW,
	    0600)) == -1)
		return err_sys(e, "create %s", path);
	close(fd);
	return 0;
}

static bool
bridge_marked(const char *rundir, const char *bridge)
{
	char path[1100];

	snprintf(path, sizeof(path), "%s/bridges/%s", rundir, bridge);
	return access(path, F_OK) == 0;
}

/* The epair unit for a jail: that of vnet.interface when it names a
 * free epairNb (so that the jail's rc.conf can name it), else the
 * lowest N for which neither epairNa nor epairNb exists (ifconfig's
 * "epair create"). */
static int
epair_unit(struct jail_net *jn, const struct conf_jail *j,
    struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(j, "vnet.interface");
	char a[NET_NAMESZ], b[NET_NAMESZ];
	struct net_link *l;
	size_t n, i;
	int want = -1, unit;

	if (p && p->val && p->val->next == NULL) {
		const char *s = p->val->s;
		char *end;
		long u;

		if (strncmp(s, "epair", 5) == 0 && s[5] >= '0' &&
		    s[5] <= '9' && (u = strtol(s + 5, &end, 10)) >= 0 &&
		    u <= IFC_MAX_UNIT && strcmp(end, "b") == 0 &&
		    (s[5] != '0' || end == s + 6))
			want = (int)u;
	}
	if (net_link_list(jn->n, NET_NS_SELF, &l, &n, e) == -1)
		return -1;
	snprintf(a, sizeof(a), "epair%da", want);
	snprintf(b, sizeof(b), "epair%db", want);
	for (i = 0; want >= 0 && i < n; i++)
		if (strcmp(l[i].name, a) == 0 || strcmp(l[i].name, b) == 0) {
			free(l);
			return err_fmt(e, "brig.bridge: vnet.interface names "
			    "%s, but %s exists on the host already (another "
			    "jail's?)", b, l[i].name);
		}
	unit = want >= 0 ? want : ifc_unit_free("epair", l, n);
	free(l);
	if (unit < 0)
		return err_fmt(e, "no free epair unit");
	return unit;
}

/* brig.bridge: the bridge (made if missing), an epair whose b end is
 * born in the jail, its a end on the bridge, both up. */
static int
setup_bridge(struct jail_net *jn, const char *rundir,
    const struct conf_jail *j, struct journal *jr, struct brig_err *e)
{
	const char *bridge = conf_param_str(conf_param_find(j, "brig.bridge"));
	char a[NET_NAMESZ], b[NET_NAMESZ];
	struct net_link l;
	int lock, unit, rc = -1, found;

	if ((lock = net_lock(rundir, e)) == -1)
		return -1;
	if (journal_add(jr, e, "net bridge %s %d", bridge,
	    jail_bool(j, "brig.persist_bridge")) == -1)
		goto out;
	if ((found = net_link_find(jn->n, NET_NS_SELF, bridge, &l, e)) == -1)
		goto out;
	if (found && strcmp(l.kind, "bridge") != 0) {
		err_fmt(e, "brig.bridge \"%s\" is not a bridge", bridge);
		goto out;
	}
	if (!found && (bridge_mark(rundir, bridge, true, e) == -1 ||
	    net_bridge_create(jn->n, NET_NS_SELF, bridge, e) == -1 ||
	    net_link_set_up(jn->n, NET_NS_SELF, bridge, true, e) == -1))
		goto out;
	if ((unit = epair_unit(jn, j, e)) == -1)
		goto out;
	snprintf(a, sizeof(a), "epair%da", unit);
	snprintf(b, sizeof(b), "epair%db", unit);
	if (journal_add(jr, e, "net epair %s", a) == -1)
		goto out;
	if (net_veth_create(jn->n, NET_NS_SELF, a, b, jn->ns, e) == -1) {
		/* Made by someone else meanwhile (a hook's ifconfig):
		 * not this jail's to delete. */
		if (e->errnum == EEXIST)
			journal_add(jr, &(struct brig_err){ 0, "" },
			    "net keep epair %s", a);
		goto out;
	}
	if (net_link_set_master(jn->n, NET_NS_SELF, a, bridge, e) == -1 ||
	    net_link_set_up(jn->n, NET_NS_SELF, a, true, e) == -1 ||
	    net_link_set_up(jn->n, jn->ns, b, true, e) == -1)
		goto out;
	rc = 0;
out:
	close(lock);
	return rc;
}

/* A jail's own namespace, made without brig leaving its own: unshare,
 * keep a descriptor, go back. */
static int
make_netns(struct jail_net *jn, struct brig_err *e)
{
	if (unshare(CLONE_NEWNET) == -1)
		return err_sys(e, "create the network namespace");
	jn->ns = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (setns(jn->self, CLONE_NEWNET) == -1) {
		/* brig would now act in the wrong namespace. */
		perror("brig: fatal: back to the host's network namespace");
		abort();
	}
	if (jn->ns == -1)
		return err_sys(e, "open the new network namespace");
	return net_lo_up(jn->n, jn->ns, e);
}

static void
addr_text(const struct net_addr *a, char *buf, size_t len)
{
	char ip[INET6_ADDRSTRLEN];

	inet_ntop(a->family, a->addr, ip, sizeof(ip));
	snprintf(buf, len, "%s/%u", ip, a->prefixlen);
}

/* "IF|ADDR[/LEN]" or "ADDR[/LEN]" with the interface parameter. */
static int
host_addr(const struct conf_jail *j, const char *v, char *ifname,
    struct net_addr *a, struct brig_err *e)
{
	const char *bar = strchr(v, '|');
	const char *iface = conf_param_str(conf_param_find(j, "interface"));

	ifname[0] = '\0';
	if (bar) {
		if ((size_t)(bar - v) >= NET_NAMESZ || bar == v)
			return err_fmt(e, "\"%s\": not a valid interface name",
			    v);
		memcpy(ifname, v, (size_t)(bar - v));
		ifname[bar - v] = '\0';
		v = bar + 1;
	} else if (iface)
		snprintf(ifname, NET_NAMESZ, "%s", iface);
	return net_addr_parse(v, a, e);
}

static int
setup_addrs(struct jail_net *jn, const struct conf_jail *j,
    struct journal *jr, struct brig_err *e)
{
	static const char *const params[] = { "ip4.addr", "ip6.addr" };
	const struct conf_param *p;
	const struct conf_str *v;
	char ifname[NET_NAMESZ], text[64];
	struct net_addr a;
	size_t k;

	for (k = 0; k < 2; k++) {
		p = conf_param_find(j, params[k]);
		for (v = p ? p->val : NULL; v; v = v->next) {
			if (host_addr(j, v->s, ifname, &a, e) == -1)
				return err_ctx(e, "%s", params[k]);
			if (ifname[0] == '\0')
				continue;	/* jail(8): no interface, no
						 * alias */
			addr_text(&a, text, sizeof(text));
			if (journal_add(jr, e, "net addr %s %s", ifname,
			    text) == -1)
				return -1;
			if (net_addr_add(jn->n, NET_NS_SELF, ifname, &a, NULL,
			    e) == -1) {
				/* Not this jail's: its undo must not take
				 * it (the "keep" record cancels the
				 * "addr" one). */
				if (e->errnum == EEXIST)
					return journal_add(jr, e, "net keep "
					    "addr %s %s", ifname, text) == -1 ?
					    -1 :
					    err_fmt(e, "%s %s: the address "
					    "is already on %s (another jail, "
					    "or the host)", params[k], text,
					    ifname);
				return err_ctx(e, "%s", params[k]);
			}
		}
	}
	return 0;
}

int
jnet_setup(struct jail_net *jn, const char *rundir, const struct conf_jail *j,
    struct journal *jr, struct brig_err *e)
{
	bool vnet = conf_jailsys_new(j, "vnet");
	int rc;

	if (!vnet && conf_param_find(j, "ip4.addr") == NULL &&
	    conf_param_find(j, "ip6.addr") == NULL)
		return 0;
	if (jnet_open(jn, e) == -1 || journal_add(jr, e, "netns %llu",
	    self_netns()) == -1)
		return err_ctx(e, "jail %s", j->name);
	if (vnet) {
		if (make_netns(jn, e) == -1)
			return err_ctx(e, "jail %s", j->name);
		if (conf_param_find(j, "brig.bridge") &&
		    setup_bridge(jn, rundir, j, jr, e) == -1)
			return err_ctx(e, "jail %s", j->name);
		return 0;
	}
	rc = setup_addrs(jn, j, jr, e);
	return rc == -1 ? err_ctx(e, "jail %s", j->name) : 0;
}

int
jnet_interfaces(struct jail_net *jn, const struct conf_jail *j,
    struct journal *jr, struct brig_err *e)
{
	const struct conf_param *p = conf_param_find(j, "vnet.interface");
	const struct conf_str *v;
	struct net_link l;
	int here;

	if (p == NULL || p->val == NULL || jn->ns < 0)
		return 0;
	for (v = p->val; v; v = v->next) {
		if (net_ifname_check(v->s, e) == -1)
			return err_ctx(e, "jail %s: vnet.interface", j->name);
		here = net_link_find(jn->n, NET_NS_SELF, v->s, &l, e);
		if (here == -1)
			return err_ctx(e, "jail %s", j->name);
		if (here == 0) {
			/* A hook may have moved it already (the seed's
			 * "ifconfig epair0b vnet unbound"). */
			int there = net_link_find(jn->n, jn->ns, v->s, &l, e);

			if (there == -1)
				return err_ctx(e, "jail %s", j->name);
			if (there == 0)
				return err_fmt(e, "jail %s: vnet.interface "
				    "\"%s\": no such interface on the host",
				    j->name, v->s);
		}
		if (journal_add(jr, e, "net vnetif %s", v->s) == -1)
			return -1;
		if (here && net_link_set_netns(jn->n, NET_NS_SELF, v->s,
		    jn->ns, e) == -1)
			return err_ctx(e, "jail %s: vnet.interface", j->name);
	}
	return 0;
}

char **
jnet_hook_env(const struct jail_net *jn, const char *rundir,
    const char *name, int jid, char buf[4][128], char *env[5])
{
	int n = 0;

	snprintf(buf[0], sizeof(buf[0]), "BRIG_RUNDIR=%s", rundir);
	env[n++] = buf[0];
	if (jn->ns >= 0) {
		snprintf(buf[1], sizeof(buf[1]), "%s=%s", JAIL_HOOK_ENV_JAIL,
		    name);
		snprintf(buf[2], sizeof(buf[2]), "%s=%d", JAIL_HOOK_ENV_JID,
		    jid);
		snprintf(buf[3], sizeof(buf[3]), "%s=%d", JAIL_HOOK_ENV_NETNS,
		    jn->ns);
		env[n++] = buf[1];
		env[n++] = buf[2];
		env[n++] = buf[3];
	}
	env[n] = NULL;
	return env;
}

/* brig.bridge's bridge goes when brig made it, no jail asks to keep it,
 * and nothing is on it any more. */
static int
release_bridge(struct jail_net *jn, const char *rundir, const char *bridge,
    bool persist, struct brig_err *e)
{
	struct net_link *l;
	size_t n, i;
	int lock, idx = 0, members = 0, rc = -1;

	if (persist || !bridge_marked(rundir, bridge))
		return 0;
	if ((lock = net_lock(rundir, e)) == -1)
		return -1;
	if (net_link_list(jn->n, NET_NS_SELF, &l, &n, e) == -1)
		goto out;
	for (i = 0; i < n; i++)
		if (strcmp(l[i].name, bridge) == 0 &&
		    strcmp(l[i].kind, "bridge") == 0)
			idx = l[i].index;
	for (i = 0; i < n; i++)
		if (idx && l[i].master == idx)
			members++;
	free(l);
	if (members == 0 && (idx == 0 || net_link_delete(jn->n, NET_NS_SELF,
	    bridge, e) == 0))
		rc = bridge_mark(rundir, bridge, false, e);
	else
		rc = members ? 0 : -1;
out:
	close(lock);
	return rc;
}

/* brig.bridge's epair.  Deleting a veth costs the kernel an RCU
 * barrier (10-20 ms here); the jail's namespace going away deletes the
 * pair anyway, batched with other namespaces.  So while brig still
 * holds that namespace, the host end only leaves the bridge, goes down
 * and takes a name of its own ("bd" and its index), freeing epairNa at
 * once, and the kernel deletes it with the namespace. */
static int
release_epair(struct jail_net *jn, const char *a, struct brig_err *e)
{
	char dying[NET_NAMESZ];
	int idx;

	if (jn->ns >= 0 && (idx = net_link_index(jn->n, NET_NS_SELF, a,
	    e)) > 0) {
		snprintf(dying, sizeof(dying), "bd%x", (unsigned)idx);
		if (net_link_set_up(jn->n, NET_NS_SELF, a, false, e) == 0 &&
		    net_link_set_master(jn->n, NET_NS_SELF, a, NULL, e) == 0 &&
		    net_link_rename(jn->n, NET_NS_SELF, a, dying, e) == 0)
			return 0;
	}
	return net_link_delete(jn->n, NET_NS_SELF, a, e);
}

/* Is ifname the b end of an epair this jail's journal records?  It goes
 * with the pair: no use moving it back first. */
static bool
own_epair_end(const struct jail_state *st, const char *ifname)
{
	size_t n = strlen(ifname);
	unsigned i;

	if (n < 6 || ifname[n - 1] != 'b')
		return false;
	for (i = 0; i < st->nnet; i++)
		if (strncmp(st->net[i], "epair ", 6) == 0 &&
		    strlen(st->net[i] + 6) == n &&
		    strncmp(st->net[i] + 6, ifname, n - 1) == 0)
			return true;
	return false;
}

static int
release_one(struct jail_net *jn, const char *rundir,
    const struct jail_state *st, char *rec, struct brig_err *e)
{
	char *what = strtok(rec, " "), *a1 = strtok(NULL, " "),
	    *a2 = strtok(NULL, " "), msg[700];
	struct net_addr a;

	if (what == NULL || a1 == NULL)
		return 0;
	if (strcmp(what, "vnetif") == 0) {
		if (jn->ns < 0 || own_epair_end(st, a1) ||
		    net_link_set_netns(jn->n, jn->ns, a1,
		    jn->self, e) == 0 || e->errnum == ENODEV)
			return 0;
		/* Not a reason to keep the jail: the interface goes where
		 * Linux sends it when the namespace goes (a veth is deleted,
		 * a device returns to the first namespace). */
		err_ctx(e, "jail %s: %s back to the host", st->name, a1);
		fprintf(stderr, "brig: warning: %s\n", err_str(e, msg,
		    sizeof(msg)));
		return 0;
	}
	if (strcmp(what, "epair") == 0)
		return release_epair(jn, a1, e);
	if (strcmp(what, "bridge") == 0)
		return release_bridge(jn, rundir, a1, a2 && atoi(a2), e);
	if (strcmp(what, "addr") == 0 && a2) {
		if (net_addr_parse(a2, &a, e) == -1)
			return -1;
		return net_addr_del(jn->n, NET_NS_SELF, a1, &a, e);
	}
	return 0;
}

int
jnet_release(struct jail_net *jn, const char *rundir,
    const struct jail_state *st, struct brig_err *e)
{
	struct brig_err e2;
	char rec[sizeof(st->net[0])];
	const char *keep = NULL;
	unsigned i = st->nnet;
	int rc = 0;

	if (i == 0)
		return 0;
	if (jnet_open(jn, e) == -1)
		return err_ctx(e, "jail %s", st->name);
	while (i-- > 0) {
		/* "keep R" follows the record R it cancels: what R would
		 * have made was there already, someone else's. */
		if (strncmp(st->net[i], "keep ", 5) == 0) {
			keep = st->net[i] + 5;
			continue;
		}
		if (keep && strcmp(st->net[i], keep) == 0) {
			keep = NULL;
			continue;
		}
		memcpy(rec, st->net[i], sizeof(rec));
		if (release_one(jn, rundir, st, rec, &e2) == -1 && rc == 0) {
			*e = e2;
			err_ctx(e, "jail %s", st->name);
			rc = -1;
		}
	}
	return rc;
}
