/* sissylog.c: log stdin to syslog (man/sissylog.8): the options, then
 * the shared pipeline (loop.h) with the syslog sink (sink_syslog.h). */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "die.h"
#include "loop.h"
#include "sig.h"
#include "sink_syslog.h"
#include "sissyopts.h"

/* The command line; the -T files are checked here, the one part of it
 * that looks at the file system (sissyopts.h). */
static void
parse_args(int argc, char **argv, struct sink_syslog_conf *c,
    struct logopts *o)
{
	static struct cliopt r;
	const char *files[3];
	int i;

	if (sissyopts_parse(c, o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version_named);
	files[0] = c->tls.ca;
	files[1] = c->tls.cert;
	files[2] = c->tls.key;
	for (i = 0; c->tls.on && i < 3; i++)
		if (files[i] != NULL && access(files[i], R_OK) < 0)
			die_sys(EXIT_USAGE, "unable to read %s", files[i]);
	if (sissyopts_tls_auth(c, &r) < 0)
		cliopt_exit(&r, die_version_named);
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

	die_init(argv[0], DIE_DAEMON, SISSYOPTS_USAGE);
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
