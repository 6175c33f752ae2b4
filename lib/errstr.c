/* errstr.c: perp's wording for errno values and signal names. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>

#include "errstr.h"

struct errword {
	int err;
	const char *name;
	const char *phrase;
};

/* The phrases follow perp 2.07 (lasagna's table) where scripts or users
 * may have seen them; the rest are written in the same terse style. */
static const struct errword words[] = {
	{ E2BIG, "E2BIG", "argument list too long" },
	{ EACCES, "EACCES", "access denied" },
	{ EADDRINUSE, "EADDRINUSE", "address already used" },
	{ EADDRNOTAVAIL, "EADDRNOTAVAIL", "address not available" },
	{ EAFNOSUPPORT, "EAFNOSUPPORT", "address family not supported" },
	{ EAGAIN, "EAGAIN", "temporary i/o failure" },
	{ EALREADY, "EALREADY", "operation already in progress" },
	{ EBADF, "EBADF", "file descriptor not open" },
	{ EBUSY, "EBUSY", "device busy" },
	{ ECHILD, "ECHILD", "no child processes" },
	{ ECONNABORTED, "ECONNABORTED", "connection aborted" },
	{ ECONNREFUSED, "ECONNREFUSED", "connection refused" },
	{ ECONNRESET, "ECONNRESET", "connection reset" },
	{ EDEADLK, "EDEADLK", "operation would cause deadlock" },
	{ EDESTADDRREQ, "EDESTADDRREQ", "destination address required" },
	{ EDQUOT, "EDQUOT", "disk quota exceeded" },
	{ EEXIST, "EEXIST", "file already exists" },
	{ EFAULT, "EFAULT", "bad address" },
	{ EFBIG, "EFBIG", "file too big" },
	{ EHOSTDOWN, "EHOSTDOWN", "host down" },
	{ EHOSTUNREACH, "EHOSTUNREACH", "host unreachable" },
	{ EINPROGRESS, "EINPROGRESS", "operation in progress" },
	{ EINTR, "EINTR", "interrupted system call" },
	{ EINVAL, "EINVAL", "invalid argument" },
	{ EIO, "EIO", "input/output error" },
	{ EISCONN, "EISCONN", "already connected" },
	{ EISDIR, "EISDIR", "is a directory" },
	{ ELOOP, "ELOOP", "symbolic link loop" },
	{ EMFILE, "EMFILE", "out of file descriptors" },
	{ EMLINK, "EMLINK", "too many links" },
	{ EMSGSIZE, "EMSGSIZE", "message too long" },
	{ ENAMETOOLONG, "ENAMETOOLONG", "file name too long" },
	{ ENETDOWN, "ENETDOWN", "network down" },
	{ ENETRESET, "ENETRESET", "network reset" },
	{ ENETUNREACH, "ENETUNREACH", "network unreachable" },
	{ ENFILE, "ENFILE", "file descriptor table overflow" },
	{ ENOBUFS, "ENOBUFS", "out of buffer space" },
	{ ENODEV, "ENODEV", "device not configured" },
	{ ENOENT, "ENOENT", "file does not exist" },
	{ ENOEXEC, "ENOEXEC", "exec format error" },
	{ ENOLCK, "ENOLCK", "no locks available" },
	{ ENOMEM, "ENOMEM", "out of memory" },
	{ ENOSPC, "ENOSPC", "out of disk space" },
	{ ENOSYS, "ENOSYS", "system call not available" },
	{ ENOTCONN, "ENOTCONN", "not connected" },
	{ ENOTDIR, "ENOTDIR", "not a directory" },
	{ ENOTEMPTY, "ENOTEMPTY", "directory not empty" },
	{ ENOTSOCK, "ENOTSOCK", "not a socket" },
	{ ENOTSUP, "ENOTSUP", "operation not supported" },
	{ ENOTTY, "ENOTTY", "inappropriate device control" },
	{ ENXIO, "ENXIO", "device not configured" },
	{ EOVERFLOW, "EOVERFLOW", "value too large" },
	{ EPERM, "EPERM", "permission denied" },
	{ EPIPE, "EPIPE", "broken pipe" },
	{ EPROTO, "EPROTO", "protocol error" },
	{ EPROTONOSUPPORT, "EPROTONOSUPPORT", "protocol not supported" },
	{ ERANGE, "ERANGE", "range error" },
	{ EROFS, "EROFS", "read-only file system" },
	{ ESPIPE, "ESPIPE", "unseekable descriptor" },
	{ ESRCH, "ESRCH", "no such process" },
	{ ETIMEDOUT, "ETIMEDOUT", "timed out" },
	{ ETXTBSY, "ETXTBSY", "text busy" },
	{ EXDEV, "EXDEV", "cross-device link" },
};

static const struct errword *
lookup(int err)
{
	size_t i;

	for (i = 0; i < sizeof words / sizeof words[0]; i++)
		if (words[i].err == err)
			return &words[i];
	return NULL;
}

const char *
errstr_phrase(int err)
{
	const struct errword *w = lookup(err);

	return w ? w->phrase : strerror(err);
}

const char *
errstr_name(int err)
{
	const struct errword *w = lookup(err);

	return w ? w->name : "E?";
}

static const struct {
	int sig;
	const char *name;
} signames[] = {
	{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" }, { SIGQUIT, "SIGQUIT" },
	{ SIGILL, "SIGILL" }, { SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
	{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" }, { SIGKILL, "SIGKILL" },
	{ SIGUSR1, "SIGUSR1" }, { SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
	{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" }, { SIGTERM, "SIGTERM" },
	{ SIGSTKFLT, "SIGSTKFLT" }, { SIGCHLD, "SIGCHLD" },
	{ SIGCONT, "SIGCONT" }, { SIGSTOP, "SIGSTOP" }, { SIGTSTP, "SIGTSTP" },
	{ SIGTTIN, "SIGTTIN" }, { SIGTTOU, "SIGTTOU" }, { SIGURG, "SIGURG" },
	{ SIGXCPU, "SIGXCPU" }, { SIGXFSZ, "SIGXFSZ" },
	{ SIGVTALRM, "SIGVTALRM" }, { SIGPROF, "SIGPROF" },
	{ SIGWINCH, "SIGWINCH" }, { SIGIO, "SIGIO" }, { SIGPWR, "SIGPWR" },
	{ SIGSYS, "SIGSYS" },
};

const char *
errstr_signame(int sig)
{
	size_t i;

	for (i = 0; i < sizeof signames / sizeof signames[0]; i++)
		if (signames[i].sig == sig)
			return signames[i].name;
	return NULL;
}
