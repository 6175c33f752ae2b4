/* stamp.c: stamp prefixes, formatted once per read and copied per line. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "stamp.h"
#include "tai.h"

static const struct {
	const char *name;
	enum stamp_fmt fmt;
} names[] = {
	{ "perp", STAMP_PERP }, { "tai64n", STAMP_TAI64N },
	{ "rfc3339", STAMP_RFC3339 }, { "local", STAMP_LOCAL },
	{ "unix", STAMP_UNIX },
};

int
stamp_format_byname(const char *name, enum stamp_fmt *fmt)
{
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	errno = EINVAL;
	return -1;
}

void
stamp_set(struct stamper *s, const struct timespec *ts)
{
	size_t n = 0;

	switch (s->fmt) {
	case STAMP_NONE:
		break;
	case STAMP_PERP:
		n = stamp_perp(s->text, ts);
		s->text[n++] = ':';
		break;
	case STAMP_TAI64N:
		n = tai64n_text(s->text, ts);
		break;
	case STAMP_RFC3339:
		n = stamp_rfc3339_utc(s->text, ts);
		break;
	case STAMP_LOCAL:
		n = stamp_rfc3339_local(s->text, ts);
		break;
	case STAMP_UNIX:
		n = stamp_unix(s->text, ts);
		break;
	}
	if (n > 0)
		s->text[n++] = ' ';
	s->len = n;
}

void
stamp_now(struct stamper *s)
{
	struct timespec ts;

	if (s->fmt == STAMP_NONE) {
		s->len = 0;
		return;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	stamp_set(s, &ts);
}
