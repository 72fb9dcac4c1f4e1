/* A named mutex in the Global namespace, so that sessions (a console user
 * and the SYSTEM service of a software distribution) see each other. The
 * mutex is never owned or waited on: its existence is the lock, and it
 * disappears when the last handle closes, also when the process dies. */
#include "instance.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <windows.h>

#include "../config/text.h"
#include "../config/wide.h"

struct instance_lock {
	HANDLE mutex;
};

char *instance_default_name(void)
{
	return xstrdup("Global\\ccmwrap");
}

/* A kernel object name may hold no backslash but the one after its
 * namespace (Global\, Local\); a lock named like a file path (the
 * CCMWRAP_INSTANCE_LOCK of tests, a busy lock beside a log) keeps its
 * meaning with its backslashes made into underscores. */
static void make_object_name(char *name)
{
	char *rest = name;

	if (strncmp(name, "Global\\", 7) == 0 || strncmp(name, "Local\\", 6) == 0)
		rest = strchr(name, '\\') + 1;
	for (char *p = rest; *p != '\0'; p++)
		if (*p == '\\')
			*p = '_';
}

bool instance_lock_acquire(const char *name, instance_lock **lock, bool *held_elsewhere,
                           error_message *err)
{
	char *mutex_name = instance_lock_name(name);
	make_object_name(mutex_name);
	wchar_t *wide_name = wide_from_utf8(mutex_name);
	HANDLE mutex = CreateMutexW(NULL, FALSE, wide_name);
	DWORD error = GetLastError();

	free(wide_name);
	*lock = NULL;
	*held_elsewhere = false;
	/* Access denied: it exists, created by another account (SYSTEM). */
	if (mutex == NULL && error == ERROR_ACCESS_DENIED) {
		*held_elsewhere = true;
		free(mutex_name);
		return true;
	}
	if (mutex == NULL) {
		error_set(err, "cannot create the mutex '%s': Windows error %lu", mutex_name,
		          (unsigned long)error);
		free(mutex_name);
		return false;
	}
	free(mutex_name);
	if (error == ERROR_ALREADY_EXISTS) {
		CloseHandle(mutex);
		*held_elsewhere = true;
		return true;
	}
	*lock = xmalloc(sizeof **lock);
	(*lock)->mutex = mutex;
	return true;
}

void instance_lock_release(instance_lock *lock)
{
	if (lock == NULL)
		return;
	CloseHandle(lock->mutex);
	free(lock);
}
