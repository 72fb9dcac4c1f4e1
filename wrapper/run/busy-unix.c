#define _DEFAULT_SOURCE
#include "wrapper/run/busy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/* Anyone may lock a file in a folder they can write; only root's or our
 * own lock is an installation, as only SYSTEM's ccmsetup is on Windows. */
static bool owned_by_installer(int fd)
{
	struct stat info;

	return fstat(fd, &info) == 0 && S_ISREG(info.st_mode) &&
	       (info.st_uid == 0 || info.st_uid == geteuid());
}

static bool locked_by_another(int fd, const char *path, bool *held, error_message *err)
{
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
		return true;
	}
	if (errno != EWOULDBLOCK)
		return error_set(err, "cannot test the busy lock '%s': %s", path, strerror(errno));
	*held = true;
	return true;
}

static bool lock_held(const char *path, bool *held, error_message *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	bool ok = true;

	*held = false;
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP ||
		       error_set(err, "cannot open the busy lock '%s': %s", path, strerror(errno));
	if (owned_by_installer(fd))
		ok = locked_by_another(fd, path, held, err);
	close(fd);
	return ok;
}

bool busy_check(const busy_places *places, bool *busy, strbuf *reason, error_message *err)
{
	const loglocate_list *sites = places->sites;
	bool ok = true;

	*busy = false;
	for (size_t i = 0; ok && !*busy && i < sites->count; i++) {
		char *path = busy_lock_path(sites->sites[i].ccmsetup_log);
		ok = lock_held(path, busy, err);
		if (*busy)
			strbuf_printf(reason, "another installation holds %s", path);
		free(path);
	}
	return ok;
}
