/* perpopts.h: the command lines of perpd and its programs, parsed
 * without side effects (lib/cliopt.h) so that tests and fuzzers can call
 * them. Each parser fills its struct (defaults first) and returns 0, or
 * -1 with r saying what to do instead of running; operands point into
 * argv. The usage lines are the programs' synopses.
 *
 *   bootopts.c  perpd, perpboot, perphup (the base directory operand)
 *   toolopts.c  perpctl, perpls, perpstat, perpok (-b basedir) */
#ifndef PERPD_PERPOPTS_H
#define PERPD_PERPOPTS_H

#include <stdint.h>
#include <sys/types.h>

#include "cliopt.h"
#include "ctlcmd.h"

#define PERPOPTS_BASE_DEFAULT "/etc/perp"

/* The option letters, for nextopt() (lib/nextopt.h). */
#define PERPD_LETTERS "hVa:g:"
#define PERPBOOT_LETTERS "hVdx"
#define PERPHUP_LETTERS "hVqt"
#define PERPCTL_LETTERS "hVb:gLq"
#define PERPLS_LETTERS "hVb:cGgjKrt"
#define PERPSTAT_LETTERS "hVb:j"
#define PERPOK_LETTERS "hVb:u:v"

#define PERPD_SYNOPSIS "[-hV] [-a secs] [-g gid] [basedir]"
#define PERPBOOT_SYNOPSIS "[-hV] [-d] [-x] [dir]"
#define PERPHUP_SYNOPSIS "[-hV] [-q] [-t] [basedir]"
#define PERPCTL_SYNOPSIS "[-hV] [-b basedir] [-g] [-L] [-q] " \
	"[ADUXduopcahikqtw12] sv [sv ...]"
#define PERPLS_SYNOPSIS "[-hV] [-b basedir] [-cGgjrt] [sv ...]"
#define PERPSTAT_SYNOPSIS "[-hV] [-b basedir] [-j] sv [sv ...]"
#define PERPOK_SYNOPSIS "[-hV] [-b basedir] [-u secs] [-v] sv"

/* The base of perpd, perpboot and perphup: the operand when given and
 * not empty, else env_base ($PERP_BASE, passed in) when set and not
 * empty, else PERPOPTS_BASE_DEFAULT. */

/* A group name to its id (getgrnam for perpd): 0, or -1 when unknown. */
typedef int perpopts_group_fn(const char *name, gid_t *gid);

struct perpd_opts {
	uint64_t autoscan; /* -a secs; 0: none */
	int has_gid;       /* -g */
	gid_t gid;
	const char *base;  /* absolute */
};

int perpd_opts_parse(struct perpd_opts *o, int argc, char *const argv[],
    const char *env_base, perpopts_group_fn *group, struct cliopt *r);

struct perpboot_opts {
	int detach; /* -d */
	int noexec; /* -x: become rc.perp */
	const char *base;
};

int perpboot_opts_parse(struct perpboot_opts *o, int argc,
    char *const argv[], const char *env_base, struct cliopt *r);

struct perphup_opts {
	int quiet; /* -q */
	int term;  /* -t: SIGTERM instead of SIGHUP */
	const char *base;
};

int perphup_opts_parse(struct perphup_opts *o, int argc,
    char *const argv[], const char *env_base, struct cliopt *r);

/* The tools' -b is kept as given: client_base() settles it. */
struct perpctl_opts {
	const char *base;        /* -b, or NULL */
	int quiet;               /* -q */
	struct ctl_request req;  /* the command word with -g and -L */
	char *const *sv;         /* the services, NULL-terminated */
};

int perpctl_opts_parse(struct perpctl_opts *o, int argc, char *const argv[],
    struct cliopt *r);

struct perpls_opts {
	const char *base;  /* -b (or "." for -c), or NULL */
	int color, force;  /* -G: 1 1; -g: 0 0; neither: 1 0 */
	int show_caps;     /* -K */
	int rev;           /* -r */
	int by_time;       /* -t */
	int json;          /* -j */
	char *const *sv;   /* the services (none: every one) */
};

int perpls_opts_parse(struct perpls_opts *o, int argc, char *const argv[],
    struct cliopt *r);

struct perpstat_opts {
	const char *base;
	int json;
	char *const *sv;   /* at least one */
};

int perpstat_opts_parse(struct perpstat_opts *o, int argc,
    char *const argv[], struct cliopt *r);

struct perpok_opts {
	const char *base;
	uint64_t upsecs;   /* -u: up at least this long */
	int verbose;       /* -v */
	const char *sv;    /* the one service */
};

int perpok_opts_parse(struct perpok_opts *o, int argc, char *const argv[],
    struct cliopt *r);

#endif
