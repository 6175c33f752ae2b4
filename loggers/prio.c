/* prio.c: priorities from line prefixes, and facility names. */
#include <strings.h>
#include <syslog.h>

#include "prio.h"

static const struct {
	const char *word;
	size_t len;
	int sev;
} words[] = {
	{ "emerg:", 6, LOG_EMERG }, { "alert:", 6, LOG_ALERT },
	{ "crit:", 5, LOG_CRIT }, { "error:", 6, LOG_ERR },
	{ "err:", 4, LOG_ERR }, { "warning:", 8, LOG_WARNING },
	{ "notice:", 7, LOG_NOTICE }, { "info:", 5, LOG_INFO },
	{ "debug:", 6, LOG_DEBUG },
};

int
prio_parse(const char *p, size_t n, size_t *prefix)
{
	size_t i;

	*prefix = 0;
	if (n >= 3 && p[0] == '<' && p[1] >= '0' && p[1] <= '7' &&
	    p[2] == '>') {
		*prefix = 3;
		return p[1] - '0';
	}
	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (n >= words[i].len &&
		    strncasecmp(p, words[i].word, words[i].len) == 0) {
			*prefix = words[i].len;
			return words[i].sev;
		}
	return -1;
}

static const struct {
	const char *name;
	int code;
} facilities[] = {
	{ "auth", LOG_AUTH }, { "authpriv", LOG_AUTHPRIV },
	{ "cron", LOG_CRON }, { "daemon", LOG_DAEMON }, { "ftp", LOG_FTP },
	{ "kern", LOG_KERN }, { "lpr", LOG_LPR }, { "mail", LOG_MAIL },
	{ "news", LOG_NEWS }, { "syslog", LOG_SYSLOG }, { "user", LOG_USER },
	{ "uucp", LOG_UUCP }, { "local0", LOG_LOCAL0 },
	{ "local1", LOG_LOCAL1 }, { "local2", LOG_LOCAL2 },
	{ "local3", LOG_LOCAL3 }, { "local4", LOG_LOCAL4 },
	{ "local5", LOG_LOCAL5 }, { "local6", LOG_LOCAL6 },
	{ "local7", LOG_LOCAL7 },
};

int
prio_facility(const char *name)
{
	size_t i;

	if (strncasecmp(name, "LOG_", 4) == 0)
		name += 4;
	for (i = 0; i < sizeof facilities / sizeof facilities[0]; i++)
		if (strcasecmp(name, facilities[i].name) == 0)
			return facilities[i].code;
	return -1;
}
