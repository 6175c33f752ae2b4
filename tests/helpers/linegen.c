/* linegen.c: write numbered, checksummed lines, for counting losses.
 *
 * Each line is  [prefix]#ID:SEQ:PAYLOAD:CRC  where CRC is the zlib CRC-32
 * of "ID:SEQ:PAYLOAD" in 8 hex digits, so that linecheck can tell a line
 * that arrived whole from one that was cut or altered, whatever a logger
 * put in front of it (stamps, syslog headers, JSON).
 *
 * -c FILE keeps in FILE the number of the last line whose write(2) has
 * returned. -C FILE does the same and also continues from it: the first
 * line is the one after the number FILE holds (1 if it is missing or
 * empty), and FILE is updated in place, never truncated, so that a
 * linegen killed at any moment and started again numbers on without a
 * gap. With -w 1 every line is one write(2), which a pipe takes whole or
 * not at all (a line up to PIPE_BUF bytes): a kill then leaves no torn
 * line, and at most the one line written just before it is written again
 * by the next run (killed after write(2) returned, before FILE said so). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "die.h"
#include "fdio.h"
#include "parse.h"

#define USAGE "[-i id] [-n count] [-s first] [-r rate] [-l min[:max]] " \
	"[-L longlen -e every] [-m ascii|utf8|binary] [-w bufsize] " \
	"[-p prefix] [-c countfile | -C statefile]"

struct gen {
	const char *id, *prefix;
	uint64_t count, first, rate, minlen, maxlen, longlen, every, bufsize;
	int mode; /* 'a' ascii, 'u' utf8, 'b' binary (bytes >= 0x80) */
	int countfd;
};

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/* A small deterministic generator, so that runs are repeatable. */
static uint64_t
mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	return x ^ (x >> 33);
}

static size_t
payload_len(const struct gen *g, uint64_t seq)
{
	if (g->every > 0 && seq % g->every == 0)
		return (size_t)g->longlen;
	if (g->maxlen <= g->minlen)
		return (size_t)g->minlen;
	return (size_t)(g->minlen + mix(seq) % (g->maxlen - g->minlen + 1));
}

/* Fill n payload bytes for seq; never '\n', ':' or a control byte. */
static void
payload(const struct gen *g, uint64_t seq, char *p, size_t n)
{
	static const char utf8[] = "\xc3\xa9\xe2\x9c\x93";
	uint64_t r = mix(seq + 0x9e3779b97f4a7c15ULL);
	size_t i = 0;

	while (i < n) {
		r = r * 6364136223846793005ULL + 1442695040888963407ULL;
		if (g->mode == 'u' && (r >> 60) == 0 && n - i >= 3) {
			memcpy(p + i, utf8 + ((r >> 40) & 1 ? 2 : 0),
			    (r >> 40) & 1 ? 3 : 2);
			i += (r >> 40) & 1 ? 3 : 2;
			continue;
		}
		if (g->mode == 'b' && (r >> 61) == 0) {
			p[i++] = (char)(0x80 | ((r >> 32) & 0x7f));
			continue;
		}
		p[i++] = "abcdefghijklmnopqrstuvwxyz0123456789 -_.,"
		    [(r >> 33) % 41];
	}
}

/* Append line seq to buf; returns its length. buf must hold it. */
static size_t
make_line(const struct gen *g, uint64_t seq, char *buf)
{
	char *p = buf;
	size_t plen = payload_len(g, seq), head;
	uLong crc;

	p += sprintf(p, "%s#", g->prefix);
	head = (size_t)(p - buf);
	p += sprintf(p, "%s:%llu:", g->id, (unsigned long long)seq);
	payload(g, seq, p, plen);
	p += plen;
	crc = crc32(0L, (const Bytef *)buf + head, (uInt)(p - buf - head));
	p += sprintf(p, ":%08lx\n", (unsigned long)crc);
	return (size_t)(p - buf);
}

static void
note_count(const struct gen *g, uint64_t last)
{
	char buf[32];
	int n;

	if (g->countfd < 0)
		return;
	n = snprintf(buf, sizeof buf, "%020llu\n", (unsigned long long)last);
	if (pwrite(g->countfd, buf, (size_t)n, 0) != n)
		die_sys(EXIT_TEMP, "unable to write count file");
}

/* Sleep until line seq is due at the configured rate. */
static void
pace(const struct gen *g, const struct timespec *start, uint64_t done)
{
	struct timespec due;
	uint64_t ns;

	if (g->rate == 0)
		return;
	ns = done * 1000000000ULL / g->rate;
	due.tv_sec = start->tv_sec + (time_t)(ns / 1000000000ULL);
	due.tv_nsec = start->tv_nsec + (long)(ns % 1000000000ULL);
	if (due.tv_nsec >= 1000000000L) {
		due.tv_sec++;
		due.tv_nsec -= 1000000000L;
	}
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &due,
	    NULL) == EINTR)
		;
}

