/* runstat.c: run a command and report its resource use with microsecond
 * precision (GNU time rounds to 10 ms): for bench/loggers.sh.
 *
 *   runstat -o statsfile command [arg ...]
 *
 * statsfile receives one line, "user_us sys_us maxrss_kib", for the
 * command and all of its threads and waited-for children. The exit status
 * is the command's (128 + signal if it was killed). */
#define _GNU_SOURCE /* wait4 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "die.h"

#define USAGE "-o statsfile command [arg ...]"

static long long
us(const struct timeval *tv)
{
	return (long long)tv->tv_sec * 1000000 + tv->tv_usec;
}

int
main(int argc, char **argv)
{
	struct rusage ru;
	const char *stats = NULL;
	char line[96];
	pid_t pid;
	int c, status, fd, n;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "+o:")) != -1) {
		if (c != 'o')
			die_usage("bad option");
		stats = optarg;
	}
	if (stats == NULL || optind >= argc)
		die_usage("missing arguments");
	pid = fork();
	if (pid < 0)
		die_sys(EXIT_TEMP, "unable to fork");
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		die_sys(EXIT_TEMP, "unable to run %s", argv[optind]);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			die_sys(EXIT_TEMP, "unable to wait");
	n = snprintf(line, sizeof line, "%lld %lld %ld\n", us(&ru.ru_utime),
	    us(&ru.ru_stime), ru.ru_maxrss);
	fd = open(stats, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, line, (size_t)n) != n)
		die_sys(EXIT_TEMP, "unable to write %s", stats);
	close(fd);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}
