/* The netlink core: sockets per namespace, sequence numbers, replies,
 * ACKs and the kernel's extended-ACK text (as iproute2 lib/libnetlink.c
 * does, without printing anything). */
#include <sys/socket.h>
#include <sys/stat.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libmnl/libmnl.h>

#include "net.h"
#include "net_int.h"

#define NET_MAX_NS	8	/* sockets kept, one per namespace */
/* A dump message can exceed a page (iproute2 reads 32 KiB and peeks). */
#define NL_RCVBUF	65536

struct net_sock {
	struct mnl_socket *s;	/* NULL: slot free */
	dev_t dev;		/* the namespace's identity */
	ino_t ino;
	uint32_t portid;
};

struct net {
	struct net_sock socks[NET_MAX_NS];	/* [0]: net_open()'s own */
	unsigned evict;		/* next slot to reuse, 1.. */
	uint32_t seq;
	char *buf;		/* NL_RCVBUF bytes */
};

static struct mnl_socket *
sock_open(void)
{
	struct mnl_socket *s;
	int one = 1, saved;

	if ((s = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
		return NULL;
	/* The kernel's reason in text (4.12), and no copy of our request
	 * in its error replies (4.3).  Older kernels: just less detail. */
	(void)mnl_socket_setsockopt(s, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)mnl_socket_setsockopt(s, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(s, 0, MNL_SOCKET_AUTOPID) == -1) {
		saved = errno;
		mnl_socket_close(s);
		errno = saved;
		return NULL;
	}
	return s;
}

struct ns_open {
	int nsfd;
	struct mnl_socket *s;
	int err;
	const char *what;
};

/* The helper thread: enter the namespace, open the socket, end.  The
 * namespace is a per-thread attribute: the caller's stays as it was. */
static void *
ns_open_thread(void *arg)
{
	struct ns_open *o = arg;

	if (setns(o->nsfd, CLONE_NEWNET) == -1) {
		o->err = errno;
		o->what = "enter network namespace";
		return NULL;
	}
	if ((o->s = sock_open()) == NULL) {
		o->err = errno;
		o->what = "open netlink socket in network namespace";
	}
	return NULL;
}

static int
sock_in_ns(int nsfd, struct mnl_socket **out, struct brig_err *e)
{
	struct ns_open o = { .nsfd = nsfd };
	pthread_t t;
	int r;

	if ((r = pthread_create(&t, NULL, ns_open_thread, &o)) != 0) {
		errno = r;
		return err_sys(e, "start a thread to enter netns fd %d", nsfd);
	}
	pthread_join(t, NULL);
	if (o.s == NULL) {
		errno = o.err;
		return err_sys(e, "%s (fd %d)", o.what, nsfd);
	}
	*out = o.s;
	return 0;
}

int
net_open(struct net **out, struct brig_err *e)
{
	struct net *n;
	struct stat st;

	if ((n = calloc(1, sizeof(*n))) == NULL ||
	    (n->buf = malloc(NL_RCVBUF)) == NULL) {
		free(n);
		return err_sys(e, "allocate the netlink executor");
	}
	if (stat("/proc/thread-self/ns/net", &st) == -1) {
		err_sys(e, "stat /proc/thread-self/ns/net");
		goto fail;
	}
	if ((n->socks[0].s = sock_open()) == NULL) {
		err_sys(e, "open netlink socket");
		goto fail;
	}
	n->socks[0].dev = st.st_dev;
	n->socks[0].ino = st.st_ino;
	n->socks[0].portid = mnl_socket_get_portid(n->socks[0].s);
	n->evict = 1;
	n->seq = (uint32_t)time(NULL);
	*out = n;
	return 0;
fail:
	free(n->buf);
	free(n);
	return -1;
}

void
net_close(struct net *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < NET_MAX_NS; i++)
		if (n->socks[i].s != NULL)
			mnl_socket_close(n->socks[i].s);
	free(n->buf);
	free(n);
}

/* The socket acting in nsfd, opened on first use. */
static struct net_sock *
sock_get(struct net *n, int nsfd, struct brig_err *e)
{
	struct net_sock *ns;
	struct mnl_socket *s = NULL;
	struct stat st;
	size_t i;

	if (nsfd == NET_NS_SELF)
		return &n->socks[0];
	if (fstat(nsfd, &st) == -1) {
		err_sys(e, "netns fd %d", nsfd);
		return NULL;
	}
	for (i = 0; i < NET_MAX_NS; i++)
		if (n->socks[i].s != NULL && n->socks[i].dev == st.st_dev &&
		    n->socks[i].ino == st.st_ino)
			return &n->socks[i];
	if (sock_in_ns(nsfd, &s, e) == -1)
		return NULL;
	ns = &n->socks[n->evict];
	n->evict = n->evict + 1 < NET_MAX_NS ? n->evict + 1 : 1;
	if (ns->s != NULL)
		mnl_socket_close(ns->s);
	ns->s = s;
	ns->dev = st.st_dev;
	ns->ino = st.st_ino;
	ns->portid = mnl_socket_get_portid(s);
	return ns;
}

int
net_ns_release(struct net *n, int nsfd, struct brig_err *e)
{
	struct stat st;
	size_t i;

	if (nsfd == NET_NS_SELF)
		return 0;
	if (fstat(nsfd, &st) == -1)
		return err_sys(e, "netns fd %d", nsfd);
	for (i = 1; i < NET_MAX_NS; i++)
		if (n->socks[i].s != NULL && n->socks[i].dev == st.st_dev &&
		    n->socks[i].ino == st.st_ino) {
			mnl_socket_close(n->socks[i].s);
			n->socks[i].s = NULL;
		}
	return 0;
}

/* The extended ACK: the TLVs from off bytes into the payload; copy
 * NLMSGERR_ATTR_MSG, if there is one, bounded and NUL-terminated, into
 * e->msg. */
static void
ext_ack(const struct nlmsghdr *nlh, size_t off, struct brig_err *e)
{
	size_t paylen = nlh->nlmsg_len - NLMSG_HDRLEN, n;
	const struct nlattr *a;
	const char *text;
	int left;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (off >= paylen || paylen - off > (size_t)INT32_MAX)
		return;
	a = (const struct nlattr *)((const char *)NLMSG_DATA(nlh) + off);
	left = (int)(paylen - off);
	for (; mnl_attr_ok(a, left); a = mnl_attr_next(a)) {
		left -= MNL_ALIGN(a->nla_len);
		if (mnl_attr_get_type(a) != NLMSGERR_ATTR_MSG)
			continue;
		text = mnl_attr_get_payload(a);
		n = strnlen(text, mnl_attr_get_payload_len(a));
		if (n >= sizeof(e->msg))
			n = sizeof(e->msg) - 1;
		memcpy(e->msg, text, n);
		e->msg[n] = '\0';
		return;
	}
}

/* Where an NLMSG_ERROR's TLVs start: after the nlmsgerr and, without
 * NLM_F_CAPPED, the rest of the request copied back; 0 if that copy
 * claims an impossible length. */
static size_t
error_tlvs(const struct nlmsghdr *nlh, const struct nlmsgerr *err)
{
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		return sizeof(*err);
	if (err->msg.nlmsg_len < sizeof(struct nlmsghdr) ||
	    err->msg.nlmsg_len > nlh->nlmsg_len)
		return 0;
	return sizeof(*err) + NLMSG_ALIGN(err->msg.nlmsg_len) -
	    sizeof(struct nlmsghdr);
}

static int
bad_reply(struct brig_err *e, const char *what, size_t a, size_t b)
{
	errno = EBADMSG;
	err_sys(e, "malformed netlink reply: %s (%zu, %zu bytes)", what, a, b);
	return -1;
}

/* NLMSG_ERROR: an ACK (0) or the kernel's errno. */
static int
on_error(const struct nlmsghdr *nlh, struct brig_err *e)
{
	const struct nlmsgerr *err = NLMSG_DATA(nlh);
	size_t paylen = nlh->nlmsg_len - NLMSG_HDRLEN;

	if (paylen < sizeof(*err))
		return bad_reply(e, "short NLMSG_ERROR", paylen, sizeof(*err));
	if (err->error == 0)
		return 0;
	/* The kernel sends -errno; anything else (and INT_MIN, whose
	 * negation overflows) is not a reply of its. */
	if (err->error > 0 || err->error < -4095)
		return bad_reply(e, "error code out of range",
		    (size_t)(unsigned)err->error, paylen);
	e->errnum = -err->error;
	e->msg[0] = '\0';
	if (error_tlvs(nlh, err) != 0)
		ext_ack(nlh, error_tlvs(nlh, err), e);
	return -1;
}

/* NLMSG_DONE ends a dump, with the dump's error (an int) and, after it,
 * the extended-ACK TLVs (netlink_dump_done(); iproute2 reads them at
 * sizeof(int), as here). */
static int
on_done(const struct nlmsghdr *nlh, struct brig_err *e)
{
	size_t paylen = nlh->nlmsg_len - NLMSG_HDRLEN;
	int error;

	if (paylen < sizeof(int))
		return 0;
	memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	if (error == 0)
		return 0;
	if (error > 0 || error < -4095)
		return bad_reply(e, "NLMSG_DONE error out of range",
		    (size_t)(unsigned)error, paylen);
	e->errnum = -error;
	e->msg[0] = '\0';
	ext_ack(nlh, sizeof(int), e);
	return -1;
}

int
nl_reply_parse(const void *buf, size_t len, uint32_t seq, uint32_t portid,
    nl_data_cb cb, void *data, struct brig_err *e)
{
	const char *p = buf;
	const struct nlmsghdr *nlh;
	size_t msglen;

	while (len > 0) {
		if (len < sizeof(*nlh))
			return bad_reply(e, "truncated header", len,
			    sizeof(*nlh));
		nlh = (const struct nlmsghdr *)p;
		msglen = nlh->nlmsg_len;
		if (msglen < sizeof(*nlh) || msglen > len)
			return bad_reply(e, "message length beyond the data",
			    msglen, len);
		/* Left over from an earlier request (one we gave up on). */
		if (nlh->nlmsg_seq != seq ||
		    (portid != 0 && nlh->nlmsg_pid != portid))
			goto next;
		switch (nlh->nlmsg_type) {
		case NLMSG_ERROR:
			return on_error(nlh, e);
		case NLMSG_DONE:
			return on_done(nlh, e);
		case NLMSG_OVERRUN:
			errno = ENOBUFS;
			return err_sys(e, "netlink overrun");
		case NLMSG_NOOP:
			break;
		default:
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				break;
			if (cb != NULL && cb(nlh, data, e) == -1)
				return -1;
			break;
		}
		if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
			errno = EAGAIN;
			return err_sys(e, "dump interrupted by a change");
		}
next:
		/* The last message may lack its alignment padding. */
		msglen = NLMSG_ALIGN(msglen);
		if (msglen >= len)
			break;
		p += msglen;
		len -= msglen;
	}
	return 1;
}

