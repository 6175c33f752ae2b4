/* commitmark.c: the commit mark on current (commitmark.h). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "commitmark.h"
#include "fdio.h"
#include "le.h"

/* The attribute's bytes: the boot id, then the size, little-endian. */
#define MARK_LEN (CMARK_BOOT + 8)

int
cmark_boot(char boot[CMARK_BOOT])
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = fd_read(fd, boot, CMARK_BOOT);
	close(fd);
	if (n != CMARK_BOOT) {
		errno = n < 0 ? errno : EINVAL;
		return -1;
	}
	return 0;
}

int
cmark_set(int fd, const char boot[CMARK_BOOT], uint64_t size)
{
	unsigned char v[MARK_LEN];

	memcpy(v, boot, CMARK_BOOT);
	le_put64(v + CMARK_BOOT, size);
	return fsetxattr(fd, CMARK_ATTR, v, sizeof v, 0);
}

int
cmark_get(int fd, const char boot[CMARK_BOOT], uint64_t *size)
{
	unsigned char v[MARK_LEN + 1];
	ssize_t n = fgetxattr(fd, CMARK_ATTR, v, sizeof v);

	if (n < 0)
		return errno == ENODATA || errno == ENOTSUP ||
		    errno == EOPNOTSUPP ? 0 : -1;
	if (n != MARK_LEN || memcmp(v, boot, CMARK_BOOT) != 0)
		return 0;
	*size = le_get64(v + CMARK_BOOT);
	return 1;
}

int
cmark_clear(int fd)
{
	if (fremovexattr(fd, CMARK_ATTR) == 0 || errno == ENODATA ||
	    errno == ENOTSUP || errno == EOPNOTSUPP)
		return 0;
	return -1;
}
