/* syslogdest.c: parsing sissylog's destinations (syslogdest.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"
#include "syslogdest.h"

void
sysdest_local(struct sysdest *d)
{
	memset(d, 0, sizeof *d);
	d->kind = SYSDEST_LOCAL;
	strcpy(d->path, SYSDEST_LOCAL_PATH);
	strcpy(d->name, SYSDEST_LOCAL_PATH);
}

static int
fail(const char **why, const char *text)
{
	*why = text;
	errno = EINVAL;
	return -1;
}

/* HOST:PORT, HOST being a name, an IPv4 address or [IPv6]. */
static int
parse_hostport(const char *s, struct sysdest *d, const char **why)
{
	const char *colon, *host = s;
	size_t hlen;
	uint64_t port;

	if (*s == '[') {
		colon = strchr(s, ']');
		if (colon == NULL || colon[1] != ':')
			return fail(why, "an IPv6 address needs [address]:port");
		host = s + 1;
		hlen = (size_t)(colon - host);
		colon++;
		d->v6 = 1;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL)
			return fail(why, "missing :port");
		hlen = (size_t)(colon - s);
		if (memchr(s, ':', hlen) != NULL)
			return fail(why, "an IPv6 address needs [address]:port");
	}
	if (hlen == 0)
		return fail(why, "missing host");
	if (hlen > SYSDEST_HOST_MAX)
		return fail(why, "host name too long");
	if (parse_uint(colon + 1, 65535, &port) < 0 || port == 0)
		return fail(why, "the port must be a number from 1 to 65535");
	memcpy(d->host, host, hlen);
	d->host[hlen] = '\0';
	snprintf(d->port, sizeof d->port, "%u", (unsigned)port);
	return 0;
}

int
sysdest_parse(const char *s, struct sysdest *d, const char **why)
{
	static const struct {
		const char *prefix;
		enum sysdest_kind kind;
	} kinds[] = {
		{ "unix:", SYSDEST_UNIX }, { "udp:", SYSDEST_UDP },
		{ "tcp:", SYSDEST_TCP }, { "relp:", SYSDEST_RELP },
	};
	size_t i, plen;

	memset(d, 0, sizeof *d);
	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		plen = strlen(kinds[i].prefix);
		if (strncmp(s, kinds[i].prefix, plen) == 0)
			break;
	}
	if (i == sizeof kinds / sizeof kinds[0])
		return fail(why, "unknown destination type "
		    "(unix:path, udp:host:port, tcp:host:port, "
		    "relp:host:port)");
	if (strlen(s) >= sizeof d->name)
		return fail(why, "destination too long");
	d->kind = kinds[i].kind;
	strcpy(d->name, s);
	s += plen;
	if (d->kind != SYSDEST_UNIX)
		return parse_hostport(s, d, why);
	if (*s == '\0')
		return fail(why, "missing socket path");
	if (strlen(s) > SYSDEST_PATH_MAX)
		return fail(why, "socket path longer than 107 bytes");
	strcpy(d->path, s);
	return 0;
}

int
sysdest_network(const struct sysdest *d)
{
	return d->kind == SYSDEST_UDP || d->kind == SYSDEST_TCP ||
	    d->kind == SYSDEST_RELP;
}
