/* syslogdest.h: sissylog's destinations (-d), parsed (pipeline.h).
 *
 *   (none)           the local syslog socket /dev/log, as syslog(3)
 *   unix:PATH        a unix socket: datagram, or stream when it is one
 *   udp:HOST:PORT    UDP
 *   tcp:HOST:PORT    TCP (RFC 6587 octet counting, or LF with -n)
 *   relp:HOST:PORT   RELP through librelp
 *
 * HOST is a name, an IPv4 address, or an IPv6 address in brackets
 * ("[::1]"); PORT is 1 to 65535. */
#ifndef LOGGERS_SYSLOGDEST_H
#define LOGGERS_SYSLOGDEST_H

#include <stddef.h>

#define SYSDEST_LOCAL_PATH "/dev/log"
#define SYSDEST_PATH_MAX 107 /* sun_path, less its NUL */
#define SYSDEST_HOST_MAX 255

enum sysdest_kind {
	SYSDEST_LOCAL,
	SYSDEST_UNIX,
	SYSDEST_UDP,
	SYSDEST_TCP,
	SYSDEST_RELP
};

struct sysdest {
	enum sysdest_kind kind;
	char path[SYSDEST_PATH_MAX + 1]; /* LOCAL and UNIX */
	char host[SYSDEST_HOST_MAX + 1]; /* without brackets */
	char port[6];
	int v6;        /* the host was written in brackets */
	char name[SYSDEST_HOST_MAX + 24]; /* as given, for messages */
};

/* The local syslog destination. */
void sysdest_local(struct sysdest *d);

/* Parse s into d. 0, or -1 with *why saying what is wrong (a static
 * string) and errno EINVAL. */
int sysdest_parse(const char *s, struct sysdest *d, const char **why);

/* Whether d is a network destination (UDP, TCP or RELP). */
int sysdest_network(const struct sysdest *d);

#endif
