/* fuzz_syslogfmt.c: sissylog's messages (syslogfmt.h) and their framing
 * (syslogq.h), put together as sink_syslog.c does. Input: kind, facility,
 * severity, zone, 8 bytes of seconds, 4 of nanoseconds, fold length,
 * framing, then "app NUL host NUL line". Checked: an APP-NAME is taken
 * exactly when it is one; a header fits SYSFMT_HEADER_MAX, is printable
 * and is exactly PRI, fields and host as the rules make them, with a time
 * that reads back as the instant (5424) or is strftime's (3164); the
 * per-second cache changes nothing; pieces tile the line, fit the fold
 * length, split no UTF-8 sequence; a message is at most header + stamp +
 * fold; the framed stream decodes back into the messages and is as long
 * as sysq_wirelen() says, also when written in arbitrary chunks. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "syslogfmt.h"
#include "syslogq.h"
#include "tai.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define HDR 18
#define STAMP "20261122T021113.936692: " /* a stamp prefix (stamp.h) */
/* The last second of 9999 in UTC, less a day so that no zone makes it
 * year 10000: RFC 3339 has four digits, clock_gettime() no such times. */
#define SEC_MAX (253402300799LL - 86400)

/* Minute offsets only: an RFC 3339 offset has no seconds. */
static const char *const zones[] = { "UTC0", "CET-1CEST,M3.5.0,M10.5.0/3",
	"<+0530>-5:30", "NST3:30NDT,M3.2.0,M11.1.0", "<+14>-14", "<-12>12" };

struct input {
	enum sysfmt_kind kind;
	int facility, sev, frame;
	size_t fold;
	struct timespec ts;
	const char *app, *host, *line;
	size_t linelen;
};

static int
app_ok(const char *s)
{
	size_t i, n = strlen(s);

	for (i = 0; i < n; i++)
		if (s[i] < 33 || s[i] > 126 || strchr(":[]", s[i]) != NULL)
			return 0;
	return n > 0 && n <= SYSFMT_APP_MAX;
}

/* The host as the header must carry it. */
static void
want_host(char *out, const char *host, enum sysfmt_kind kind)
{
	size_t i;

	for (i = 0; host[i] != '\0' && i < SYSFMT_HOST_MAX; i++) {
		if (kind != SYSFMT_5424 && host[i] == '.')
			break;
		out[i] = host[i] < 33 || host[i] > 126 ? '_' : host[i];
	}
	out[i] = '\0';
	if (i == 0)
		strcpy(out, "-");
}

/* What must follow "<PRI>" for in, given its stamp. */
static void
want_rest(char *out, size_t size, const struct input *in, const char *host)
{
	char stamp[64];
	struct tm tm;
	size_t n;

	if (in->kind == SYSFMT_5424) {
		n = stamp_rfc3339_local(stamp, &in->ts);
		stamp[n] = '\0';
		snprintf(out, size, "1 %s %s %s 4242 - - ", stamp, host,
		    in->app);
		return;
	}
	localtime_r(&in->ts.tv_sec, &tm);
	strftime(stamp, sizeof stamp, "%b %e %T", &tm); /* the C locale */
	if (in->kind == SYSFMT_3164)
		snprintf(out, size, "%s %s %s: ", stamp, host, in->app);
	else
		snprintf(out, size, "%s %s: ", stamp, in->app);
}

