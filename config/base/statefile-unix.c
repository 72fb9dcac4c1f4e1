#include "config/base/statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Read without blocking on a FIFO planted in the file's place; the flag is
 * cleared once the handle is known to be a plain file. */
static int open_no_follow(const char *path, statefile_access access, bool create)
{
	int flags = O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
	            (access == STATEFILE_READ ? O_RDONLY : O_RDWR | O_APPEND);

	return create ? open(path, flags | O_CREAT | O_EXCL, 0600) : open(path, flags);
}

static bool refuse(int fd, error_message *err, const char *format, const char *path,
                   unsigned long detail)
{
	close(fd);
	return error_set(err, format, path, detail);
}

static bool check_handle(int fd, const char *path, error_message *err)
{
	struct stat info;

	if (fstat(fd, &info) != 0)
		return refuse(fd, err, "cannot look at %s: error %lu", path, (unsigned long)errno);
	if (!S_ISREG(info.st_mode))
		return refuse(fd, err, "%s is not a plain file (mode %lo), so it is no state file "
		                       "ccmwrap made: remove it", path, (unsigned long)info.st_mode);
	if (info.st_nlink != 1)
		return refuse(fd, err, "%s has %lu names (hard links): what is written to it would "
		                       "change another file: remove it", path,
		              (unsigned long)info.st_nlink);
	if (info.st_uid != 0 && info.st_uid != geteuid())
		return refuse(fd, err, "%s is owned by user id %lu, neither root nor the current user, "
		                       "who could have written it: remove it", path,
		              (unsigned long)info.st_uid);
	if (info.st_mode & (S_IWGRP | S_IWOTH))
		return refuse(fd, err, "%s is writable by its group or by others (mode %04lo), who "
		                       "could have written it: remove it", path,
		              (unsigned long)(info.st_mode & 07777));
	return fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) == 0 ||
	       refuse(fd, err, "cannot use %s: error %lu", path, (unsigned long)errno);
}

bool statefile_open(const char *path, statefile_access access, int *file, bool *missing,
                    error_message *err)
{
	int fd = open_no_follow(path, access, false);

	if (fd < 0 && errno == ENOENT && access == STATEFILE_APPEND)
		fd = open_no_follow(path, access, true);
	if (missing != NULL)
		*missing = fd < 0 && errno == ENOENT && access == STATEFILE_READ;
	*file = -1;
	if (missing != NULL && *missing)
		return true;
	if (fd < 0 && errno == ELOOP)
		return error_set(err, "%s is a symbolic link, not a state file ccmwrap made: remove it",
		                 path);
	if (fd < 0 && errno == EISDIR)
		return error_set(err, "%s is a folder, not a state file ccmwrap made: remove it", path);
	if (fd < 0 && errno == EEXIST)
		return error_set(err, "%s appeared while ccmwrap was creating it: remove it", path);
	if (fd < 0)
		return error_set(err, "cannot open %s: %s", path, strerror(errno));
	if (!check_handle(fd, path, err))
		return false;
	*file = fd;
	return true;
}

bool statefile_truncate(int file, int64_t length, error_message *err)
{
	return ftruncate(file, (off_t)length) == 0 ||
	       error_set(err, "cannot cut the file to %lld bytes: %s", (long long)length,
	                 strerror(errno));
}
