#include "busy.h"

#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <tlhelp32.h>

#include "installer.h"
#include "scm.h"

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

bool busy_check(const loglocate_list *sites, bool *busy, strbuf *reason, error_message *err)
{
	bool installing;
	scm_status service;
	DWORD process_id;

	(void)sites;
	*busy = false;
	if (!installer_busy(&installing, err))
		return false;
	if (installing) {
		*busy = true;
		strbuf_add_string(reason, "Windows Installer is running an installation (its service "
		                          "accepts no stop)");
		return true;
	}
	if (!ccmsetup_process_running(&process_id, err))
		return false;
	if (process_id != 0) {
		*busy = true;
		strbuf_printf(reason, "ccmsetup.exe is running (process %lu)", (unsigned long)process_id);
		return true;
	}
	if (!scm_query(SCM_CCMSETUP, &service, err))
		return false;
	if (service.running) {
		*busy = true;
		strbuf_printf(reason, "the ccmsetup service is running (process %lu)",
		              service.process_id);
	}
	return true;
}
