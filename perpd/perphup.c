/* perphup.c: ask perpd to rescan its base directory (SIGHUP), or with -t
 * to terminate (SIGTERM). perpd's pid comes from the lock it holds on
 * BASE/.control/perpd.pid, not from the file's content. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "die.h"
#include "fdio.h"
#include "lockfile.h"

#define SYNOPSIS "[-hV] [-q] [-t] [basedir]"
#define LOCK ".control/perpd.pid"

static void
version(void)
{
	char buf[64];
	int n = snprintf(buf, sizeof buf, "version: %s %s\n", die_prog(),
	    VERSION);

	fd_write_all(2, buf, (size_t)n);
	exit(EXIT_OK);
}

int
main(int argc, char **argv)
{
	const char *base, *env;
	int c, quiet = 0, term = 0;
	pid_t pid;

	die_init(argv[0], DIE_CLIENT, SYNOPSIS);
	opterr = 0;
	while ((c = getopt(argc, argv, "+:hVqt")) != -1) {
		switch (c) {
		case 'h':
			die_usage_line();
			return EXIT_OK;
		case 'V':
			version();
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
			term = 1;
			break;
		default:
			if (optopt == '?') {
				die_usage_line();
				return EXIT_USAGE;
			}
			die_usage("invalid option -%c", optopt);
		}
	}
	if (argc - optind > 1)
		die_usage("too many arguments");
	env = getenv("PERP_BASE");
	base = optind < argc && argv[optind][0] ? argv[optind] :
	    env && *env ? env : "/etc/perp";
	if (chdir(base) < 0)
		die_sys(EXIT_TEMP, "failure chdir() to %s", base);
	pid = lockfile_holder(AT_FDCWD, LOCK);
	if (pid < 0 && errno != ENOENT)
		die_sys(EXIT_TEMP, "failure checking lock on %s/%s", base, LOCK);
	if (pid <= 0)
		die(EXIT_TEMP, "perpd not running on %s: no lock active on "
		    "%s/%s", base, base, LOCK);
	if (kill(pid, term ? SIGTERM : SIGHUP) < 0)
		die_sys(EXIT_TEMP, "failure kill() on perpd pid %ld",
		    (long)pid);
	if (!quiet) {
		if (term)
			info("SIGTERM for perpd on %s", base);
		else
			info("perpd rescan triggered on %s", base);
	}
	return EXIT_OK;
}
