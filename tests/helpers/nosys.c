/* nosys.c: run a program on a kernel that seems to lack some system
 * calls, for testing the paths taken on older kernels.
 *
 *   nosys name[,name...] prog [arg ...]
 *
 * A seccomp filter makes each named system call (pidfd_open,
 * pidfd_send_signal, close_range) fail with ENOSYS in prog and everything
 * it starts; then prog is executed. */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "die.h"

#define MAXCALLS 8

static const struct { const char *name; long nr; } known[] = {
	{ "pidfd_open", SYS_pidfd_open },
	{ "pidfd_send_signal", SYS_pidfd_send_signal },
	{ "close_range", SYS_close_range },
};

static long
lookup(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(known[i].name, name) == 0)
			return known[i].nr;
	die_usage("unknown system call: %s", name);
}

/* The filter: other architectures are killed, each named call fails with
 * ENOSYS, everything else is allowed. */
static void
install(const long *nr, int n)
{
	struct sock_filter f[4 + 2 * MAXCALLS + 1];
	struct sock_fprog prog;
	int i, k = 0;

	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, arch));
	f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
	    AUDIT_ARCH_X86_64, 1, 0);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_KILL_PROCESS);
	f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
	    offsetof(struct seccomp_data, nr));
	for (i = 0; i < n; i++) {
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
		    BPF_K, (unsigned)nr[i], 0, 1);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ERRNO | ENOSYS);
	}
	f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
	    SECCOMP_RET_ALLOW);
	prog.len = (unsigned short)k;
	prog.filter = f;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog) < 0)
		die_sys(EXIT_TEMP, "unable to install the seccomp filter");
}

int
main(int argc, char **argv)
{
	long nr[MAXCALLS];
	char *list, *name;
	int n = 0;

	die_init(argv[0], DIE_CLIENT, "name[,name...] prog [arg ...]");
	if (argc < 3)
		die_usage("missing argument");
	list = argv[1];
	for (name = strtok(list, ","); name != NULL; name = strtok(NULL, ","))
		if (n < MAXCALLS)
			nr[n++] = lookup(name);
	install(nr, n);
	execvp(argv[2], argv + 2);
	die_sys(EXIT_TEMP, "unable to run %s", argv[2]);
}
