/* syslog3.c: log each line of stdin with the C library's syslog(3), as
 * perp 2.07's sissylog did, so that tests can compare sissylog's bytes
 * with the library's.
 *
 *   syslog3 ident facility
 *
 * openlog(ident, 0, facility); each line goes out with the priority its
 * prefix announces (prio.h), LOG_INFO otherwise. */
#include <stdio.h>
#include <string.h>
#include <syslog.h>

#include "die.h"
#include "prio.h"

int
main(int argc, char **argv)
{
	char line[4096];
	size_t n, pfx;
	int fac, sev;

	die_init(argv[0], DIE_CLIENT, "ident facility");
	if (argc != 3)
		die_usage("two arguments wanted");
	fac = prio_facility(argv[2]);
	if (fac < 0)
		die_usage("unknown facility: %s", argv[2]);
	openlog(argv[1], 0, fac);
	while (fgets(line, sizeof line, stdin) != NULL) {
		n = strcspn(line, "\n");
		line[n] = '\0';
		sev = prio_parse(line, n, &pfx);
		syslog(sev < 0 ? LOG_INFO : sev, "%s", line);
	}
	closelog();
	return 0;
}