int
nl_fail(struct brig_err *e, const char *fmt, ...)
{
	char what[256], kernel[sizeof(e->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (e->msg[0] == '\0') {
		snprintf(e->msg, sizeof(e->msg), "%s", what);
		return -1;
	}
	memcpy(kernel, e->msg, sizeof(kernel));
	snprintf(e->msg, sizeof(e->msg), "%s: %s", what, kernel);
	return -1;
}

int
nl_talk(struct net *n, int nsfd, struct nlmsghdr *nlh, nl_data_cb cb,
    void *data, struct brig_err *e)
{
	struct net_sock *ns;
	ssize_t got;
	int r;

	if ((ns = sock_get(n, nsfd, e)) == NULL)
		return -1;
	nlh->nlmsg_seq = ++n->seq;
	if (mnl_socket_sendto(ns->s, nlh, nlh->nlmsg_len) == -1) {
		e->msg[0] = '\0';
		e->errnum = errno;
		return -1;
	}
	do {
		do
			got = mnl_socket_recvfrom(ns->s, n->buf, NL_RCVBUF);
		while (got == -1 && errno == EINTR);
		if (got == -1) {
			e->errnum = errno;
			snprintf(e->msg, sizeof(e->msg), "netlink receive");
			return -1;
		}
		r = nl_reply_parse(n->buf, (size_t)got, nlh->nlmsg_seq,
		    ns->portid, cb, data, e);
	} while (r == 1);
	return r;
}

int
net_ifname_check(const char *name, struct brig_err *e)
{
	size_t len = strlen(name), i;
	const char *why = NULL;

	if (len == 0)
		why = "empty";
	else if (len >= NET_NAMESZ)
		why = "longer than 15 bytes";
	else if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		why = "\".\" and \"..\" are reserved";
	for (i = 0; why == NULL && i < len; i++) {
		if (name[i] == '/')
			why = "contains '/'";
		else if (name[i] == ':')
			why = "contains ':'";
		/* The kernel's isspace(): also 0xa0, Latin-1's no-break
		 * space (lib/ctype.c), so UTF-8 "\xc2\xa0" too. */
		else if (name[i] == ' ' || (name[i] >= '\t' &&
		    name[i] <= '\r') || (unsigned char)name[i] == 0xa0)
			why = "contains a blank";
	}
	if (why == NULL)
		return 0;
	return err_fmt(e, "invalid interface name \"%.*s\": %s (1..15 bytes, "
	    "no '/', ':' or blanks, not \".\" or \"..\")",
	    len > 64 ? 64 : (int)len, name, why);
}
