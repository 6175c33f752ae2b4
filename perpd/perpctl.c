/* perpctl.c: send control commands to perpd's services, or activate and
 * deactivate them (perp 2.07 compatible). */
/* S_ISVTX, the sticky bit, is XSI. */
#define _XOPEN_SOURCE 700
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "client.h"
#include "ctlcmd.h"
#include "die.h"
#include "errstr.h"
#include "lockfile.h"
#include "perpopts.h"

static int opt_q;

/* chmod +t or -t one directory; 0 or -1 after its error line. From
 * then on sv is a label (view_label). */
static int
set_sticky(char *sv, int on)
{
	struct stat st;
	mode_t mode;
	int step = 0, err = 0;

	if (stat(sv, &st) < 0)
		step = 1;
	else if (!S_ISDIR(st.st_mode))
		step = 2;
	else {
		mode = on ? (st.st_mode | S_ISVTX) :
		    (st.st_mode & ~(mode_t)S_ISVTX);
		if (chmod(sv, mode & 07777) < 0)
			step = 3;
	}
	err = errno;
	view_label(sv);
	if (step == 1 && (err == ENOENT || err == ENOTDIR))
		say("error: %s: service directory not found", sv);
	else if (step == 1)
		say("error: %s: failure stat() on service directory: %s (%s)",
		    sv, errstr_phrase(err), errstr_name(err));
	else if (step == 2)
		say("error: %s: not a directory", sv);
	else if (step == 3)
		say("error: %s: failure chmod(): %s (%s)", sv,
		    errstr_phrase(err), errstr_name(err));
	return step ? -1 : 0;
}

/* A and X: the sticky bits, then SIGHUP to perpd so that it rescans now
 * (perpd may also watch the directory; the signal makes it certain). */
static int
do_sticky(struct client *c, char *const *sv, int on)
{
	const char *what = on ? "activation" : "deactivation";
	unsigned long count = 0;
	int errs = 0;
	pid_t pid;

	for (; *sv != NULL; sv++) {
		if (set_sticky(*sv, on) < 0) {
			errs++;
			continue;
		}
		count++;
		if (!opt_q)
			say("%s: set for %s", *sv, what);
	}
	pid = lockfile_holder(AT_FDCWD, CLIENT_PIDLOCK);
	if (pid < 0 && errno != ENOENT)
		die_sys(EXIT_TEMP, "failure checking lock on %s", c->pidlock);
	if (pid <= 0)
		die(EXIT_TEMP, "perpd not running on %s: no lock active on %s",
		    c->base, c->pidlock);
	if (kill(pid, SIGHUP) < 0)
		die_sys(EXIT_TEMP, "failure kill() on SIGHUP to perpd pid %ld "
		    "running on %s", (long)pid, c->base);
	if (!opt_q)
		say("rescan triggered for %s set on %lu service%s", what,
		    count, count == 1 ? "" : "s");
	return errs;
}

static int
do_control(struct client *c, char *const *sv,
    const struct ctl_request *req)
{
	struct svreply r;
	char line[4096];
	int errs = 0;

	for (; *sv != NULL; sv++) {
		client_control(c, *sv, req->cmd, req->flags, &r);
		if (r.kind == SV_ERROR && r.fail == SVE_CONNECT)
			client_die_connect(c);
		view_label(*sv);
		if (r.kind == SV_STATUS) {
			if (!opt_q)
				say("%s: ok", *sv);
			continue;
		}
		ctl_error_line(line, sizeof line, &r);
		say("%s", line);
		errs++;
	}
	client_close(c);
	return errs;
}

int
main(int argc, char **argv)
{
	static struct cliopt r;
	struct perpctl_opts o;
	struct client c;
	int errs;

	die_init(argv[0], DIE_CLIENT, PERPCTL_SYNOPSIS);
	if (perpctl_opts_parse(&o, argc, argv, &r) < 0)
		cliopt_exit(&r, die_version);
	opt_q = o.quiet;
	client_open(&c, client_base(o.base), "unable to chdir() to");
	if (o.req.kind == CTL_SEND)
		errs = do_control(&c, o.sv, &o.req);
	else
		errs = do_sticky(&c, o.sv, o.req.kind == CTL_ACTIVATE);
	client_done(&c);
	return errs ? EXIT_TEMP : EXIT_OK;
}
