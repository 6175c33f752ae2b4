/* perpd.h: the supervisor's shared structures, limits and internal API.
 *
 * map to source:
 *   perpd.c     main() and the loop that must not die: earliest deadline,
 *               poll, signals, descriptors, expired deadlines.
 *   startup.c   the start-up that may: options, descriptors, control
 *               directory, lock, control socket.
 *   inherit.c   descriptors inherited from our parent (also perpboot's).
 *   scan.c      reading the base directory (readdir, and inotify to know
 *               when), activation of sticky service directories keyed by
 *               device and inode, deactivation of the ones that went.
 *   svtab.c     the service table: a dense array, a dev/ino hash, a pid
 *               map for reaping and the list of services with deadlines.
 *   service.c   the state machine of each sub-service (main and log):
 *               start, reset, restart policy, log drain, deactivation.
 *   stop.c      signals, and stopping: SIGTERM, the stop timeout, then
 *               SIGKILL to the process group and what it left behind.
 *   command.c   control commands (u d o p c signals U D) and the status
 *               record a query returns.
 *   policy.c    pure arithmetic: respawn governor, back-off, rounding,
 *               printable names.
 *   svrun.c     starting a runscript (clone, then exec): session,
 *               directory, the three descriptors, environment, the
 *               pid-table record.
 *   reap.c      exits: a pidfd per process in an epoll set, waitid().
 *   control.c   the control socket: fixed client slots, non-blocking
 *               partial reads and writes, an idle deadline per client.
 *   pidrec.c    the pid table's record layout (pidrec.h), pure.
 *   pidtab.c    the pid table .control/perpd.table: slots, writes of one
 *               quarter record, the whole-table rewrite.
 *   procstat.c  parsing /proc/PID/stat (state, session, start time,
 *               exit code).
 *   adopt.c     after a crash of the previous perpd: reading its table,
 *               checking each pid against /proc and opening pidfds, so
 *               that no service ever runs twice.
 *   adoptsv.c   taking over a service's processes, log pipe and state.
 *   proto.c     the control protocol's packets (shared with the tools).
 *   perpboot.c, perphup.c, perp-setup.sh: the programs around perpd.
 *   bootopts.c, toolopts.c: every program's command line (perpopts.h),
 *               parsed without side effects.
 *
 * Nothing here has a fixed limit on services or name lengths: the table
 * grows when a service is activated. Nothing is allocated when a child
 * exits, when a client asks, or on a turn of the loop. */
#ifndef PERPD_PERPD_H
#define PERPD_PERPD_H

#include <poll.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <time.h>

#include "proto.h"

#define PERPD_CONTROL ".control"
#define PERPD_LOCK "perpd.pid"
#define PERPD_SOCK "perpd.sock"
#define PERPD_TABLE "perpd.table"
#define PERPD_CLIENTS 20        /* concurrent control connections */
#define PERPD_CLIENT_MS 8000    /* an idle client is closed after this */
#define PERPD_STOP_MS 10000     /* default stop timeout */
#define PERPD_STOP_FILE "timeout.stop"
#define PERPD_FORK_BATCH 128    /* forks per turn, so clients keep turns */
#define PIDFD_RESERVE 256       /* descriptors pidfds leave free */
#define PERPD_RESCAN_GAP_MS 20  /* inotify rescans at most this often */
#define PERPD_RETRY_MS 1000     /* first retry of a failed fork or scan */
#define PERPD_STRAY_MS 100      /* how often a stopped group is checked */

/* One sub-service: the main service or its logger. A sub runs at most one
 * process at a time: the start target, or the reset target after it. */
struct sub {
	struct service *sv;
	pid_t pid;           /* the running process, 0 when none */
	int pidfd;           /* the running process's pidfd, or -1 */
	uint8_t flags;       /* SUBF_* as the status shows them */
	uint8_t stopping;    /* 0, or STOP_TERM / STOP_KILL sent */
	uint8_t follow;      /* log: stop once main is down (D) */
	uint8_t reset_due;   /* the pending fork at `due` is a reset */
	struct timespec when; /* wall clock: fork of the current/last run */
	int64_t start_ms;    /* monotonic fork time of the last start, or -1 */
	int64_t died_ms;     /* when the last start ended */
	pid_t lastpid;       /* the last start that ended (reset's SVPID) */
	int wstatus;         /* its wait status, -1 when not known */
	uint32_t backoff_ms; /* current back-off, 0 after a stable run */
	uint32_t starts;     /* starts since activation */
	int64_t due;         /* WAITING/FAILING: when to fork */
	int64_t kill_at;     /* stop or reset timeout: SIGKILL the group */
	pid_t stray;         /* group left behind by a stopped start */
	int64_t stray_at;    /* next look at that group */
	int64_t stray_end;   /* when that group gets SIGKILL */
	uint64_t ticks;      /* adopted: start time in /proc ticks */
	uint8_t adopted;     /* the process is not our child (adopt.c) */
};

/* A fork is pending: for the governor or back-off, or after a failure. */
#define SUBF_DELAYED (SUBF_WAITING | SUBF_FAILING)

#define STOP_TERM 1
#define STOP_KILL 2

