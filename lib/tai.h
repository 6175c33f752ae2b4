/* tai.h: time stamps in the forms the suite reads and writes.
 *
 *   TAI64N text    @4000000069e4a0f3376a6c64     (daemontools, s6-log)
 *   TAI64N binary  12 bytes, big-endian          (perp's control protocol)
 *   perp           20261122T021113.936692        (tinylog -t, archive names)
 *   RFC 3339 UTC   2026-11-22T02:11:13.936692Z
 *   RFC 3339 local 2026-11-22T03:11:13.936692+01:00
 *   unix           1795313417.936692
 *
 * TAI64 labels are 2^62 + 10 + unix seconds, with no leap-second table:
 * the convention of daemontools, s6 and perp. Formatters write no NUL and
 * return the length written; parsers take exactly n bytes and return 0, or
 * -1 with errno EINVAL. */
#ifndef LIB_TAI_H
#define LIB_TAI_H

#include <stddef.h>
#include <time.h>

#define TAI64N_TEXT_LEN 25
#define TAI64N_BIN_LEN 12
#define STAMP_PERP_LEN 22
#define STAMP_UTC_LEN 27
#define STAMP_LOCAL_LEN 32
#define STAMP_UNIX_MAX 32

/* "@" and 24 lower-case hex digits. */
size_t tai64n_text(char *out, const struct timespec *ts);
int tai64n_text_parse(const char *s, size_t n, struct timespec *ts);

/* 8 bytes of seconds label and 4 of nanoseconds, both big-endian. */
void tai64n_pack(unsigned char *out, const struct timespec *ts);
void tai64n_unpack(const unsigned char *in, struct timespec *ts);

/* yyyymmddThhmmss.uuuuuu in UTC (microseconds, truncated). */
size_t stamp_perp(char *out, const struct timespec *ts);
int stamp_perp_parse(const char *s, size_t n, struct timespec *ts);

/* RFC 3339 in UTC with microseconds and "Z". */
size_t stamp_rfc3339_utc(char *out, const struct timespec *ts);

/* RFC 3339 in local time (TZ) with microseconds and "+hh:mm". */
size_t stamp_rfc3339_local(char *out, const struct timespec *ts);

/* Accepts "Z", "z" or a "+hh:mm"/"-hh:mm" offset and 0 to 9 fraction
 * digits, "T", "t" or a space between date and time. */
int stamp_rfc3339_parse(const char *s, size_t n, struct timespec *ts);

/* Decimal unix seconds, ".", six digits of microseconds. */
size_t stamp_unix(char *out, const struct timespec *ts);

/* Seconds since the epoch of a UTC calendar time (no time zone, no
 * normalisation: fields must be in range). */
long long utc_seconds(int year, int mon, int mday, int hour, int min,
    int sec);

#endif
