#include "wrapper/run/installer.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <windows.h>
#include <tlhelp32.h>
#include <winternl.h>

#include "config/base/filetime.h"
#include "config/base/timestamp.h"
#include "config/base/wide.h"
#include "wrapper/run/cmdline.h"
#include "wrapper/run/scm.h"

bool installer_busy(bool *busy, error_message *err)
{
	scm_status status;

	*busy = false;
	if (!scm_query(SCM_INSTALLER, &status, err))
		return false;
	*busy = status.running && status.controls == SERVICE_ACCEPT_SHUTDOWN;
	return true;
}

typedef NTSTATUS(NTAPI *query_process_function)(HANDLE, PROCESSINFOCLASS, PVOID, ULONG, PULONG);

/* The command line, read from the process's own parameters: only from a
 * process of the same bitness, whose layout we share. NULL otherwise. */
static char *read_command_line(HANDLE process)
{
	BOOL we_are_wow64 = FALSE, it_is_wow64 = FALSE;
	query_process_function query = (query_process_function)(void (*)(void))GetProcAddress(
	    GetModuleHandleW(L"ntdll.dll"), "NtQueryInformationProcess");
	PROCESS_BASIC_INFORMATION basic;
	PEB peb;
	RTL_USER_PROCESS_PARAMETERS parameters;

	if (!IsWow64Process(GetCurrentProcess(), &we_are_wow64) ||
	    !IsWow64Process(process, &it_is_wow64) || we_are_wow64 != it_is_wow64 || query == NULL ||
	    query(process, ProcessBasicInformation, &basic, sizeof basic, NULL) != 0 ||
	    !ReadProcessMemory(process, basic.PebBaseAddress, &peb, sizeof peb, NULL) ||
	    !ReadProcessMemory(process, peb.ProcessParameters, &parameters, sizeof parameters, NULL))
		return NULL;
	size_t units = parameters.CommandLine.Length / sizeof(wchar_t);
	wchar_t *text = xcalloc(units + 1, sizeof *text);
	char *line = NULL;
	if (ReadProcessMemory(process, parameters.CommandLine.Buffer, text, units * sizeof *text, NULL))
		line = wide_to_utf8(text, (int)units);
	free(text);
	return line;
}

/* Its program's path, for a process whose command line cannot be read. */
static char *program_path(HANDLE process, const PROCESSENTRY32W *entry)
{
	wchar_t path[MAX_PATH];
	DWORD units = MAX_PATH;

	if (QueryFullProcessImageNameW(process, 0, path, &units))
		return wide_to_utf8(path, (int)units);
	return wide_to_utf8(entry->szExeFile, -1);
}

static char *describe(HANDLE process, const PROCESSENTRY32W *entry, int64_t started_ms)
{
	char started[TIMESTAMP_ISO8601_SIZE];
	char *line = read_command_line(process);
	strbuf text = STRBUF_INIT;

	timestamp_format_iso8601(started_ms, started);
	strbuf_printf(&text, "process %lu started at %s: ", (unsigned long)entry->th32ProcessID, started);
	if (line != NULL) {
		char *shown = cmdline_mask(line);
		strbuf_add_string(&text, shown);
		free(shown);
	} else {
		char *program = program_path(process, entry);
		strbuf_printf(&text, "%s (its command line cannot be read from here)", program);
		free(program);
	}
	free(line);
	return strbuf_detach(&text);
}

static bool end_if_recent(const PROCESSENTRY32W *entry, int64_t since_ms, strlist *ended,
                          error_message *err)
{
	const DWORD access = PROCESS_TERMINATE | PROCESS_QUERY_INFORMATION | PROCESS_VM_READ;
	HANDLE process = OpenProcess(access, FALSE, entry->th32ProcessID);
	FILETIME created, exited, kernel, user;
	bool ok = true;

	if (process == NULL) {
		DWORD error = GetLastError();
		/* ERROR_INVALID_PARAMETER: it ended since the snapshot. */
		return error == ERROR_INVALID_PARAMETER ||
		       error_set(err, "cannot open the custom-action server (process %lu): Windows "
		                      "error %lu", (unsigned long)entry->th32ProcessID,
		                 (unsigned long)error);
	}
	if (GetProcessTimes(process, &created, &exited, &kernel, &user) &&
	    filetime_to_unix_ms(created) >= since_ms) {
		char *description = describe(process, entry, filetime_to_unix_ms(created));
		if (TerminateProcess(process, ERROR_INSTALL_USEREXIT)) {
			strlist_add_owned(ended, description);
		} else {
			ok = error_set(err, "cannot end the custom-action server %s: Windows error %lu",
			               description, (unsigned long)GetLastError());
			free(description);
		}
	}
	CloseHandle(process);
	return ok;
}

bool installer_end_custom_actions(int64_t since_ms, strlist *ended, error_message *err)
{
	scm_status installer;
	PROCESSENTRY32W entry;

	if (!scm_query(SCM_INSTALLER, &installer, err))
		return false;
	if (!installer.running || installer.process_id == 0)
		return true;
	HANDLE snapshot = CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0);
	if (snapshot == INVALID_HANDLE_VALUE)
		return error_set(err, "cannot list the running processes: Windows error %lu",
		                 (unsigned long)GetLastError());
	bool ok = true;
	entry.dwSize = sizeof entry;
	for (BOOL more = Process32FirstW(snapshot, &entry); more && ok;
	     more = Process32NextW(snapshot, &entry))
		if (entry.th32ParentProcessID == installer.process_id &&
		    _wcsicmp(entry.szExeFile, L"msiexec.exe") == 0)
			ok = end_if_recent(&entry, since_ms, ended, err);
	CloseHandle(snapshot);
	return ok;
}