static size_t
check_header(struct sysfmt *f, const struct input *in)
{
	char out[SYSFMT_HEADER_MAX + 2], want[SYSFMT_HEADER_MAX + 64];
	char host[SYSFMT_HOST_MAX + 1], rest[SYSFMT_HEADER_MAX + 64];
	struct timespec back;
	size_t n, i;

	out[SYSFMT_HEADER_MAX + 1] = 'X';
	n = sysfmt_header(f, in->sev, &in->ts, out);
	if (n == 0 || n > SYSFMT_HEADER_MAX ||
	    out[SYSFMT_HEADER_MAX + 1] != 'X')
		abort();
	for (i = 0; i < n; i++)
		if (out[i] < 32 || out[i] > 126)
			abort();
	want_host(host, in->host, in->kind);
	want_rest(rest, sizeof rest, in, host);
	snprintf(want, sizeof want, "<%d>%s", (in->facility & ~7) |
	    (in->sev & 7), rest);
	if (strlen(want) != n || memcmp(out, want, n) != 0)
		abort();
	if (in->kind == SYSFMT_5424 && (stamp_rfc3339_parse(rest + 2,
	    STAMP_LOCAL_LEN, &back) < 0 || back.tv_sec != in->ts.tv_sec ||
	    back.tv_nsec / 1000 != in->ts.tv_nsec / 1000))
		abort();
	return n;
}

/* The cache: a header after another one, in the same second or not, is
 * what a fresh formatter writes. */
static void
check_cache(struct sysfmt *f, const struct input *in, long step_ns)
{
	struct input next = *in;
	struct sysfmt fresh;
	char a[SYSFMT_HEADER_MAX + 1], b[SYSFMT_HEADER_MAX + 1];
	size_t na, nb;

	next.ts.tv_nsec = (in->ts.tv_nsec + step_ns) % 1000000000L;
	if (next.ts.tv_nsec < in->ts.tv_nsec && next.ts.tv_sec < SEC_MAX)
		next.ts.tv_sec++;
	na = sysfmt_header(f, next.sev, &next.ts, a);
	if (sysfmt_init(&fresh, in->kind, in->facility, in->app, in->host,
	    4242) < 0)
		abort();
	nb = sysfmt_header(&fresh, next.sev, &next.ts, b);
	if (na != nb || memcmp(a, b, na) != 0)
		abort();
	check_header(&fresh, &next);
}

/* The length of the well-formed UTF-8 sequence at u[j], or 0 when none
 * starts there: RFC 3629's table of lead bytes and second bytes. */
static size_t
wellformed(const unsigned char *u, size_t n, size_t j)
{
	static const unsigned char t[8][5] = { /* len, lead, second */
		{ 2, 0xc2, 0xdf, 0x80, 0xbf }, { 3, 0xe0, 0xe0, 0xa0, 0xbf },
		{ 3, 0xe1, 0xec, 0x80, 0xbf }, { 3, 0xed, 0xed, 0x80, 0x9f },
		{ 3, 0xee, 0xef, 0x80, 0xbf }, { 4, 0xf0, 0xf0, 0x90, 0xbf },
		{ 4, 0xf1, 0xf3, 0x80, 0xbf }, { 4, 0xf4, 0xf4, 0x80, 0x8f } };
	size_t k, i;

	for (k = 0; k < 8 && (u[j] < t[k][1] || u[j] > t[k][2]); k++)
		;
	if (k == 8 || j + t[k][0] > n || u[j + 1] < t[k][3] ||
	    u[j + 1] > t[k][4])
		return 0;
	for (i = 2; i < t[k][0]; i++)
		if ((u[j + i] & 0xc0) != 0x80)
			return 0;
	return t[k][0];
}

/* One cut of sysfmt_cut() at k in u (n bytes left, at most max). */
static void
check_cut(const unsigned char *u, size_t n, size_t max, size_t k)
{
	size_t j;

	if (k == 0 || k > max || k > n || (n <= max && k != n))
		abort();
	if (k == n)
		return;
	if (k + 3 < max)
		abort();
	/* Short of max only before a lead byte whose sequence crosses. */
	if (k < max && (u[k] < 0xc2 || u[k] > 0xf4))
		abort();
	/* No well-formed sequence is cut, but one that starts the piece
	 * and is longer than max. */
	for (j = k > 3 ? k - 3 : 1; j < k; j++)
		if (j + wellformed(u, n, j) > k)
			abort();
}

