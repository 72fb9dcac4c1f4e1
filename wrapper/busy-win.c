#include "busy.h"

#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <tlhelp32.h>

#include "ccmservice.h"

/* Held while Windows Installer executes an installation. Acquiring it for
 * an instant (and releasing at once) is how installers test it: its mere
 * existence only says that msiexec is loaded. */
static bool msi_mutex_held(bool *held, error_message *err)
{
	HANDLE mutex = OpenMutexW(SYNCHRONIZE, FALSE, L"Global\\_MSIExecute");

	*held = false;
	if (mutex == NULL) {
		DWORD error = GetLastError();
		if (error == ERROR_ACCESS_DENIED)
			*held = true;
		else if (error != ERROR_FILE_NOT_FOUND)
			return error_set(err, "cannot open the mutex Global\\_MSIExecute: Windows error %lu",
			                 (unsigned long)error);
		return true;
	}
	DWORD wait = WaitForSingleObject(mutex, 0);
	if (wait == WAIT_OBJECT_0 || wait == WAIT_ABANDONED)
		ReleaseMutex(mutex);
	else
		*held = true;
	CloseHandle(mutex);
	return true;
}

static bool ccmsetup_process_running(DWORD *process_id, error_message *err)
{
	HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
	PROCESSENTRY32W entry;

	*process_id = 0;
	if (snapshot == INVALID_HANDLE_VALUE)
		return error_set(err, "cannot list the running processes: Windows error %lu",
		                 (unsigned long)GetLastError());
	entry.dwSize = sizeof entry;
	for (BOOL more = Process32FirstW(snapshot, &entry); more && *process_id == 0;
	     more = Process32NextW(snapshot, &entry))
		if (_wcsicmp(entry.szExeFile, L"ccmsetup.exe") == 0)
			*process_id = entry.th32ProcessID;
	CloseHandle(snapshot);
	return true;
}

bool busy_check(const char *ccmsetup_log, bool *busy, strbuf *reason, error_message *err)
{
	bool msi_held, service_running;
	DWORD process_id;

	(void)ccmsetup_log;
	*busy = false;
	if (!msi_mutex_held(&msi_held, err))
		return false;
	if (msi_held) {
		*busy = true;
		strbuf_add_string(reason, "Windows Installer is running an installation (Global\\_MSIExecute)");
		return true;
	}
	if (!ccmsetup_process_running(&process_id, err))
		return false;
	if (process_id != 0) {
		*busy = true;
		strbuf_printf(reason, "ccmsetup.exe is running (process %lu)", (unsigned long)process_id);
		return true;
	}
	if (!ccmservice_running(&service_running, err))
		return false;
	if (service_running) {
		*busy = true;
		strbuf_add_string(reason, "the ccmsetup service is running");
	}
	return true;
}
