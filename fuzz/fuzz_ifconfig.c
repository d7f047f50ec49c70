/* libFuzzer target for brig's ifconfig(8) argument parser.  The input is
 * split into argv at NUL and blank bytes (two NULs in a row make an
 * empty argument).  After each input: a failure leaves a one-line
 * message without control bytes; a success obeys the grammar's rules
 * (one address, create first, destroy alone, vnet last, values in
 * range), and its canonical form, split at blanks and parsed again,
 * gives the same command and the same form. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/socket.h>

#include "net/ifconfig.h"

#define CHECK(x) do { if (!(x)) { fprintf(stderr, "%s:%d: %s\n", \
	__FILE__, __LINE__, #x); abort(); } } while (0)

#define MAXARGS	64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
is_sep(uint8_t ch)
{
	return ch == '\0' || ch == ' ' || ch == '\t' || ch == '\n' ||
	    ch == '\v' || ch == '\f' || ch == '\r';
}

/* Split buf (len bytes, NUL after them) in place into argv[1..]. */
static int
split(char *buf, size_t len, char **argv)
{
	int argc = 1;
	size_t i, start = 0;

	argv[0] = (char *)"ifconfig";
	for (i = 0; i <= len && argc < MAXARGS; i++) {
		if (i < len && !is_sep((uint8_t)buf[i]))
			continue;
		if (i > start || (i < len && buf[i] == '\0'))
			argv[argc++] = buf + start;
		buf[i] = '\0';
		start = i + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static void
check_op(const struct ifc_cmd *c, size_t k)
{
	const struct ifc_op *o = &c->ops[k];

	CHECK((unsigned)o->op < IFC_NOPS);
	CHECK(memchr(o->ifname, '\0', sizeof(o->ifname)) != NULL);
	CHECK(memchr(o->arg, '\0', sizeof(o->arg)) != NULL);
	CHECK(o->op != IFC_LIST || c->n == 1);
	CHECK(o->op != IFC_CREATE || k == 0);
	CHECK(o->op != IFC_DESTROY || c->n == 1);
	CHECK(o->op != IFC_VNET || k == c->n - 1);
	CHECK(o->op == IFC_LIST || o->ifname[0] != '\0');
	if (o->op == IFC_ADDR) {
		CHECK(o->family == AF_INET || o->family == AF_INET6);
		CHECK(o->prefix >= -1 &&
		    o->prefix <= (o->family == AF_INET ? 32 : 128));
	}
	if (o->op == IFC_MTU)
		CHECK(o->mtu >= 68 && o->mtu <= 65535);
	if (o->op == IFC_ADDM || o->op == IFC_DELETEM || o->op == IFC_VNET ||
	    o->op == IFC_UNVNET)
		CHECK(o->arg[0] != '\0');
}

static void
check_cmd(const struct ifc_cmd *c)
{
	size_t k, naddr = 0;

	CHECK(c->n >= 1 && c->n <= IFC_MAX_OPS);
	CHECK(memchr(c->ifname, '\0', sizeof(c->ifname)) != NULL);
	for (k = 0; k < c->n; k++) {
		check_op(c, k);
		naddr += c->ops[k].op == IFC_ADDR;
	}
	CHECK(naddr <= 1);
}

static void
same(const struct ifc_cmd *a, const struct ifc_cmd *b)
{
	size_t k;

	CHECK(strcmp(a->ifname, b->ifname) == 0);
	CHECK(a->n == b->n);
	for (k = 0; k < a->n; k++) {
		const struct ifc_op *x = &a->ops[k], *y = &b->ops[k];

		CHECK(x->op == y->op);
		CHECK(strcmp(x->ifname, y->ifname) == 0);
		CHECK(x->any_unit == y->any_unit);
		CHECK(strcmp(x->arg, y->arg) == 0);
		CHECK(x->family == y->family);
		CHECK(memcmp(x->addr, y->addr, sizeof(x->addr)) == 0);
		CHECK(x->prefix == y->prefix);
		CHECK(x->alias == y->alias);
		CHECK(x->mtu == y->mtu);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ifc_cmd c, c2;
	char *argv[MAXARGS + 1], *argv2[MAXARGS + 1];
	char *buf, form[4096], form2[4096], again[4096];
	struct brig_err e = { 0, "" };
	const char *p;
	size_t len;
	int argc;

	buf = malloc(size + 1);
	CHECK(buf != NULL);
	memcpy(buf, data, size);
	buf[size] = '\0';
	argc = split(buf, size, argv);
	if (ifc_parse(argc, argv, &c, &e) == -1) {
		CHECK(e.errnum == 0 && e.msg[0] != '\0');
		for (p = e.msg; *p; p++)
			CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
		free(buf);
		return 0;
	}
	check_cmd(&c);
	len = ifc_format(&c, form, sizeof(form));
	CHECK(len < sizeof(form) && len == strlen(form));
	CHECK(strncmp(form, "ifconfig ", 9) == 0);
	memcpy(again, form + 9, len - 9 + 1);
	argc = split(again, len - 9, argv2);
	CHECK(ifc_parse(argc, argv2, &c2, &e) == 0);
	same(&c, &c2);
	CHECK(ifc_format(&c2, form2, sizeof(form2)) == len);
	CHECK(strcmp(form, form2) == 0);
	free(buf);
	return 0;
}
