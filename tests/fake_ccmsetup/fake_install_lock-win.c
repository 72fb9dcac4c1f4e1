#include "tests/fake_ccmsetup/fake_install_lock.h"

#include <stdio.h>
#include <stdlib.h>
#include <windows.h>

#include "tests/fake_ccmsetup/fake_msiserver.h"

struct fake_install_lock {
	HANDLE mutex;
};

bool fake_install_lock_take(const char *ccmsetup_log, fake_install_lock **lock)
{
	HANDLE mutex = CreateMutexW(NULL, FALSE, L"Global\\_MSIExecute");

	(void)ccmsetup_log;
	*lock = NULL;
	if (mutex == NULL) {
		fprintf(stderr, "fake_ccmsetup: cannot create Global\\_MSIExecute: Windows error %lu\n",
		        (unsigned long)GetLastError());
		return false;
	}
	DWORD wait = WaitForSingleObject(mutex, 0);
	if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED) {
		CloseHandle(mutex);
		return true;
	}
	*lock = malloc(sizeof **lock);
	if (*lock == NULL)
		abort();
	(*lock)->mutex = mutex;
	return true;
}

void fake_install_lock_release(fake_install_lock *lock)
{
	if (lock == NULL)
		return;
	ReleaseMutex(lock->mutex);
	CloseHandle(lock->mutex);
	free(lock);
}

/* ccmwrap reads Windows Installer's state from its service, never from
 * the mutex: another installation is the service busy. */
bool fake_install_lock_hold(const char *ccmsetup_log, unsigned milliseconds)
{
	(void)ccmsetup_log;
	if (!fake_msiserver_busy_while_alive())
		return false;
	Sleep(milliseconds);
	return true;
}
