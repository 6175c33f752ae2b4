/* tai.c: TAI64N, perp, RFC 3339 and unix stamps; formatting and parsing. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "tai.h"

#define TAI_OFFSET ((uint64_t)1 << 62) + 10

static const char hexdigits[] = "0123456789abcdef";

/* Write v as exactly width decimal digits (zero-padded, high digits cut). */
static char *
put_dec(char *p, unsigned long long v, int width)
{
	int i;

	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

/* Read exactly width decimal digits; -1 if any is not a digit. */
static long long
get_dec(const char *s, int width)
{
	long long v = 0;
	int i;

	for (i = 0; i < width; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

long long
utc_seconds(int year, int mon, int mday, int hour, int min, int sec)
{
	long long y = year - (mon <= 2), era, yoe, doy, doe;

	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400 + hour * 3600 +
	    min * 60 + sec;
}

static int
days_in_month(int year, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	return mon == 2 && leap ? 29 : days[mon - 1];
}

static int
fields_valid(int y, int mo, int d, int h, int mi, int s)
{
	return y >= 0 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= days_in_month(y, mo) && h <= 23 && mi <= 59 && s <= 60;
}

size_t
tai64n_text(char *out, const struct timespec *ts)
{
	unsigned char bin[TAI64N_BIN_LEN];
	int i;

	tai64n_pack(bin, ts);
	out[0] = '@';
	for (i = 0; i < TAI64N_BIN_LEN; i++) {
		out[1 + 2 * i] = hexdigits[bin[i] >> 4];
		out[2 + 2 * i] = hexdigits[bin[i] & 15];
	}
	return TAI64N_TEXT_LEN;
}

int
tai64n_text_parse(const char *s, size_t n, struct timespec *ts)
{
	unsigned char bin[TAI64N_BIN_LEN];
	int i, hi, lo;

	if (n != TAI64N_TEXT_LEN || s[0] != '@')
		goto bad;
	for (i = 0; i < TAI64N_BIN_LEN; i++) {
		hi = hexval(s[1 + 2 * i]);
		lo = hexval(s[2 + 2 * i]);
		if (hi < 0 || lo < 0)
			goto bad;
		bin[i] = (unsigned char)(hi << 4 | lo);
	}
	tai64n_unpack(bin, ts);
	if (ts->tv_nsec >= 1000000000)
		goto bad;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

void
tai64n_pack(unsigned char *out, const struct timespec *ts)
{
	uint64_t label = TAI_OFFSET + (uint64_t)(int64_t)ts->tv_sec;
	uint32_t ns = (uint32_t)ts->tv_nsec;
	int i;

	for (i = 7; i >= 0; i--) {
		out[i] = (unsigned char)(label & 255);
		label >>= 8;
	}
	for (i = 11; i >= 8; i--) {
		out[i] = (unsigned char)(ns & 255);
		ns >>= 8;
	}
}

void
tai64n_unpack(const unsigned char *in, struct timespec *ts)
{
	uint64_t label = 0;
	uint32_t ns = 0;
	int i;

	for (i = 0; i < 8; i++)
		label = label << 8 | in[i];
	for (i = 8; i < 12; i++)
		ns = ns << 8 | in[i];
	ts->tv_sec = (time_t)(int64_t)(label - (TAI_OFFSET));
	ts->tv_nsec = (long)ns;
}

size_t
stamp_perp(char *out, const struct timespec *ts)
{
	struct tm tm;
	char *p = out;

	gmtime_r(&ts->tv_sec, &tm);
	p = put_dec(p, (unsigned)(tm.tm_year + 1900), 4);
	p = put_dec(p, (unsigned)(tm.tm_mon + 1), 2);
	p = put_dec(p, (unsigned)tm.tm_mday, 2);
	*p++ = 'T';
	p = put_dec(p, (unsigned)tm.tm_hour, 2);
	p = put_dec(p, (unsigned)tm.tm_min, 2);
	p = put_dec(p, (unsigned)tm.tm_sec, 2);
	*p++ = '.';
	p = put_dec(p, (unsigned long long)ts->tv_nsec / 1000, 6);
	return (size_t)(p - out);
}

int
stamp_perp_parse(const char *s, size_t n, struct timespec *ts)
{
	long long y, mo, d, h, mi, sec, us;

	if (n != STAMP_PERP_LEN || s[8] != 'T' || s[15] != '.')
		goto bad;
	y = get_dec(s, 4);
	mo = get_dec(s + 4, 2);
	d = get_dec(s + 6, 2);
	h = get_dec(s + 9, 2);
	mi = get_dec(s + 11, 2);
	sec = get_dec(s + 13, 2);
	us = get_dec(s + 16, 6);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || us < 0 ||
	    !fields_valid((int)y, (int)mo, (int)d, (int)h, (int)mi, (int)sec))
		goto bad;
	ts->tv_sec = (time_t)utc_seconds((int)y, (int)mo, (int)d, (int)h,
	    (int)mi, (int)sec);
	ts->tv_nsec = (long)us * 1000;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

/* yyyy-mm-ddThh:mm:ss.uuuuuu from broken-down time and nanoseconds. */
static char *
put_rfc3339(char *p, const struct tm *tm, long nsec)
{
	p = put_dec(p, (unsigned)(tm->tm_year + 1900), 4);
	*p++ = '-';
	p = put_dec(p, (unsigned)(tm->tm_mon + 1), 2);
	*p++ = '-';
	p = put_dec(p, (unsigned)tm->tm_mday, 2);
	*p++ = 'T';
	p = put_dec(p, (unsigned)tm->tm_hour, 2);
	*p++ = ':';
	p = put_dec(p, (unsigned)tm->tm_min, 2);
	*p++ = ':';
	p = put_dec(p, (unsigned)tm->tm_sec, 2);
	*p++ = '.';
	return put_dec(p, (unsigned long long)nsec / 1000, 6);
}

size_t
stamp_rfc3339_utc(char *out, const struct timespec *ts)
{
	struct tm tm;
	char *p;

	gmtime_r(&ts->tv_sec, &tm);
	p = put_rfc3339(out, &tm, ts->tv_nsec);
	*p++ = 'Z';
	return (size_t)(p - out);
}

size_t
stamp_rfc3339_local(char *out, const struct timespec *ts)
{
	struct tm tm;
	long long off;
	char *p;

	localtime_r(&ts->tv_sec, &tm);
	/* The offset is what the local fields say minus true UTC; this
	 * avoids tm_gmtoff, which POSIX does not have. */
	off = utc_seconds(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
	    tm.tm_hour, tm.tm_min, tm.tm_sec) - (long long)ts->tv_sec;
	p = put_rfc3339(out, &tm, ts->tv_nsec);
	*p++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	p = put_dec(p, (unsigned long long)(off / 3600), 2);
	*p++ = ':';
	p = put_dec(p, (unsigned long long)(off / 60 % 60), 2);
	return (size_t)(p - out);
}

/* Parse the ".ffff" fraction at s (up to end), store nanoseconds; returns
 * the number of bytes used, or -1. */
static int
parse_fraction(const char *s, const char *end, long *ns)
{
	long v = 0, scale = 100000000;
	int i = 1;

	*ns = 0;
	if (s >= end || *s != '.')
		return 0;
	while (s + i < end && s[i] >= '0' && s[i] <= '9') {
		if (i > 9)
			return -1;
		v += (s[i] - '0') * scale;
		scale /= 10;
		i++;
	}
	if (i == 1)
		return -1;
	*ns = v;
	return i;
}

int
stamp_rfc3339_parse(const char *s, size_t n, struct timespec *ts)
{
	const char *p = s + 19, *end = s + n;
	long long y, mo, d, h, mi, sec, oh, om, off = 0;
	long ns;
	int used;

	if (n < 20 || s[4] != '-' || s[7] != '-' || s[13] != ':' ||
	    s[16] != ':' || (s[10] != 'T' && s[10] != 't' && s[10] != ' '))
		goto bad;
	y = get_dec(s, 4);
	mo = get_dec(s + 5, 2);
	d = get_dec(s + 8, 2);
	h = get_dec(s + 11, 2);
	mi = get_dec(s + 14, 2);
	sec = get_dec(s + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 ||
	    !fields_valid((int)y, (int)mo, (int)d, (int)h, (int)mi, (int)sec))
		goto bad;
	used = parse_fraction(p, end, &ns);
	if (used < 0)
		goto bad;
	p += used;
	if (end - p == 1 && (*p == 'Z' || *p == 'z'))
		off = 0;
	else if (end - p == 6 && (*p == '+' || *p == '-') && p[3] == ':') {
		oh = get_dec(p + 1, 2);
		om = get_dec(p + 4, 2);
		if (oh < 0 || om < 0 || oh > 23 || om > 59)
			goto bad;
		off = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
	} else
		goto bad;
	ts->tv_sec = (time_t)(utc_seconds((int)y, (int)mo, (int)d, (int)h,
	    (int)mi, (int)sec) - off);
	ts->tv_nsec = ns;
	return 0;
bad:
	errno = EINVAL;
	return -1;
}

size_t
stamp_unix(char *out, const struct timespec *ts)
{
	char digits[24];
	unsigned long long v;
	int n = 0;
	char *p = out;

	if (ts->tv_sec < 0) {
		*p++ = '-';
		v = (unsigned long long)(-(long long)ts->tv_sec);
	} else
		v = (unsigned long long)ts->tv_sec;
	do {
		digits[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	while (n > 0)
		*p++ = digits[--n];
	*p++ = '.';
	p = put_dec(p, (unsigned long long)ts->tv_nsec / 1000, 6);
	return (size_t)(p - out);
}