struct msgs {
	struct syslogq q;
	size_t count;
};

/* Fold the line into messages as sink_syslog.c's put does: the first
 * piece after the stamp, the others after '+'. */
static void
fold(struct sysfmt *f, const struct input *in, struct msgs *m)
{
	const char *p = in->line, *pre;
	size_t len = in->linelen, cut, plen, h, slen;
	char *dst;

	slen = in->sev & 8 ? sizeof STAMP - 1 : 0;
	while (len > 0) {
		cut = sysfmt_cut(p, len, in->fold);
		check_cut((const unsigned char *)p, len, in->fold, cut);
		pre = m->count == 0 ? STAMP : "+";
		plen = m->count == 0 ? slen : 1;
		dst = sysq_reserve(&m->q, SYSFMT_HEADER_MAX + plen + cut);
		if (dst == NULL)
			abort();
		h = sysfmt_header(f, in->sev & 7, &in->ts, dst);
		memcpy(dst + h, pre, plen);
		memcpy(dst + h + plen, p, cut);
		sysq_commit(&m->q, h + plen + cut);
		if (h + plen + cut > SYSFMT_HEADER_MAX + 48 + in->fold)
			abort();
		m->count++;
		p += cut;
		len -= cut;
	}
}

/* Whether the framing can carry record i: octet counting and datagrams
 * carry any byte; LF and NUL framing not their own delimiter. A line
 * has no LF (the framer ends it there), but with -b it may hold a NUL:
 * syslog(3)'s NUL framing on a stream /dev/log cannot carry that one,
 * and is left out. */
static int
carried(const struct syslogq *q, size_t i)
{
	const struct sysrec *r = sysq_rec(q, i);
	int sfx = sysq_suffix(q);

	return sfx < 0 || memchr(sysq_data(q, i), sfx, r->len) == NULL;
}

/* The stream the records make, framing included. */
static char *
wire(const struct syslogq *q, size_t *len)
{
	char pfx[SYSQ_PREFIX_MAX], *w, *p;
	size_t i, total = 0, n;
	int sfx = sysq_suffix(q);

	for (i = 0; i < q->n; i++)
		total += sysq_wirelen(q, sysq_rec(q, i)->len);
	p = w = malloc(total + 1);
	for (i = 0; i < q->n; i++) {
		n = sysq_prefix(q, sysq_rec(q, i)->len, pfx);
		memcpy(p, pfx, n);
		memcpy(p + n, sysq_data(q, i), sysq_rec(q, i)->len);
		p += n + sysq_rec(q, i)->len;
		if (sfx >= 0)
			*p++ = (char)sfx;
	}
	if ((size_t)(p - w) != total)
		abort();
	*p = '\0'; /* strtoul() stops here at the latest */
	*len = total;
	return w;
}

/* Read the stream as a receiver does (RFC 6587 for octet counting). */
static void
check_decode(const struct syslogq *q, const char *w, size_t len)
{
	size_t i, pos = 0, mlen, end;
	int sfx = sysq_suffix(q);
	char *stop;

	for (i = 0; i < q->n; i++) {
		if (q->frame == SYSFRAME_OCTET) {
			if (w[pos] < '1' || w[pos] > '9')
				abort();
			mlen = strtoul(w + pos, &stop, 10);
			if (*stop != ' ')
				abort();
			pos = (size_t)(stop - w) + 1;
		} else if (sfx >= 0) {
			stop = memchr(w + pos, sfx, len - pos);
			if (stop == NULL)
				abort();
			mlen = (size_t)(stop - w) - pos;
		} else
			mlen = sysq_rec(q, i)->len; /* datagrams */
		end = pos + mlen + (sfx >= 0);
		if (!carried(q, i))
			return;
		if (end > len || mlen != sysq_rec(q, i)->len ||
		    memcmp(w + pos, sysq_data(q, i), mlen) != 0)
			abort();
		pos = end;
	}
	if (pos != len)
		abort();
}

