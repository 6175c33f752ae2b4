/* linecheck.c: read what a logger wrote and account for every line that
 * linegen produced: missing, repeated, corrupted, torn or out of order.
 *
 * A path may be a log directory (archives "_*" in name order, plain or
 * gzip, then "current"; read again from the start when a file vanished
 * under it, as when a logger renames or compresses an archive meanwhile),
 * a file (plain or gzip), or "-" for stdin. Gap
 * records ("gap: N lines (B bytes) lost") are summed, so that a test can
 * check that exactly the reported lines are missing.
 *
 * Output, one line:  records=R missing=M dup=D corrupt=C torn=T
 *                    disorder=O gaps=G gaplost=L first=F last=X
 * then up to ten "missing a..b" lines. Exit 0 when nothing is missing or
 * corrupt (and repeats are within -d), 1 otherwise, 111 on read errors. */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "die.h"
#include "parse.h"

#define USAGE "[-i id] [-s first] [-n count] [-d maxdups] [-g] path ..."
#define LINEMAX (64 << 20)
#define DIR_TRIES 50 /* readings of a directory whose files keep moving */

struct tally {
	const char *id;
	size_t idlen;
	uint64_t first, count, maxdups;
	int allow_gap_loss;
	unsigned char *seen; /* seen[seq - first], saturating count */
	uint64_t cap, maxseq, prev;
	uint64_t records, dup, corrupt, torn, disorder, gaps, gaplost;
	int any;
};

