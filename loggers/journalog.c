/* journalog.c: the journald bridge. Each line of stdin becomes one journal
 * entry with structured fields; see journalog(8).
 *
 * Map to source:
 *   journalog.c      the service's identity, start-up
 *   journalopts.c    the options
 *   sink_journal.c   the sink: batches, sending, the policy
 *   journalbatch.c   a batch's entries; long lines joined, or streamed
 *   journalmemfd.c   a long line's entry, written into a memfd as it is read
 *   journalconn.c    our own socket to journald: what it has read, memfds
 *   journalfields.c  the fields of an entry, field-name rules
 *   loop.c and the rest of pipeline.h: input, framing, filters, stamps
 *
 * Without libsystemd (HAVE_SYSTEMD unset) journalog still parses its
 * options, then says that journald support is not compiled in: exit 100. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "die.h"
#include "journalfields.h"
#include "journalopts.h"
#include "loop.h"
#include "sig.h"
#include "sink_journal.h"

/* The service journalog logs for. perpd runs rc.log in the service's
 * directory with PERP_BASE set; perpboot runs its own in BASE/.boot. */
struct service {
	char dir[PATH_MAX];
	const char *name; /* NULL: not a perp service */
	const char *base; /* NULL: not under perpd */
};

/* Who we log for: the working directory names the service when
 * PERP_BASE is set and, if it is absolute, is its parent. */
static void
find_service(struct service *sv)
{
	const char *env = getenv("PERP_BASE");
	char real[PATH_MAX], *slash;

	sv->name = sv->base = NULL;
	if (env == NULL || *env == '\0' || getcwd(sv->dir, sizeof sv->dir) ==
	    NULL)
		return;
	slash = strrchr(sv->dir, '/');
	if (slash == NULL || slash == sv->dir)
		return;
	*slash = '\0';
	if (env[0] == '/' && (realpath(env, real) == NULL ||
	    strcmp(real, sv->dir) != 0))
		return;
	sv->base = sv->dir;
	sv->name = slash[1] == '.' || slash[1] == '\0' ? NULL : slash + 1;
	if (sv->name == NULL && strcmp(slash + 1, ".boot") != 0)
		sv->base = NULL;
}

/* The fields of every entry, in the order of journalfields.h. */
static void
make_fields(struct jfields *f, const struct jopts *o,
    const struct service *sv)
{
	const char *ident = o->ident;
	size_t i;

	if (ident == NULL)
		ident = sv->name ? sv->name : sv->base ? "perpd" : "journalog";
	if (jf_init(f, ident, o->facility) < 0 ||
	    (sv->name && jf_add(f, "PERP_SERVICE", sv->name) < 0) ||
	    (sv->base && jf_add(f, "PERP_BASE", sv->base) < 0))
		die_sys(EXIT_TEMP, "unable to set up the fields");
	for (i = 0; i < o->nextra; i++)
		if (jf_add_option(f, o->extra[i]) < 0)
			die_sys(EXIT_TEMP, "unable to add field %s",
			    o->extra[i]);
}

#ifdef HAVE_SYSTEMD
static int
run(const struct jopts *o, const struct jfields *f)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP, SIGALRM, SIGPIPE };
	static struct jsink s;
	struct jsink_conf conf;
	struct logloop L;
	int sigfd;

	sigfd = sig_open(sigs, 5);
	if (sigfd < 0)
		die_sys(EXIT_TEMP, "unable to start");
	if (logloop_init(&L, &o->lo, &jsink_ops, &s, sigfd) < 0)
		die_sys(EXIT_TEMP, "unable to set up standard input");
	conf.fields = f;
	conf.path = JC_PATH;
	conf.policy = o->lo.policy;
	conf.strip = o->strip;
	conf.limit = o->limit;
	conf.window = L.in.cap;
	if (jsink_init(&s, &conf) < 0)
		die_sys(EXIT_TEMP, "unable to set up the journal sink");
	/* journald may start later; a socket that shuts us out will not
	 * let us in by waiting. */
	if (jsink_probe(&s) < 0 && (errno == EACCES || errno == EPERM))
		die_sys(EXIT_TEMP, "unable to reach journald at %s", JC_PATH);
	return logloop_run(&L);
}
#endif

int
main(int argc, char **argv)
{
	static struct jopts o;
	static struct jfields f;
	static struct cliopt r;
	struct service sv;

	die_init(argv[0], DIE_DAEMON, JOURNALOPTS_USAGE);
	if (jopts_parse(&o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version);
	find_service(&sv);
	make_fields(&f, &o, &sv);
#ifdef HAVE_SYSTEMD
	return run(&o, &f);
#else
	die(EXIT_USAGE, "journald support is not compiled in (this build "
	    "has no libsystemd; rebuild with WITH_SYSTEMD=yes)");
#endif
}