/* Write the stream in chunks of 1 to 64 bytes, or now and then up to
 * 4096: every record is sent (i counts them) once its last byte is. */
static void
check_advance(struct syslogq *q, size_t len, unsigned seed)
{
	size_t done = 0, chunk, i = 0, upto;

	upto = q->n > 0 ? sysq_wirelen(q, sysq_rec(q, 0)->len) : 0;
	while (done < len) {
		seed = seed * 1103515245u + 12345u;
		chunk = 1 + (seed >> 8) % (seed & 0x10000 ? 4096 : 64);
		chunk = chunk > len - done ? len - done : chunk;
		sysq_advance(q, chunk);
		done += chunk;
		for (; i < q->n && upto <= done; i++)
			upto += i + 1 < q->n ?
			    sysq_wirelen(q, sysq_rec(q, i + 1)->len) : 0;
		if (q->sent != i)
			abort();
	}
	if (q->sent != q->n || q->part != 0 || sysq_unsent(q) != 0)
		abort();
}

static int
read_input(struct input *in, const uint8_t *d, size_t size)
{
	static int zone = -1;
	uint64_t sec = 0;
	uint32_t ns = 0;
	const char *nul;
	int i;

	if (size < HDR + 2)
		return -1;
	in->kind = (enum sysfmt_kind)(d[0] % 3);
	in->facility = (d[1] % 24) << 3;
	in->sev = d[2];
	if (zone != d[3] % 6) {
		zone = d[3] % 6;
		setenv("TZ", zones[zone], 1);
		tzset();
	}
	for (i = 0; i < 8; i++)
		sec = sec << 8 | d[4 + i];
	for (i = 0; i < 4; i++)
		ns = ns << 8 | d[12 + i];
	in->ts.tv_sec = (time_t)(sec % (uint64_t)(SEC_MAX + 1));
	in->ts.tv_nsec = (long)(ns % 1000000000u);
	in->fold = 1 + d[16] % 96;
	in->frame = d[17] % 4;
	in->app = (const char *)d + HDR;
	nul = memchr(in->app, '\0', size - HDR);
	if (nul == NULL || (nul = memchr(nul + 1, '\0',
	    size - (size_t)(nul + 1 - (const char *)d))) == NULL)
		return -1;
	in->host = in->app + strlen(in->app) + 1;
	in->line = nul + 1;
	in->linelen = size - (size_t)(in->line - (const char *)d);
	/* The framer ends a line at its newline. */
	nul = memchr(in->line, '\n', in->linelen);
	if (nul != NULL)
		in->linelen = (size_t)(nul - in->line);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in;
	struct sysfmt f;
	struct msgs m;
	size_t pieces, len;
	char *w;

	if (read_input(&in, data, size) < 0)
		return 0;
	if ((sysfmt_init(&f, in.kind, in.facility, in.app, in.host, 4242) ==
	    0) != app_ok(in.app) || sysfmt_app_ok(in.app) != app_ok(in.app))
		abort();
	if (!app_ok(in.app))
		return 0;
	check_header(&f, &in);
	check_header(&f, &in); /* from the cache */
	check_cache(&f, &in, (long)in.fold * 7919);
	check_cache(&f, &in, 1000000000L - 1);
	pieces = in.linelen / (in.fold > 3 ? in.fold - 3 : 1) + 2;
	if (sysq_init(&m.q, pieces * (SYSFMT_HEADER_MAX + 48 + in.fold),
	    pieces) < 0)
		return 0;
	m.count = 0;
	m.q.frame = (enum sysframe)in.frame;
	fold(&f, &in, &m);
	w = wire(&m.q, &len);
	check_decode(&m.q, w, len);
	check_advance(&m.q, len, (unsigned)size);
	free(w);
	sysq_free(&m.q);
	return 0;
}
