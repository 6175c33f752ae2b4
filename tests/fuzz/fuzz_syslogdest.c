/* fuzz_syslogdest.c: sissylog's -d destinations (syslogdest.h) and the
 * facility names of its operand and of journalog's -F (prio.h). Input:
 * the destination, or with a leading '@' a facility name.
 *
 * A destination parses exactly when it is TYPE:REST as syslogdest.h
 * describes it, and then its parts put back together are what was
 * given; a rejection says why and sets EINVAL. A facility is known
 * exactly when glibc's own table (SYSLOG_NAMES) has it, less "mark" and
 * "security" which syslog(3) keeps for itself, with or without "LOG_". */
#define _DEFAULT_SOURCE /* glibc shows facilitynames with it */
#define SYSLOG_NAMES
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>

#include "parse.h"
#include "prio.h"
#include "syslogdest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_facility(const char *s)
{
	const char *name = strncasecmp(s, "LOG_", 4) == 0 ? s + 4 : s;
	int i, want = -1, got = prio_facility(s);

	for (i = 0; facilitynames[i].c_name != NULL; i++)
		if (strcasecmp(name, facilitynames[i].c_name) == 0 &&
		    strcmp(facilitynames[i].c_name, "mark") != 0 &&
		    strcmp(facilitynames[i].c_name, "security") != 0)
			want = facilitynames[i].c_val;
	if (got != want)
		abort();
}

/* HOST:PORT as it was given, from what was parsed. */
static void
check_hostport(const struct sysdest *d, const char *s)
{
	size_t hlen = strlen(d->host);
	uint64_t port;

	if (hlen == 0 || hlen > SYSDEST_HOST_MAX || d->path[0] != '\0')
		abort();
	if (d->v6) {
		if (s[0] != '[' || strncmp(s + 1, d->host, hlen) != 0 ||
		    s[hlen + 1] != ']' || s[hlen + 2] != ':' ||
		    strchr(d->host, ']') != NULL)
			abort();
		s += hlen + 3;
	} else {
		if (strncmp(s, d->host, hlen) != 0 || s[hlen] != ':' ||
		    strchr(d->host, ':') != NULL)
			abort();
		s += hlen + 1;
	}
	/* The port as given, and in d as its canonical decimal. */
	if (parse_uint(s, 65535, &port) < 0 || port == 0 ||
	    strtoul(d->port, NULL, 10) != port)
		abort();
}

static void
check_dest(const char *s)
{
	static const char *const prefix[] = { "", "unix:", "udp:", "tcp:",
		"relp:" };
	struct sysdest d;
	const char *why = NULL;
	size_t plen;

	errno = 0;
	if (sysdest_parse(s, &d, &why) < 0) {
		if (why == NULL || why[0] == '\0' || errno != EINVAL)
			abort();
		return;
	}
	if (d.kind < SYSDEST_UNIX || d.kind > SYSDEST_RELP ||
	    strcmp(d.name, s) != 0)
		abort();
	plen = strlen(prefix[d.kind]);
	if (strncmp(s, prefix[d.kind], plen) != 0 ||
	    sysdest_network(&d) != (d.kind != SYSDEST_UNIX))
		abort();
	if (d.kind != SYSDEST_UNIX) {
		check_hostport(&d, s + plen);
		return;
	}
	if (d.path[0] == '\0' || strlen(d.path) > SYSDEST_PATH_MAX ||
	    strcmp(d.path, s + plen) != 0 || d.host[0] != '\0')
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;

	if (size > 512)
		return 0;
	s = strndup((const char *)data, size);
	if (s[0] == '@')
		check_facility(s + 1);
	else
		check_dest(s);
	free(s);
	return 0;
}