static void
grow(struct tally *t, uint64_t need)
{
	uint64_t ncap = t->cap ? t->cap : 1 << 16;
	unsigned char *p;

	while (ncap <= need)
		ncap *= 2;
	p = realloc(t->seen, (size_t)ncap);
	if (p == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	memset(p + t->cap, 0, (size_t)(ncap - t->cap));
	t->seen = p;
	t->cap = ncap;
}

/* Parse "#ID:SEQ:PAYLOAD:CRC" at p (n bytes up to the end of line).
 * Returns 1 and the sequence number when whole and correct, 0 if bad. */
static int
parse_record(const struct tally *t, const char *p, size_t n, uint64_t *seq)
{
	const char *body = p + 1, *end = p + n, *q, *colon;
	char crctext[9];
	uint64_t v = 0;
	uLong crc;

	q = body + t->idlen + 1;
	if (q >= end)
		return 0;
	for (; q < end && *q >= '0' && *q <= '9'; q++)
		v = v * 10 + (uint64_t)(*q - '0');
	if (q >= end || *q != ':')
		return 0;
	/* The CRC is the last 8 hex digits, after the last ':'. */
	if (end - body < 10 || end[-9] != ':')
		return 0;
	colon = end - 9;
	memcpy(crctext, colon + 1, 8);
	crctext[8] = '\0';
	crc = crc32(0L, (const Bytef *)body, (uInt)(colon - body));
	if (strtoul(crctext, NULL, 16) != crc)
		return 0;
	*seq = v;
	return 1;
}

static void
note_gap(struct tally *t, const char *line, size_t n)
{
	const char *g = NULL, *p;
	unsigned long long lines;

	for (p = line; p + 5 <= line + n; p++)
		if (memcmp(p, "gap: ", 5) == 0) {
			g = p + 5;
			break;
		}
	if (g == NULL || sscanf(g, "%llu lines", &lines) != 1)
		return;
	t->gaps++;
	t->gaplost += lines;
}

static void
count_seq(struct tally *t, uint64_t seq)
{
	uint64_t i;

	if (seq < t->first) {
		t->corrupt++;
		return;
	}
	i = seq - t->first;
	if (i >= t->cap)
		grow(t, i);
	if (t->seen[i] > 0)
		t->dup++;
	else if (t->any && seq < t->prev)
		t->disorder++;
	if (t->seen[i] < 255)
		t->seen[i]++;
	if (!t->any || seq > t->maxseq)
		t->maxseq = seq;
	t->prev = seq;
	t->any = 1;
	t->records++;
}

/* Account for one line (without its newline); terminated says whether it
 * ended in '\n' (an unterminated record is torn, not corrupt). */
static void
check_line(struct tally *t, const char *line, size_t n, int terminated)
{
	const char *p;
	uint64_t seq;

	for (p = line; p + 1 + t->idlen < line + n; p++) {
		if (*p != '#' || memcmp(p + 1, t->id, t->idlen) != 0 ||
		    p[1 + t->idlen] != ':')
			continue;
		if (parse_record(t, p, (size_t)(line + n - p), &seq))
			count_seq(t, seq);
		else if (!terminated)
			t->torn++;
		else
			t->corrupt++;
		return;
	}
	note_gap(t, line, n);
}

/* Read one file into t. -1 on an error; *vanished (when not NULL) set
 * instead of a warning when the file is no longer there. */
static int
check_file(struct tally *t, const char *path, int *vanished)
{
	gzFile gz;
	static char *buf;
	int c;
	size_t n = 0;

	if (buf == NULL && (buf = malloc(LINEMAX)) == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	gz = strcmp(path, "-") == 0 ? gzdopen(dup(0), "rb") : gzopen(path, "rb");
	if (gz == NULL) {
		if (vanished != NULL && errno == ENOENT)
			*vanished = 1;
		else
			warn_sys("unable to open %s", path);
		return -1;
	}
	gzbuffer(gz, 1 << 17);
	while ((c = gzgetc(gz)) != -1) {
		if (c == '\n') {
			check_line(t, buf, n, 1);
			n = 0;
		} else if (n < LINEMAX)
			buf[n++] = (char)c;
	}
	if (n > 0)
		check_line(t, buf, n, 0);
	if (!gzeof(gz)) {
		int err;

		warn("read error in %s: %s", path, gzerror(gz, &err));
		gzclose(gz);
		return -1;
	}
	gzclose(gz);
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int
is_archive(const struct dirent *d)
{
	return d->d_name[0] == '_';
}

static int
read_dir(struct tally *t, const char *dir, int *vanished)
{
	struct dirent **names;
	char path[4096];
	int i, n, r = 0;

	n = scandir(dir, &names, is_archive, by_name);
	if (n < 0) {
		warn_sys("unable to read %s", dir);
		return -1;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, names[i]->d_name);
		if (!*vanished && check_file(t, path, vanished) < 0)
			r = -1;
		free(names[i]);
	}
	free(names);
	snprintf(path, sizeof path, "%s/current", dir);
	if (!*vanished && access(path, F_OK) == 0 &&
	    check_file(t, path, vanished) < 0)
		r = -1;
	return r;
}

/* A copy of t with its own table of what was seen. */
static void
copy_tally(struct tally *to, const struct tally *from)
{
	*to = *from;
	if (from->cap == 0)
		return;
	to->seen = malloc((size_t)from->cap);
	if (to->seen == NULL)
		die_sys(EXIT_TEMP, "unable to allocate");
	memcpy(to->seen, from->seen, (size_t)from->cap);
}

static int
check_dir(struct tally *t, const char *dir)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct tally try;
	int i, r, vanished;

	for (i = 1;; i++) {
		vanished = 0;
		copy_tally(&try, t);
		r = read_dir(&try, dir, &vanished);
		if (!vanished || i == DIR_TRIES)
			break;
		free(try.seen);
		nanosleep(&pause, NULL);
	}
	if (vanished)
		warn("files of %s kept vanishing while read", dir);
	free(t->seen);
	*t = try;
	return r;
}

/* Print the summary and the first missing ranges; return missing. */
static uint64_t
report(const struct tally *t)
{
	uint64_t last = t->count ? t->first + t->count - 1 :
	    (t->any ? t->maxseq : t->first - 1);
	uint64_t s, missing = 0, runs = 0, from = 0;
	int in = 0;

	for (s = t->first; s <= last + 1; s++) {
		int have = s <= last && s - t->first < t->cap &&
		    t->seen[s - t->first] > 0;

		if (s <= last && !have) {
			missing++;
			if (!in)
				from = s;
			in = 1;
		} else if (in) {
			if (runs++ < 10)
				printf("missing %llu..%llu\n",
				    (unsigned long long)from,
				    (unsigned long long)(s - 1));
			in = 0;
		}
	}
	printf("records=%llu missing=%llu dup=%llu corrupt=%llu torn=%llu "
	    "disorder=%llu gaps=%llu gaplost=%llu first=%llu last=%llu\n",
	    (unsigned long long)t->records, (unsigned long long)missing,
	    (unsigned long long)t->dup, (unsigned long long)t->corrupt,
	    (unsigned long long)t->torn, (unsigned long long)t->disorder,
	    (unsigned long long)t->gaps, (unsigned long long)t->gaplost,
	    (unsigned long long)t->first, (unsigned long long)last);
	return missing;
}

int
main(int argc, char **argv)
{
	struct tally t;
	uint64_t missing;
	int c, i, ioerr = 0;
	DIR *d;

	memset(&t, 0, sizeof t);
	t.id = "a";
	t.first = 1;
	t.maxdups = UINT64_MAX;
	die_init(argv[0], DIE_CLIENT, USAGE);
	while ((c = getopt(argc, argv, "+:i:s:n:d:g")) != -1) {
		switch (c) {
		case 'i': t.id = optarg; break;
		case 's': if (parse_uint(optarg, UINT64_MAX / 2, &t.first) < 0)
				die_usage("bad first: %s", optarg);
			break;
		case 'n': if (parse_uint(optarg, 1ULL << 32, &t.count) < 0)
				die_usage("bad count: %s", optarg);
			break;
		case 'd': if (parse_uint(optarg, UINT64_MAX, &t.maxdups) < 0)
				die_usage("bad dups: %s", optarg);
			break;
		case 'g': t.allow_gap_loss = 1; break;
		default: die_usage("bad option -%c", optopt);
		}
	}
	if (optind >= argc)
		die_usage("no path given");
	t.idlen = strlen(t.id);
	for (i = optind; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0 && (d = opendir(argv[i]))) {
			closedir(d);
			ioerr |= check_dir(&t, argv[i]) < 0;
		} else
			ioerr |= check_file(&t, argv[i], NULL) < 0;
	}
	missing = report(&t);
	if (ioerr)
		return EXIT_TEMP;
	if (t.allow_gap_loss && missing == t.gaplost && t.corrupt == 0)
		return 0;
	return missing == 0 && t.corrupt == 0 && t.dup <= t.maxdups ? 0 : 1;
}
