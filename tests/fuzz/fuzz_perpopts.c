/* fuzz_perpopts.c: the command lines of perpd, perpboot, perphup,
 * perpctl, perpls, perpstat and perpok (perpopts.h). The first byte picks
 * the program (and $PERP_BASE), the rest is its argv cut at NUL bytes.
 * For any argv: nextopt() reads it as getopt() did for the three that
 * used getopt, the parser answers as lib/cliopt.h says, and what it
 * accepts is what the synopsis allows. No group database is read: -g's
 * names go to a fake. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzargv.h"
#include "perpopts.h"
#include "proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const envs[] = { NULL, "", "/env/base", "relative" };

static int
fake_group(const char *name, gid_t *gid)
{
	if (strcmp(name, "wheel") != 0)
		return -1;
	*gid = 10;
	return 0;
}

/* The base of perpd, perpboot and perphup: the last word, $PERP_BASE or
 * the default, never empty. */
static void
check_base(const char *base, const struct fargv *a, const char *env)
{
	if (base == NULL || base[0] == '\0' ||
	    (base != a->argv[a->argc - 1] && base != env &&
	    strcmp(base, PERPOPTS_BASE_DEFAULT) != 0))
		abort();
}

static void
check_boot(int prog, const struct fargv *a, const char *env)
{
	static struct cliopt r;
	struct perpd_opts d;
	struct perpboot_opts b;
	struct perphup_opts h;
	int rc;

	if (prog == 0) {
		fargv_check_getopt(a, PERPD_LETTERS);
		rc = perpd_opts_parse(&d, a->argc, a->argv, env, fake_group,
		    &r);
		fargv_check_answer(rc, &r);
		if (rc == 0 && (d.base[0] != '/' || d.autoscan > UINT32_MAX ||
		    (d.has_gid && d.gid == (gid_t)-1)))
			abort();
		if (rc == 0)
			check_base(d.base, a, env);
	} else if (prog == 1) {
		fargv_check_getopt(a, PERPBOOT_LETTERS);
		rc = perpboot_opts_parse(&b, a->argc, a->argv, env, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0)
			check_base(b.base, a, env);
	} else {
		fargv_check_getopt(a, PERPHUP_LETTERS);
		rc = perphup_opts_parse(&h, a->argc, a->argv, env, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0)
			check_base(h.base, a, env);
	}
}

/* A list of services: the last words of argv, in order, to its end. */
static void
check_list(char *const *sv, const struct fargv *a, int nonempty)
{
	if (sv < a->argv + 1 || sv > a->argv + a->argc ||
	    (nonempty && sv == a->argv + a->argc))
		abort();
}

static void
check_ctl(const struct fargv *a)
{
	static struct cliopt r;
	struct perpctl_opts o;
	int rc = perpctl_opts_parse(&o, a->argc, a->argv, &r);

	fargv_check_answer(rc, &r);
	if (rc < 0)
		return;
	check_list(o.sv, a, 1);
	if (o.req.kind == CTL_SEND &&
	    strchr(CTL_COMMANDS, o.req.cmd) == NULL)
		abort();
	if (o.req.kind != CTL_SEND && o.req.flags != 0)
		abort();
	/* The command word is the one just before the services. */
	if ((uint8_t)o.sv[-1][0] != o.req.cmd)
		abort();
}

static void
check_tools(int prog, const struct fargv *a)
{
	static struct cliopt r;
	struct perpls_opts l;
	struct perpstat_opts s;
	struct perpok_opts k;
	int rc;

	if (prog == 3) {
		check_ctl(a);
	} else if (prog == 4) {
		rc = perpls_opts_parse(&l, a->argc, a->argv, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0)
			check_list(l.sv, a, 0);
		if (rc == 0 && l.force && !l.color)
			abort();
	} else if (prog == 5) {
		rc = perpstat_opts_parse(&s, a->argc, a->argv, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0)
			check_list(s.sv, a, 1);
	} else {
		rc = perpok_opts_parse(&k, a->argc, a->argv, &r);
		fargv_check_answer(rc, &r);
		if (rc == 0 && (k.sv != a->argv[a->argc - 1] ||
		    k.upsecs > UINT32_MAX))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "perpd", "perpboot", "perphup",
		"perpctl", "perpls", "perpstat", "perpok" };
	struct fargv a;
	int prog;

	if (size < 1)
		return 0;
	prog = data[0] % 7;
	if (fargv_split(&a, names[prog], data + 1, size - 1) < 0)
		return 0;
	if (prog < 3)
		check_boot(prog, &a, envs[data[0] / 7 % 4]);
	else
		check_tools(prog, &a);
	fargv_free(&a);
	return 0;
}
