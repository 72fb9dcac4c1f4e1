#include "tests/fake_ccmsetup/fake_msiserver.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <windows.h>

#include "tests/fake_ccmsetup/fake_winservice.h"

#define INSTALLER_SERVICE L"MSIServer"
#define BUSY_WHILE L"/fake-busy-while:"
#define CUSTOM_ACTION L"/fake-custom-action"
/* A hung custom action that nobody ends ends by itself after this. */
#define CUSTOM_ACTION_LIMIT_MS 120000
#define POLL_MS 50

static bool windows_failure(const char *what)
{
	fprintf(stderr, "fake_ccmsetup: %s: Windows error %lu\n", what, (unsigned long)GetLastError());
	return false;
}

/* This program's path, or the path of `name` beside it. */
static bool program_path(const wchar_t *name, wchar_t path[MAX_PATH])
{
	DWORD length = GetModuleFileNameW(NULL, path, MAX_PATH);

	if (length == 0 || length >= MAX_PATH)
		return false;
	if (name != NULL) {
		wchar_t *slash = wcsrchr(path, L'\\');
		if (slash == NULL || (size_t)(slash + 1 - path) + wcslen(name) >= MAX_PATH)
			return false;
		wcscpy(slash + 1, name);
	}
	return true;
}

static SC_HANDLE open_installer(DWORD access)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	SC_HANDLE service = manager != NULL ? OpenServiceW(manager, INSTALLER_SERVICE, access) : NULL;

	if (manager != NULL)
		CloseServiceHandle(manager);
	return service;
}

bool fake_msiserver_install(void)
{
	wchar_t program[MAX_PATH];
	wchar_t command_line[MAX_PATH + 32];
	SC_HANDLE service = open_installer(SERVICE_CHANGE_CONFIG);

	if (service == NULL || !program_path(NULL, program))
		return windows_failure("cannot open the MSIServer service");
	swprintf(command_line, sizeof command_line / sizeof command_line[0], L"\"%ls\" /fake-msiserver",
	         program);
	bool ok = ChangeServiceConfigW(service, SERVICE_NO_CHANGE, SERVICE_DEMAND_START,
	                               SERVICE_NO_CHANGE, command_line, NULL, NULL, NULL, NULL, NULL,
	                               NULL) ||
	          windows_failure("cannot point the MSIServer service at the double");
	CloseServiceHandle(service);
	return ok;
}

static HANDLE start_custom_action_server(void)
{
	wchar_t program[MAX_PATH];
	wchar_t command_line[MAX_PATH + 64];
	STARTUPINFOW startup = { .cb = sizeof startup };
	PROCESS_INFORMATION process;

	if (!program_path(L"msiexec.exe", program))
		return NULL;
	swprintf(command_line, sizeof command_line / sizeof command_line[0],
	         L"\"%ls\" /fake-custom-action-server", program);
	if (!CreateProcessW(program, command_line, NULL, NULL, FALSE, 0, NULL, NULL, &startup,
	                    &process)) {
		windows_failure("cannot start the custom-action server");
		return NULL;
	}
	CloseHandle(process.hThread);
	return process.hProcess;
}

/* Busy (only SHUTDOWN accepted) while `running` lives; owns the mutex
 * meanwhile when asked to. */
static DWORD stay_busy_while(HANDLE running, bool own_mutex)
{
	HANDLE mutex = own_mutex ? CreateMutexW(NULL, TRUE, L"Global\\_MSIExecute") : NULL;

	fake_winservice_report(SERVICE_RUNNING, SERVICE_ACCEPT_SHUTDOWN);
	WaitForSingleObject(running, CUSTOM_ACTION_LIMIT_MS);
	CloseHandle(running);
	if (mutex != NULL) {
		ReleaseMutex(mutex);
		CloseHandle(mutex);
	}
	return 0;
}

static DWORD installer_main(DWORD argc, wchar_t **argv)
{
	if (argc >= 2 && wcsncmp(argv[1], BUSY_WHILE, wcslen(BUSY_WHILE)) == 0) {
		DWORD process_id = (DWORD)wcstoul(argv[1] + wcslen(BUSY_WHILE), NULL, 10);
		HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, process_id);
		return process != NULL ? stay_busy_while(process, true) : ERROR_INVALID_PARAMETER;
	}
	if (argc >= 2 && wcscmp(argv[1], CUSTOM_ACTION) == 0) {
		HANDLE server = start_custom_action_server();
		return server != NULL ? stay_busy_while(server, false) : ERROR_INSTALL_FAILURE;
	}
	return ERROR_INVALID_PARAMETER;
}

int fake_msiserver_run(void)
{
	return fake_winservice_dispatch(INSTALLER_SERVICE, installer_main) ? 0 : EXIT_FAILURE;
}

int fake_custom_action_server(void)
{
	HANDLE mutex = CreateMutexW(NULL, FALSE, L"Global\\_MSIExecute");
	DWORD wait = mutex != NULL ? WaitForSingleObject(mutex, 0) : WAIT_FAILED;

	if (wait != WAIT_OBJECT_0 && wait != WAIT_ABANDONED) {
		fprintf(stderr, "fake_ccmsetup: the custom-action server cannot own Global\\_MSIExecute\n");
		return ERROR_INSTALL_ALREADY_RUNNING;
	}
	/* RemoveW2KDrivers waiting for a device it may not remove. */
	Sleep(CUSTOM_ACTION_LIMIT_MS);
	ReleaseMutex(mutex);
	CloseHandle(mutex);
	return 0;
}

static bool start_installer(const wchar_t *argument)
{
	SC_HANDLE service = open_installer(SERVICE_START);
	const wchar_t *arguments[] = { argument };

	if (service == NULL)
		return windows_failure("cannot open the MSIServer service");
	bool ok = StartServiceW(service, 1, arguments) ||
	          windows_failure("cannot start the MSIServer service");
	CloseServiceHandle(service);
	return ok;
}

static bool installer_stopped(bool *stopped)
{
	SC_HANDLE service = open_installer(SERVICE_QUERY_STATUS);
	SERVICE_STATUS status;

	if (service == NULL || !QueryServiceStatus(service, &status))
		return windows_failure("cannot query the MSIServer service");
	*stopped = status.dwCurrentState == SERVICE_STOPPED;
	CloseServiceHandle(service);
	return true;
}

bool fake_msiserver_custom_action(unsigned limit_ms)
{
	bool stopped = false;

	if (!start_installer(CUSTOM_ACTION))
		return false;
	for (unsigned waited = 0; waited < limit_ms && !stopped; waited += POLL_MS) {
		Sleep(POLL_MS);
		if (!installer_stopped(&stopped))
			return false;
	}
	return true;
}

bool fake_msiserver_busy_while_alive(void)
{
	wchar_t argument[64];

	swprintf(argument, sizeof argument / sizeof argument[0], BUSY_WHILE L"%lu",
	         (unsigned long)GetCurrentProcessId());
	return start_installer(argument);
}
