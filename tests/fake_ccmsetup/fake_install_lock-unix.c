#include "tests/fake_ccmsetup/fake_install_lock.h"

#include <stdio.h>
#include <stdlib.h>

#include <uv.h>

#include "wrapper/run/busy.h"
#include "wrapper/run/instance.h"

struct fake_install_lock {
	instance_lock *file_lock;
};

bool fake_install_lock_take(const char *ccmsetup_log, fake_install_lock **lock)
{
	char *path = busy_lock_path(ccmsetup_log);
	instance_lock *file_lock = NULL;
	bool held_elsewhere = false;
	char *hostile = NULL;
	error_message err;
	bool ok = instance_lock_acquire(path, NULL, &file_lock, &held_elsewhere, &hostile, &err);

	if (!ok)
		fprintf(stderr, "fake_ccmsetup: cannot lock %s: %s\n", path, err.text);
	free(path);
	*lock = NULL;
	if (file_lock != NULL) {
		*lock = malloc(sizeof **lock);
		if (*lock == NULL)
			abort();
		(*lock)->file_lock = file_lock;
	}
	return ok;
}

void fake_install_lock_release(fake_install_lock *lock)
{
	if (lock == NULL)
		return;
	instance_lock_release(lock->file_lock);
	free(lock);
}

bool fake_install_lock_hold(const char *ccmsetup_log, unsigned milliseconds)
{
	fake_install_lock *lock = NULL;

	if (!fake_install_lock_take(ccmsetup_log, &lock) || lock == NULL) {
		fprintf(stderr, "fake_ccmsetup: cannot hold the installation lock\n");
		return false;
	}
	uv_sleep(milliseconds);
	fake_install_lock_release(lock);
	return true;
}
