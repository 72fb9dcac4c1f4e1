#include "wrapper/run/busy.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <tlhelp32.h>

#include "config/base/filepath.h"
#include "config/base/wide.h"
#include "wrapper/run/installer.h"
#include "wrapper/run/scm.h"

static bool same_folder(const char *a, const char *b)
{
	return a != NULL && b != NULL && _stricmp(a, b) == 0;
}

/* A folder ccmsetup is installed or started from: a site where it writes
 * its logs, the folder above one (ccmsetup\Logs), or the configured
 * program's folder. Users cannot write any of these on a managed client. */
static bool ccmsetup_folder(const char *folder, const busy_places *places)
{
	bool found = same_folder(folder, places->program_folder);

	for (size_t i = 0; !found && i < places->sites->count; i++) {
		char *site = places->sites->sites[i].folder;
		char *above = filepath_folder_of(site);
		found = same_folder(folder, site) || same_folder(folder, above);
		free(above);
	}
	return found;
}

static char *image_folder(HANDLE process)
{
	wchar_t image[MAX_PATH * 4];
	DWORD length = (DWORD)(sizeof image / sizeof image[0]);

	if (!QueryFullProcessImageNameW(process, 0, image, &length))
		return NULL;
	char *path = wide_to_utf8(image, (int)length);
	char *folder = filepath_folder_of(path);
	free(path);
	return folder;
}

static bool runs_as_system(HANDLE process)
{
	HANDLE token;
	union { TOKEN_USER user; BYTE bytes[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)]; } info;
	DWORD size;
	bool system = false;

	if (!OpenProcessToken(process, TOKEN_QUERY, &token))
		return false;
	if (GetTokenInformation(token, TokenUser, &info, sizeof info, &size))
		system = IsWellKnownSid(info.user.User.Sid, WinLocalSystemSid) != FALSE;
	CloseHandle(token);
	return system;
}

/* Anyone may start a program called ccmsetup.exe; only one that runs from
 * a ccmsetup folder or as SYSTEM is an installation (docs/DESIGN.md
 * "Hardening"). One that cannot be looked at is not. */
static bool is_installation(DWORD process_id, const busy_places *places)
{
	HANDLE process = OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, process_id);
	if (process == NULL)
		return false;
	char *folder = image_folder(process);
	bool installation = (folder != NULL && ccmsetup_folder(folder, places)) ||
	                    runs_as_system(process);
	free(folder);
	CloseHandle(process);
	return installation;
}

static bool ccmsetup_process_running(const busy_places *places, DWORD *process_id,
                                     error_message *err)
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
		if (_wcsicmp(entry.szExeFile, L"ccmsetup.exe") == 0 &&
		    is_installation(entry.th32ProcessID, places))
			*process_id = entry.th32ProcessID;
	CloseHandle(snapshot);
	return true;
}

bool busy_check(const busy_places *places, bool *busy, strbuf *reason, error_message *err)
{
	bool installing;
	scm_status service;
	DWORD process_id;

	*busy = false;
	if (!installer_busy(&installing, err))
		return false;
	if (installing) {
		*busy = true;
		strbuf_add_string(reason, "Windows Installer is running an installation (its service "
		                          "accepts no stop)");
		return true;
	}
	if (!ccmsetup_process_running(places, &process_id, err))
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