/* One activated service directory. */
struct service {
	struct svkey key;    /* st_dev, st_ino: the identity */
	char *name;          /* directory entry in BASE (argv[2]) */
	char *label;         /* name with control bytes as '?', for logs */
	int dirfd;           /* for fchdir in children; -1: orphan */
	int logpipe[2];      /* held from activation to removal; -1 */
	uint8_t flags;       /* SVF_* */
	uint8_t draining;    /* log: write end closed, waiting for EOF */
	int64_t drain_at;    /* when a draining logger gets SIGTERM */
	struct timespec activated;
	uint32_t stop_ms;    /* stop timeout, 0 = never SIGKILL */
	uint32_t slot;       /* record number in the pid table */
	unsigned gen;        /* scan generation that last saw it */
	struct sub main, log;
	size_t index;        /* position in the dense array */
	struct service *hnext;          /* dev/ino hash chain */
	struct service *tprev, *tnext;  /* list of services with deadlines */
	int timed;
	int64_t next_due;
};

/* Global state: set up by perpd.c, read everywhere. */
struct perpd {
	const char *base;
	pid_t pid;
	struct timespec started;
	int basefd, ctlfd, sigfd, inofd, epfd, listenfd, devnull, tabfd;
	int64_t autoscan_ms, autoscan_at;
	int64_t rescan_at, last_scan, scan_retry_ms;
	int terminating;
	int nofile_raised;
	struct rlimit nofile; /* what perpd was given; restored in children */
	int pidfd_max;        /* the highest descriptor a pidfd may have */
	char boot_id[40];
	int table_rewrite;    /* the whole pid table must be written */
};
extern struct perpd perpd;

/* startup.c */
void startup(int argc, char **argv);

/* inherit.c */
int fds_standard(void);
int fds_cloexec_inherited(void);

/* svtab.c */
struct service *svtab_find(const struct svkey *k);
struct service *svtab_add(const struct svkey *k, const char *name);
void svtab_remove(struct service *sv);
size_t svtab_count(void);
struct service *svtab_at(size_t i);
struct sub *pidmap_find(pid_t pid);
void pidmap_put(struct sub *sub);
void pidmap_del(pid_t pid);
void timer_update(struct service *sv);
int64_t timer_earliest(void);
struct service *timer_first(void);

/* policy.c (pure) */
#define GOVERNOR_MS 1000
#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000
#define STABLE_MS 10000
uint32_t policy_backoff(uint32_t prev, int64_t ran_ms);
int64_t policy_start_at(int64_t start_ms, int64_t died_ms, uint32_t backoff,
    int64_t now);
uint32_t policy_secs(int64_t ms);
int policy_label(const char *name, char *out);

/* service.c */
void sub_want_start(struct sub *sub, int64_t now);
void sub_exited(struct sub *sub, int wstatus, int64_t now);
void sub_up(struct sub *sub, int once, int64_t now);
int sv_expire(struct service *sv, int64_t now, int budget);
int sv_cull(struct service *sv, int64_t now);
int sv_maybe_done(struct service *sv);
void sv_log_follow(struct service *sv, int64_t now);
const char *sub_what(const struct sub *sub);

/* stop.c */
void sub_signal(struct sub *sub, int sig, int killpg);
void sub_stop(struct sub *sub, int killpg, int64_t now);
void sub_kill(struct sub *sub);
void sub_stray(struct sub *sub, int64_t now);
void sub_stray_begin(struct sub *sub, pid_t pgid, int64_t kill_at,
    int64_t now);
int64_t stop_deadline(const struct service *sv, int64_t now);

/* pidtab.c */
int pidtab_slot(struct service *sv);
void pidtab_service(const struct service *sv);
void pidtab_state(const struct service *sv);
void pidtab_proc_clear(const struct sub *sub);
void pidtab_proc_child(int fd, const struct sub *sub, int reset,
    const struct timespec *when);
void pidtab_free(struct service *sv);
int pidtab_rewrite(void);
void pidtab_remove(void);

/* command.c */
int sv_command(struct service *sv, uint8_t cmd, uint8_t flags, int64_t now);
void sv_status(const struct service *sv, struct svstatus *st, int64_t now);

/* svrun.c: a child is given its descriptors in these fixed slots, and
 * copies nothing from SPAWN_LOW on (svrun.c says why). */
#define SPAWN_DIR 3   /* the service directory */
#define SPAWN_FD 4    /* what becomes its stdin or stdout */
#define SPAWN_TAB 5   /* the pid table */
#define SPAWN_LOW 6
int svrun_init(void);
int svrun_spawn(struct sub *sub, int reset, int64_t now);

/* reap.c */
int reap_init(void);
int reap_watch(struct sub *sub);
void reap_unwatch(struct sub *sub);
void reap_events(int64_t now);
void reap_children(int64_t now);
int64_t reap_earliest(void);
void reap_expire(int64_t now);

/* scan.c */
int scan_init(void);
void scan(int64_t now);
void scan_inotify(int64_t now);
void scan_request(int64_t now, int soon);

/* control.c */
int control_open(const char *path, int has_gid, gid_t gid);
int control_npoll(void);
void control_poll(struct pollfd *p);
void control_io(const struct pollfd *p, int64_t now);
int64_t control_earliest(void);
void control_expire(int64_t now);
void control_close(void);
int control_nclients(void);

/* adopt.c */
struct adoptee;
int adopt_load(int64_t now);
struct adoptee *adopt_take(const struct svkey *k);
int adopt_pending(const struct svkey *k);
void adopt_apply(struct service *sv, struct adoptee *a, int64_t now);
void adopt_orphans(int64_t now);

#endif
