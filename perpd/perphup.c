/* perphup.c: ask perpd to rescan its base directory (SIGHUP), or with -t
 * to terminate (SIGTERM). perpd's pid comes from the lock it holds on
 * BASE/.control/perpd.pid, not from the file's content. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "die.h"
#include "lockfile.h"
#include "perpopts.h"

#define LOCK ".control/perpd.pid"

int
main(int argc, char **argv)
{
	static struct cliopt r;
	struct perphup_opts o;
	const char *base;
	pid_t pid;

	die_init(argv[0], DIE_CLIENT, PERPHUP_SYNOPSIS);
	if (perphup_opts_parse(&o, argc, argv, getenv("PERP_BASE"), &r) < 0)
		cliopt_exit(&r, die_version);
	base = o.base;
	if (chdir(base) < 0)
		die_sys(EXIT_TEMP, "failure chdir() to %s", base);
	pid = lockfile_holder(AT_FDCWD, LOCK);
	if (pid < 0 && errno != ENOENT)
		die_sys(EXIT_TEMP, "failure checking lock on %s/%s", base, LOCK);
	if (pid <= 0)
		die(EXIT_TEMP, "perpd not running on %s: no lock active on "
		    "%s/%s", base, base, LOCK);
	if (kill(pid, o.term ? SIGTERM : SIGHUP) < 0)
		die_sys(EXIT_TEMP, "failure kill() on perpd pid %ld",
		    (long)pid);
	if (!o.quiet) {
		if (o.term)
			info("SIGTERM for perpd on %s", base);
		else
			info("perpd rescan triggered on %s", base);
	}
	return EXIT_OK;
}