/* The longest line this configuration can produce. */
static size_t
max_line(const struct gen *g)
{
	uint64_t n = g->maxlen > g->longlen ? g->maxlen : g->longlen;

	return strlen(g->prefix) + strlen(g->id) + (size_t)n + 64;
}

static void
run(const struct gen *g)
{
	size_t cap = max_line(g) + (size_t)g->bufsize;
	char *buf = malloc(cap);
	size_t len = 0;
	uint64_t seq = g->first, done = 0, inbuf = 0;
	/* At a fixed rate, write a millisecond's worth of lines at a time. */
	uint64_t batch = g->rate == 0 ? UINT64_MAX :
	    g->rate < 1000 ? 1 : g->rate / 1000;
	struct timespec start;
	int last;

	if (buf == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop && (g->count == 0 || done < g->count)) {
		len += make_line(g, seq++, buf + len);
		done++;
		inbuf++;
		last = g->count != 0 && done == g->count;
		if (len + max_line(g) <= g->bufsize && !last && inbuf < batch)
			continue;
		if (fd_write_all(1, buf, len) < 0) {
			if (errno == EPIPE)
				break;
			die_sys(EXIT_TEMP, "unable to write");
		}
		note_count(g, seq - 1);
		len = 0;
		inbuf = 0;
		pace(g, &start, done);
	}
	if (len > 0 && fd_write_all(1, buf, len) == (ssize_t)len)
		note_count(g, seq - 1);
	free(buf);
}

/* -C: open statefile without truncating it; the first line to write is
 * the one after the number it holds (none yet: 1). */
static void
open_state(struct gen *g, const char *path)
{
	char buf[32];
	ssize_t n;
	uint64_t last = 0;

	g->countfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (g->countfd < 0)
		die_sys(EXIT_TEMP, "unable to open %s", path);
	n = pread(g->countfd, buf, sizeof buf - 1, 0);
	if (n < 0)
		die_sys(EXIT_TEMP, "unable to read %s", path);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	while (buf[0] == '0' && buf[1] != '\0')
		memmove(buf, buf + 1, strlen(buf));
	if (n > 0 && parse_uint(buf, UINT64_MAX / 2, &last) < 0)
		die(EXIT_USAGE, "%s does not hold a line number", path);
	g->first = last + 1;
}

static void
parse_len(const char *s, struct gen *g)
{
	char tmp[64];
	char *colon;

	snprintf(tmp, sizeof tmp, "%s", s);
	colon = strchr(tmp, ':');
	if (colon)
		*colon = '\0';
	if (parse_uint(tmp, 1 << 30, &g->minlen) < 0)
		die_usage("bad length: %s", s);
	g->maxlen = g->minlen;
	if (colon && (parse_uint(colon + 1, 1 << 30, &g->maxlen) < 0 ||
	    g->maxlen < g->minlen))
		die_usage("bad length: %s", s);
}

int
main(int argc, char **argv)
{
	struct gen g = { "a", "", 1000, 1, 0, 80, 80, 0, 0, 65536, 'a', -1 };
	struct sigaction sa;
	const char *countfile = NULL, *statefile = NULL;
	int c;

	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "+:i:n:s:r:l:L:e:m:w:p:c:C:")) != -1) {
		switch (c) {
		case 'i': g.id = optarg; break;
		case 'n': if (parse_uint(optarg, UINT64_MAX, &g.count) < 0)
				die_usage("bad count: %s", optarg);
			break;
		case 's': if (parse_uint(optarg, UINT64_MAX / 2, &g.first) < 0)
				die_usage("bad first: %s", optarg);
			break;
		case 'r': if (parse_uint(optarg, 100000000, &g.rate) < 0)
				die_usage("bad rate: %s", optarg);
			break;
		case 'l': parse_len(optarg, &g); break;
		case 'L': if (parse_size(optarg, 1 << 30, &g.longlen) < 0)
				die_usage("bad long length: %s", optarg);
			break;
		case 'e': if (parse_uint(optarg, UINT64_MAX, &g.every) < 0)
				die_usage("bad interval: %s", optarg);
			break;
		case 'm': g.mode = optarg[0]; break;
		case 'w': if (parse_size(optarg, 1 << 30, &g.bufsize) < 0)
				die_usage("bad buffer size: %s", optarg);
			break;
		case 'p': g.prefix = optarg; break;
		case 'c': countfile = optarg; break;
		case 'C': statefile = optarg; break;
		default: die_usage("bad option -%c", optopt);
		}
	}
	if (strchr("aub", g.mode) == NULL || strchr(g.id, ':') != NULL)
		die_usage("bad mode or id");
	if (countfile != NULL && statefile != NULL)
		die_usage("-c and -C exclude each other");
	if (statefile != NULL)
		open_state(&g, statefile);
	if (countfile != NULL) {
		g.countfd = open(countfile, O_WRONLY | O_CREAT | O_TRUNC |
		    O_CLOEXEC, 0644);
		if (g.countfd < 0)
			die_sys(EXIT_TEMP, "unable to open %s", countfile);
		note_count(&g, g.first - 1);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	run(&g);
	return 0;
}
