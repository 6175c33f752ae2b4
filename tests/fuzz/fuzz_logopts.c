/* fuzz_logopts.c: the command lines of tinylog, sissylog and journalog
 * (tinyopts.h, sissyopts.h, journalopts.h, logopts.h). The first byte
 * picks the program, the rest is its argv cut at NUL bytes. For any
 * argv: nextopt() reads it as getopt() did, the parser answers as
 * lib/cliopt.h says, the same argv gives the same answer, and what it
 * accepts is within each option's documented range. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzargv.h"
#include "journalopts.h"
#include "sink_journal.h"
#include "sissyopts.h"
#include "tinyopts.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* glibc's regcomp() itself can take all memory on stacked or large
 * repetitions (see fuzz_filter.c): not what is tested here, and any
 * word may be an -i or -x argument. */
static int
tame(const uint8_t *p, size_t size)
{
	size_t i, n = 0;

	for (i = 0; i < size; i++) {
		if (p[i] == '\0') {
			n = 0;
			continue;
		}
		n += strchr("+*?{", p[i]) != NULL;
		if (i + 1 < size && p[i] >= '0' && p[i] <= '9' &&
		    p[i + 1] >= '0' && p[i + 1] <= '9')
			n += 4;
		if (n > 3)
			return 0;
	}
	return 1;
}

/* The same argv twice gives the same answer. */
static void
same(const struct cliopt *a, int rca, const struct cliopt *b, int rcb)
{
	if (rca != rcb || a->end != b->end || a->code != b->code ||
	    a->err != b->err || strcmp(a->msg, b->msg) != 0)
		abort();
}

static void
check_tinylog(const uint8_t *data, size_t size)
{
	static struct cliopt r, r2;
	struct tinyopts o;
	struct fargv a;
	int rc, rc2;

	if (fargv_split(&a, "tinylog", data, size) < 0)
		return;
	fargv_check_getopt(&a, TINYOPTS_LETTERS);
	rc = tinyopts_parse(&o, a.argc, a.argv, &r);
	fargv_check_answer(rc, &r);
	if (rc == 0 && (o.path != a.argv[a.argc - 1] ||
	    o.dir.maxsize < TINYOPTS_SIZE_MIN || o.rot.level < 1 ||
	    o.rot.level > 9 || o.log.filter.look < 1 ||
	    o.log.filter.look > LOGOPTS_LOOK_MAX ||
	    o.dir.interval_s > TINYOPTS_INTERVAL_MAX ||
	    (o.rot.keep.has_age && (o.rot.keep.age_us < 1000000 ||
	    o.rot.keep.age_us > (int64_t)TINYOPTS_AGE_MAX * 1000000)) ||
	    o.log.stamp > STAMP_UNIX))
		abort();
	filter_free(&o.log.filter);
	rc2 = tinyopts_parse(&o, a.argc, a.argv, &r2);
	filter_free(&o.log.filter);
	same(&r, rc, &r2, rc2);
	fargv_free(&a);
}

static void
check_syslog_conf(const struct sink_syslog_conf *c, const struct fargv *a)
{
	int net = sysdest_network(&c->dest);

	if (c->fold < SINK_SYSLOG_FOLD_MIN || c->fold > SINK_SYSLOG_FOLD_MAX ||
	    (c->tls.on && c->dest.kind != SYSDEST_RELP) ||
	    c->tls.npeers > SYSRELP_PEERS_MAX ||
	    (!net && c->format == SYSFMT_3164) ||
	    c->facility < 0 || c->facility > (23 << 3) ||
	    (c->facility & 7) != 0 ||
	    (c->ident != die_prog() && !fargv_has(a, c->ident)))
		abort();
	if (net && (c->dest.host[0] == '\0' || c->dest.port[0] == '\0'))
		abort();
	if (c->dest.kind == SYSDEST_UNIX && c->dest.path[0] == '\0')
		abort();
}

static void
check_sissylog(const uint8_t *data, size_t size)
{
	static struct cliopt r, r2;
	struct sink_syslog_conf c;
	struct logopts o;
	struct fargv a, b;
	int rc, rc2;

	if (fargv_split(&a, "sissylog", data, size) < 0)
		return;
	fargv_split(&b, "sissylog", data, size);
	fargv_check_getopt(&a, SISSYOPTS_LETTERS);
	rc = sissyopts_parse(&c, &o, a.argc, a.argv, &r);
	fargv_check_answer(rc, &r);
	if (rc == 0) {
		check_syslog_conf(&c, &a);
		rc = sissyopts_tls_auth(&c, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0 && c.tls.auth != NULL &&
		    strcmp(c.tls.auth, "name") != 0 &&
		    strcmp(c.tls.auth, "fingerprint") != 0 &&
		    strcmp(c.tls.auth, "certvalid") != 0)
			abort();
	}
	filter_free(&o.filter);
	/* -T cuts its argument in place: parse a fresh copy again. */
	rc2 = sissyopts_parse(&c, &o, b.argc, b.argv, &r2);
	if (rc2 == 0)
		rc2 = sissyopts_tls_auth(&c, &r2);
	filter_free(&o.filter);
	same(&r, rc, &r2, rc2);
	fargv_free(&a);
	fargv_free(&b);
}

static void
check_jopts(const struct jopts *o, const struct fargv *a)
{
	const char *eq;
	size_t i;

	if (o->nextra > JF_EXTRA_MAX || o->limit < JSINK_LIMIT_MIN ||
	    o->limit > JSINK_LIMIT_MAX || o->facility < 0 ||
	    (o->ident != NULL && (o->ident[0] == '\0' ||
	    o->ident != a->argv[a->argc - 1])))
		abort();
	for (i = 0; i < o->nextra; i++) {
		eq = strchr(o->extra[i], '=');
		if (eq == NULL ||
		    !jf_name_valid(o->extra[i], (size_t)(eq - o->extra[i])) ||
		    jf_name_reserved(o->extra[i], (size_t)(eq - o->extra[i])))
			abort();
	}
}

static void
check_journalog(const uint8_t *data, size_t size)
{
	static struct cliopt r, r2;
	static struct jopts o;
	struct fargv a;
	int rc, rc2;

	if (fargv_split(&a, "journalog", data, size) < 0)
		return;
	fargv_check_getopt(&a, JOURNALOPTS_LETTERS);
	rc = jopts_parse(&o, a.argc, a.argv, &r);
	fargv_check_answer(rc, &r);
	if (rc == 0)
		check_jopts(&o, &a);
	filter_free(&o.lo.filter);
	rc2 = jopts_parse(&o, a.argc, a.argv, &r2);
	filter_free(&o.lo.filter);
	same(&r, rc, &r2, rc2);
	fargv_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || !tame(data + 1, size - 1))
		return 0;
	switch (data[0] % 3) {
	case 0:
		check_tinylog(data + 1, size - 1);
		break;
	case 1:
		check_sissylog(data + 1, size - 1);
		break;
	default:
		check_journalog(data + 1, size - 1);
		break;
	}
	return 0;
}
