/* flock() rather than fcntl() locks: an flock belongs to the open file, so
 * a second open in the same process conflicts too, and it is released when
 * the process dies however it dies. */
#define _DEFAULT_SOURCE
#include "wrapper/run/instance.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "config/base/filepath.h"
#include "config/base/statefile.h"
#include "config/base/text.h"

struct instance_lock {
	int fd;
};

char *instance_default_name(const char *state_dir)
{
	return filepath_resolve(state_dir, INSTANCE_LOCK_FILE);
}

bool instance_lock_acquire(const char *name, const char *state_dir, instance_lock **lock,
                           bool *held_elsewhere, char **hostile, error_message *err)
{
	char *path = instance_lock_name(name, state_dir);
	char *set_aside;
	int fd;

	*lock = NULL;
	*held_elsewhere = false;
	bool opened = statefile_append_or_set_aside(path, &fd, &set_aside, err);
	*hostile = instance_set_aside_note(set_aside);
	free(path);
	if (!opened)
		return error_prefix(err, "the instance lock");
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		int error = errno;
		close(fd);
		*held_elsewhere = error == EWOULDBLOCK;
		return *held_elsewhere ||
		       error_set(err, "cannot lock the instance lock: %s", strerror(error));
	}
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
