/* A named mutex in the Global namespace, so that sessions (a console user
 * and the SYSTEM service of a software distribution) see each other. The
 * mutex is never owned or waited on: its existence is the lock, and it
 * disappears when the last handle closes, also when the process dies. */
#include "wrapper/run/instance.h"

#include <io.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include <windows.h>
#include <aclapi.h>

#include "config/base/filepath.h"
#include "config/base/statefile.h"
#include "config/base/text.h"
#include "config/base/wide.h"
#include "config/base/winsecurity.h"

/* Owned by Administrators, whatever the token's default owner; whoever
 * may open it may hold it: SYSTEM and Administrators. */
#define MUTEX_SDDL L"O:BAD:(A;;GA;;;SY)(A;;GA;;;BA)"

struct instance_lock {
	HANDLE mutex;     /* NULL when the lock is the file */
	int file;         /* the fallback lock file, -1 when the lock is the mutex */
};

char *instance_default_name(const char *state_dir)
{
	(void)state_dir;
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

static instance_lock *new_lock(HANDLE mutex, int file)
{
	instance_lock *lock = xmalloc(sizeof *lock);

	lock->mutex = mutex;
	lock->file = file;
	return lock;
}

/* The fallback: an exclusive lock on the state folder's lock file. */
static bool lock_file(const char *state_dir, instance_lock **lock, bool *held_elsewhere,
                      char **set_aside_note, error_message *err)
{
	char *path = filepath_resolve(state_dir, INSTANCE_LOCK_FILE);
	OVERLAPPED whole = { 0 };
	char *set_aside;
	int file;
	bool opened = statefile_append_or_set_aside(path, &file, &set_aside, err);

	free(path);
	*set_aside_note = instance_set_aside_note(set_aside);
	if (!opened)
		return error_prefix(err, "the instance lock");
	if (LockFileEx((HANDLE)_get_osfhandle(file), LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY,
	               0, MAXDWORD, MAXDWORD, &whole)) {
		*lock = new_lock(NULL, file);
		return true;
	}
	DWORD error = GetLastError();
	uv_fs_t req;
	uv_fs_close(NULL, &req, file, NULL);
	uv_fs_req_cleanup(&req);
	*held_elsewhere = error == ERROR_LOCK_VIOLATION;
	return *held_elsewhere ||
	       error_set(err, "cannot lock the instance lock file: Windows error %lu", (unsigned long)error);
}

/* Who made the mutex that was there first: ccmwrap (as SYSTEM or an
 * administrator), or someone keeping it from running. */
static bool made_by_ccmwrap(HANDLE mutex, char owner_text[SID_TEXT_MAX])
{
	PSID owner = NULL;
	PSECURITY_DESCRIPTOR descriptor = NULL;

	strcpy(owner_text, "an owner that cannot be read");
	if (GetSecurityInfo(mutex, SE_KERNEL_OBJECT, OWNER_SECURITY_INFORMATION, &owner, NULL, NULL,
	                    NULL, &descriptor) != ERROR_SUCCESS)
		return false;
	bool trusted = winsecurity_owner_trusted(owner);
	winsecurity_sid_text(owner, owner_text);
	LocalFree(descriptor);
	return trusted;
}

static char *hostile_note(const char *name, const char *why, char *lock_file_note)
{
	strbuf note = STRBUF_INIT;

	strbuf_printf(&note, "the mutex %s was made by someone other than ccmwrap (%s), to keep it "
	                     "from running; the lock file in the state folder is used instead",
	              name, why);
	if (lock_file_note != NULL)
		strbuf_printf(&note, "; %s", lock_file_note);
	free(lock_file_note);
	return strbuf_detach(&note);
}

static HANDLE create_mutex(const char *name, DWORD *error)
{
	SECURITY_ATTRIBUTES attributes = { .nLength = sizeof attributes };
	wchar_t *wide = wide_from_utf8(name);
	HANDLE mutex = NULL;

	*error = ERROR_INVALID_PARAMETER;
	attributes.lpSecurityDescriptor = winsecurity_from_sddl(MUTEX_SDDL);
	if (attributes.lpSecurityDescriptor != NULL) {
		mutex = CreateMutexW(&attributes, FALSE, wide);
		*error = GetLastError();
		LocalFree(attributes.lpSecurityDescriptor);
	}
	free(wide);
	return mutex;
}

bool instance_lock_acquire(const char *name, const char *state_dir, instance_lock **lock,
                           bool *held_elsewhere, char **hostile, error_message *err)
{
	char *mutex_name = instance_lock_name(name, state_dir);
	char owner[SID_TEXT_MAX];
	DWORD error;

	*lock = NULL;
	*held_elsewhere = false;
	*hostile = NULL;
	make_object_name(mutex_name);
	HANDLE mutex = create_mutex(mutex_name, &error);
	bool ok = true;
	if (mutex != NULL && error != ERROR_ALREADY_EXISTS) {
		*lock = new_lock(mutex, -1);
	} else if (mutex != NULL && made_by_ccmwrap(mutex, owner)) {
		CloseHandle(mutex);
		*held_elsewhere = true;
	} else if (mutex != NULL || error == ERROR_ACCESS_DENIED) {
		if (mutex != NULL)
			CloseHandle(mutex);
		strbuf why = STRBUF_INIT;
		strbuf_printf(&why, mutex != NULL ? "owned by %s" : "it refuses ccmwrap%s",
		              mutex != NULL ? owner : "");
		char *lock_file_note;
		ok = lock_file(state_dir, lock, held_elsewhere, &lock_file_note, err);
		*hostile = hostile_note(mutex_name, why.data, lock_file_note);
		strbuf_free(&why);
	} else {
		ok = error_set(err, "cannot create the mutex '%s': Windows error %lu", mutex_name,
		               (unsigned long)error);
	}
	free(mutex_name);
	return ok;
}

void instance_lock_release(instance_lock *lock)
{
	if (lock == NULL)
		return;
	if (lock->mutex != NULL)
		CloseHandle(lock->mutex);
	if (lock->file >= 0) {
		uv_fs_t req;
		uv_fs_close(NULL, &req, lock->file, NULL);
		uv_fs_req_cleanup(&req);
	}
	free(lock);
}
