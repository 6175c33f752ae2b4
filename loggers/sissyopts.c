/* sissyopts.c: sissylog's command line (sissyopts.h). */
#include <stdint.h>
#include <string.h>
#include <syslog.h>

#include "nextopt.h"
#include "parse.h"
#include "prio.h"
#include "sissyopts.h"

/* -T ca=FILE,cert=FILE,key=FILE,auth=MODE,peer=NAME (peer repeatable). */
static int
take_tls(struct sysrelp_tls *t, char *arg, struct cliopt *r)
{
	char *item, *save = NULL, *eq;

	t->on = 1;
	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (eq == NULL)
			return cliopt_usage(r, "option -T wants key=value "
			    "items: %s", item);
		*eq++ = '\0';
		if (strcmp(item, "ca") == 0)
			t->ca = eq;
		else if (strcmp(item, "cert") == 0)
			t->cert = eq;
		else if (strcmp(item, "key") == 0)
			t->key = eq;
		else if (strcmp(item, "auth") == 0)
			t->auth = eq;
		else if (strcmp(item, "peer") == 0 &&
		    t->npeers < SYSRELP_PEERS_MAX)
			t->peers[t->npeers++] = eq;
		else
			return cliopt_usage(r, "unknown item for option -T: "
			    "%s (ca, cert, key, auth, peer)", item);
	}
	return 0;
}

static int
take_format(struct sink_syslog_conf *c, const char *arg, struct cliopt *r)
{
	if (strcmp(arg, "rfc3164") == 0)
		c->format = SYSFMT_3164;
	else if (strcmp(arg, "rfc5424") == 0)
		c->format = SYSFMT_5424;
	else
		return cliopt_usage(r, "unknown format for option -F: %s "
		    "(rfc3164, rfc5424)", arg);
	return 0;
}

/* sissylog's own options; the shared ones go to logopts. 0 or -1. */
static int
take_opt(struct sink_syslog_conf *c, struct logopts *o,
    const struct nextopt *n, int ch, struct cliopt *r)
{
	const char *why;
	uint64_t v;

	switch (ch) {
	case 'h':
		return cliopt_end(r, CLIOPT_HELP);
	case 'V':
		return cliopt_end(r, CLIOPT_VERSION);
	case 'd':
		if (sysdest_parse(n->arg, &c->dest, &why) < 0)
			return cliopt_usage(r, "bad destination %s: %s",
			    n->arg, why);
		return 0;
	case 'F':
		return take_format(c, n->arg, r);
	case 'l':
		if (parse_size(n->arg, SINK_SYSLOG_FOLD_MAX, &v) < 0 ||
		    v < SINK_SYSLOG_FOLD_MIN)
			return cliopt_usage(r, "option -l needs a length from "
			    "%d to 64k: %s", SINK_SYSLOG_FOLD_MIN, n->arg);
		c->fold = (size_t)v;
		return 0;
	case 'n':
		c->lf = 1;
		return 0;
	case 'T':
		/* argv's own bytes: nextopt only reads them */
		return take_tls(&c->tls, (char *)n->arg, r);
	case ':':
		return cliopt_badopt(r, ch, n->opt, "invalid option -%c", 0);
	default:
		switch (logopts_take(o, ch, n->arg, r)) {
		case 1:
			return 0;
		case 0:
			return cliopt_usage(r, "invalid option -%c", n->opt);
		default:
			return -1;
		}
	}
}

/* The operands, then what follows from the destination. */
static int
settle(struct sink_syslog_conf *c, struct logopts *o, char *const *opnd,
    int nopnd, int fmtset, struct cliopt *r)
{
	int fac;

	if (nopnd > 2)
		return cliopt_usage(r, "too many arguments");
	if (nopnd > 0)
		c->ident = opnd[0];
	if (nopnd > 1) {
		fac = prio_facility(opnd[1]);
		if (fac < 0)
			return cliopt_usage(r, "unknown facility: %s", opnd[1]);
		c->facility = fac;
	}
	/* rfc3164 on a local socket is what syslog(3) sends: no host. */
	if (!sysdest_network(&c->dest))
		c->format = c->format == SYSFMT_5424 ? SYSFMT_5424 :
		    SYSFMT_LOCAL;
	else if (!fmtset)
		c->format = SYSFMT_5424;
	if (c->dest.kind == SYSDEST_RELP && !sysrelp_available())
		return cliopt_fatal(r, EXIT_USAGE, 0, "%s: RELP support is "
		    "not compiled in (built without librelp)", c->dest.name);
	if (c->tls.on && c->dest.kind != SYSDEST_RELP)
		return cliopt_usage(r, "option -T needs a relp: destination");
	c->drop = o->policy == POLICY_DROP;
	return 0;
}

int
sissyopts_parse(struct sink_syslog_conf *c, struct logopts *o, int argc,
    char *const argv[], struct cliopt *r)
{
	struct nextopt n;
	int ch, fmtset = 0;

	memset(c, 0, sizeof *c);
	cliopt_init(r);
	sysdest_local(&c->dest);
	c->fold = SINK_SYSLOG_FOLD_DEFAULT;
	c->facility = LOG_DAEMON;
	c->ident = die_prog();
	logopts_init(o);
	nextopt_init(&n, argc, argv, SISSYOPTS_LETTERS);
	while ((ch = nextopt(&n)) != 0) {
		if (take_opt(c, o, &n, ch, r) < 0)
			return -1;
		fmtset |= ch == 'F';
	}
	return settle(c, o, argv + n.ind, argc - n.ind, fmtset, r);
}

int
sissyopts_tls_auth(const struct sink_syslog_conf *c, struct cliopt *r)
{
	if (!c->tls.on || c->tls.auth == NULL ||
	    strcmp(c->tls.auth, "name") == 0 ||
	    strcmp(c->tls.auth, "fingerprint") == 0 ||
	    strcmp(c->tls.auth, "certvalid") == 0)
		return 0;
	return cliopt_usage(r, "unknown TLS auth mode: %s (name, "
	    "fingerprint, certvalid)", c->tls.auth);
}
