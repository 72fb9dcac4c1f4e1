#define _DEFAULT_SOURCE
#include "busy.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

bool busy_check(const char *ccmsetup_log, bool *busy, strbuf *reason, error_message *err)
{
	char *path = busy_lock_path(ccmsetup_log);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	bool ok = true;

	*busy = false;
	if (fd < 0) {
		if (errno != ENOENT)
			ok = error_set(err, "cannot open the busy lock '%s': %s", path, strerror(errno));
		free(path);
		return ok;
	}
	if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
		flock(fd, LOCK_UN);
	} else if (errno == EWOULDBLOCK) {
		*busy = true;
		strbuf_printf(reason, "another installation holds %s", path);
	} else {
		ok = error_set(err, "cannot test the busy lock '%s': %s", path, strerror(errno));
	}
	close(fd);
	free(path);
	return ok;
}
