#define _DEFAULT_SOURCE
#include "busy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

static bool lock_held(const char *path, bool *held, error_message *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	bool ok = true;

	*held = false;
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR ||
		       error_set(err, "cannot open the busy lock '%s': %s", path, strerror(errno));
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		flock(fd, LOCK_UN);
	else if (errno == EWOULDBLOCK)
		*held = true;
	else
		ok = error_set(err, "cannot test the busy lock '%s': %s", path, strerror(errno));
	close(fd);
	return ok;
}

bool busy_check(const loglocate_list *sites, bool *busy, strbuf *reason, error_message *err)
{
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
