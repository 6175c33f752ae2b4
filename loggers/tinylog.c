/* tinylog.c: the perp-compatible rotating logger. Options, then the
 * shared loop (loop.h) with the log directory sink (sink_dir.h). */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "die.h"
#include "loop.h"
#include "sig.h"
#include "sink_dir.h"
#include "tinyopts.h"

/* A service that keeps its pipe full gets batches of up to 256 KiB: on
 * a busy log, a quarter of the system calls a 64 KiB pipe costs (each
 * write to current also updates its inode and its commit mark). */
#define WINDOW_MAX (256 * 1024)

/* -z compresses with zlib, in process; TINYLOG_ZIP, when set, names an
 * external compressor run as perp 2.07 ran it. */
static void
settle(struct tinyopts *o)
{
	const char *cmd = getenv("TINYLOG_ZIP");

	o->dir.quiet = o->log.policy == POLICY_DROP;
	if (!o->zip)
		return;
	if (cmd != NULL && *cmd != '\0') {
		o->rot.zip = ZMODE_EXT;
		o->rot.zipcmd = cmd;
	} else
		o->rot.zip = ZMODE_GZ;
}

int
main(int argc, char **argv)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM,
		SIGCHLD, SIGPIPE };
	static struct cliopt r;
	struct tinyopts o;
	struct dirsink s;
	struct logloop L;
	const char *path;
	int rc, sigfd;

	die_init(argv[0], DIE_DAEMON, TINYOPTS_USAGE);
	if (tinyopts_parse(&o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version_named);
	path = o.path;
	settle(&o);
	/* Before the worker thread starts, so that it inherits the mask. */
	sigfd = sig_open(sigs, (int)(sizeof sigs / sizeof sigs[0]));
	if (sigfd < 0)
		die_sys(EXIT_TEMP, "unable to set up signals");
	if (sink_dir_open(&s, path, &o.dir, &o.rot, sigfd) < 0)
		die_sys(EXIT_TEMP, "%s %s", s.dir.what, path);
	info("starting for logging in %s ...", path);
	if (logloop_init(&L, &o.log, &sink_dir_ops, &s, sigfd) < 0)
		die_sys(EXIT_TEMP, "unable to set up standard input");
	if (input_grow_limit(&L.in, WINDOW_MAX) < 0 ||
	    sink_dir_buffer(&s, L.in.max) < 0)
		die_sys(EXIT_TEMP, "unable to allocate");
	rc = logloop_run(&L);
	logopts_free(&o.log);
	return rc;
}
