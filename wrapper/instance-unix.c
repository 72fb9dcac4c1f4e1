/* flock() rather than fcntl() locks: an flock belongs to the open file, so
 * a second open in the same process conflicts too, and it is released when
 * the process dies however it dies. */
#define _DEFAULT_SOURCE
#include "instance.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>
#include <uv.h>

#include "../config/text.h"

struct instance_lock {
	int fd;
};

char *instance_default_name(void)
{
	char folder[4096];
	size_t size = sizeof folder;
	strbuf path = STRBUF_INIT;

	if (uv_os_tmpdir(folder, &size) != 0)
		strcpy(folder, "/tmp");
	strbuf_printf(&path, "%s/ccmwrap.lock", folder);
	return strbuf_detach(&path);
}

bool instance_lock_acquire(const char *name, instance_lock **lock, bool *held_elsewhere,
                           error_message *err)
{
	char *path = instance_lock_name(name);
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

	*lock = NULL;
	*held_elsewhere = false;
	if (fd < 0) {
		error_set(err, "cannot open the instance lock '%s': %s", path, strerror(errno));
		free(path);
		return false;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int error = errno;
		close(fd);
		if (error == EWOULDBLOCK) {
			*held_elsewhere = true;
			free(path);
			return true;
		}
		error_set(err, "cannot lock the instance lock '%s': %s", path, strerror(error));
		free(path);
		return false;
	}
	free(path);
	*lock = xmalloc(sizeof **lock);
	(*lock)->fd = fd;
	return true;
}

void instance_lock_release(instance_lock *lock)
{
	if (lock == NULL)
		return;
	close(lock->fd);
	free(lock);
}
