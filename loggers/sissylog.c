/* sissylog.c: log stdin to syslog (man/sissylog.8): the options, then
 * the shared pipeline (loop.h) with the syslog sink (sink_syslog.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "die.h"
#include "logopts.h"
#include "loop.h"
#include "parse.h"
#include "prio.h"
#include "sig.h"
#include "sink_syslog.h"

#define USAGE "[-hV] [-bn] [-d dest] [-F format] [-f format] [-i regex] " \
	"[-l bytes] [-m bytes] [-p policy] [-T tls] [-x regex] " \
	"[ident [facility]]"

static void
version(void)
{
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%s: version: %s\n", die_prog(),
	    VERSION);

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		exit(EXIT_TEMP);
	exit(EXIT_OK);
}

/* -T ca=FILE,cert=FILE,key=FILE,auth=MODE,peer=NAME (peer repeatable). */
static void
take_tls(struct sysrelp_tls *t, char *arg)
{
	char *item, *save = NULL, *eq;

	t->on = 1;
	for (item = strtok_r(arg, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		eq = strchr(item, '=');
		if (eq == NULL)
			die_usage("option -T wants key=value items: %s", item);
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
			die_usage("unknown item for option -T: %s "
			    "(ca, cert, key, auth, peer)", item);
	}
}

static void
check_tls(const struct sink_syslog_conf *c)
{
	const char *files[3] = { c->tls.ca, c->tls.cert, c->tls.key };
	int i;

	if (!c->tls.on)
		return;
	if (c->dest.kind != SYSDEST_RELP)
		die_usage("option -T needs a relp: destination");
	for (i = 0; i < 3; i++)
		if (files[i] != NULL && access(files[i], R_OK) < 0)
			die_sys(EXIT_USAGE, "unable to read %s", files[i]);
	if (c->tls.auth != NULL && strcmp(c->tls.auth, "name") != 0 &&
	    strcmp(c->tls.auth, "fingerprint") != 0 &&
	    strcmp(c->tls.auth, "certvalid") != 0)
		die_usage("unknown TLS auth mode: %s (name, fingerprint, "
		    "certvalid)", c->tls.auth);
}

/* The options of sissylog's own; the shared ones go to logopts. */
static void
take_opt(struct sink_syslog_conf *c, struct logopts *o, int ch, char *arg,
    int *fmtset)
{
	const char *why;
	uint64_t v;

	switch (ch) {
	case 'h':
		die_usage_line();
		exit(EXIT_OK);
	case 'V':
		version();
		break;
	case 'd':
		if (sysdest_parse(arg, &c->dest, &why) < 0)
			die_usage("bad destination %s: %s", arg, why);
		break;
	case 'F':
		if (strcmp(arg, "rfc3164") == 0)
			c->format = SYSFMT_3164;
		else if (strcmp(arg, "rfc5424") == 0)
			c->format = SYSFMT_5424;
		else
			die_usage("unknown format for option -F: %s "
			    "(rfc3164, rfc5424)", arg);
		*fmtset = 1;
		break;
	case 'l':
		if (parse_size(arg, SINK_SYSLOG_FOLD_MAX, &v) < 0 ||
		    v < SINK_SYSLOG_FOLD_MIN)
			die_usage("option -l needs a length from %d to 64k: %s",
			    SINK_SYSLOG_FOLD_MIN, arg);
		c->fold = (size_t)v;
		break;
	case 'n':
		c->lf = 1;
		break;
	case 'T':
		take_tls(&c->tls, arg);
		break;
	case ':':
		die_usage("missing argument for option -%c", optopt);
	default:
		if (!logopts_take(o, ch, arg))
			die_usage("invalid option -%c", optopt);
	}
}

static void
parse_args(int argc, char **argv, struct sink_syslog_conf *c,
    struct logopts *o)
{
	int ch, fmtset = 0, fac;

	memset(c, 0, sizeof *c);
	sysdest_local(&c->dest);
	c->fold = SINK_SYSLOG_FOLD_DEFAULT;
	c->facility = LOG_DAEMON;
	c->ident = die_prog();
	logopts_init(o);
	while ((ch = getopt(argc, argv, "+:hVnd:F:l:T:" LOGOPTS_LETTERS)) !=
	    -1)
		take_opt(c, o, ch, optarg, &fmtset);
	if (argc - optind > 2)
		die_usage("too many arguments");
	if (optind < argc)
		c->ident = argv[optind];
	if (optind + 1 < argc) {
		fac = prio_facility(argv[optind + 1]);
		if (fac < 0)
			die_usage("unknown facility: %s", argv[optind + 1]);
		c->facility = fac;
	}
	/* rfc3164 on a local socket is what syslog(3) sends: no host. */
	if (!sysdest_network(&c->dest))
		c->format = c->format == SYSFMT_5424 ? SYSFMT_5424 :
		    SYSFMT_LOCAL;
	else if (!fmtset)
		c->format = SYSFMT_5424;
	if (c->dest.kind == SYSDEST_RELP && !sysrelp_available())
		die(EXIT_USAGE, "%s: RELP support is not compiled in "
		    "(built without librelp)", c->dest.name);
	check_tls(c);
	c->drop = o->policy == POLICY_DROP;
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM,
		SIGCHLD, SIGPIPE };
	struct sink_syslog_conf c;
	struct logopts o;
	struct logloop L;
	char why[512];
	void *sink;
	int code, rc;

	die_init(argv[0], DIE_DAEMON, USAGE);
	parse_args(argc, argv, &c, &o);
	/* The loop is set up first for its input window, which sizes the
	 * sink; the sink resolves host names before signals are blocked,
	 * so that SIGTERM ends a slow lookup at once. */
	if (logloop_init(&L, &o, &sink_syslog_ops, NULL, -1) < 0)
		die_sys(EXIT_TEMP, "unable to set up standard input");
	c.window = L.in.cap;
	sink = sink_syslog_open(&c, &code, why, sizeof why);
	if (sink == NULL)
		die(code, "%s", why);
	L.sigfd = sig_open(sigs, (int)(sizeof sigs / sizeof sigs[0]));
	if (L.sigfd < 0)
		die_sys(EXIT_TEMP, "unable to start");
	L.sink = sink;
	/* With signals blocked: a thread started now inherits the mask. */
	if (sink_syslog_start(sink, L.sigfd, &code, why, sizeof why) < 0)
		die(code, "%s", why);
	rc = logloop_run(&L);
	logopts_free(&o);
	return rc;
}
