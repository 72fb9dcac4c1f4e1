#include "tests/fake_ccmsetup/fake_service.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <windows.h>
#include <winsvc.h>

#include "tests/fake_ccmsetup/fake_logs.h"
#include "tests/fake_ccmsetup/fake_stop.h"
#include "tests/fake_ccmsetup/fake_winservice.h"
#include "config/base/text.h"

#define SERVICE_NAME L"ccmsetup"
#define INSTANCE_OPTION L" /fake-service-instance"
/* The bootstrap's command line without its program name, which is quoted
 * or ends at the first blank (the rule for argv[0]). */
static const wchar_t *arguments_after_program(const wchar_t *line)
{
	if (*line == L'"') {
		const wchar_t *close = wcschr(line + 1, L'"');
		return close != NULL ? close + 1 : line + wcslen(line);
	}
	return line + wcscspn(line, L" \t");
}

/* "PROGRAM" /fake-service-instance ARGUMENTS (caller frees). */
static wchar_t *instance_command_line(void)
{
	wchar_t program[MAX_PATH];
	DWORD length = GetModuleFileNameW(NULL, program, MAX_PATH);
	const wchar_t *arguments = arguments_after_program(GetCommandLineW());

	if (length == 0 || length >= MAX_PATH)
		return NULL;
	size_t size = wcslen(program) + wcslen(INSTANCE_OPTION) + wcslen(arguments) + 3;
	wchar_t *line = xcalloc(size, sizeof *line);
	swprintf(line, size, L"\"%ls\"%ls%ls", program, INSTANCE_OPTION, arguments);
	return line;
}

/* The service as this bootstrap's instance: created, or when an earlier
 * run left it registered, pointed at this program and these arguments. */
static SC_HANDLE register_service(SC_HANDLE manager, const wchar_t *command_line,
                                  error_message *err)
{
	const DWORD access = SERVICE_START | SERVICE_CHANGE_CONFIG | SERVICE_QUERY_STATUS;
	SC_HANDLE service = CreateServiceW(manager, SERVICE_NAME, SERVICE_NAME, access,
	                                   SERVICE_WIN32_OWN_PROCESS, SERVICE_DEMAND_START,
	                                   SERVICE_ERROR_NORMAL, command_line, NULL, NULL, NULL, NULL,
	                                   NULL);
	if (service != NULL)
		return service;
	if (GetLastError() != ERROR_SERVICE_EXISTS) {
		error_set(err, "CreateService: Windows error %lu", (unsigned long)GetLastError());
		return NULL;
	}
	service = OpenServiceW(manager, SERVICE_NAME, access);
	if (service == NULL) {
		error_set(err, "OpenService: Windows error %lu", (unsigned long)GetLastError());
		return NULL;
	}
	if (!ChangeServiceConfigW(service, SERVICE_NO_CHANGE, SERVICE_DEMAND_START, SERVICE_NO_CHANGE,
	                          command_line, NULL, NULL, NULL, NULL, NULL, NULL)) {
		error_set(err, "ChangeServiceConfig: Windows error %lu", (unsigned long)GetLastError());
		CloseServiceHandle(service);
		return NULL;
	}
	return service;
}

bool fake_service_start(int argc, char **argv, error_message *err)
{
	(void)argc;
	(void)argv;
	wchar_t *command_line = instance_command_line();
	if (command_line == NULL)
		return error_set(err, "cannot tell this program's path");
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);
	if (manager == NULL) {
		free(command_line);
		return error_set(err, "OpenSCManager: Windows error %lu", (unsigned long)GetLastError());
	}
	SC_HANDLE service = register_service(manager, command_line, err);
	bool ok = service != NULL;
	if (ok && !StartServiceW(service, 0, NULL))
		ok = error_set(err, "StartService: Windows error %lu", (unsigned long)GetLastError());
	if (service != NULL)
		CloseServiceHandle(service);
	CloseServiceHandle(manager);
	free(command_line);
	return ok;
}

static struct {
	const fake_options *options;
	fake_service_work work;
	int code;
} instance;

static DWORD instance_main(DWORD argc, wchar_t **argv)
{
	(void)argc;
	(void)argv;
	instance.code = instance.work(instance.options);
	fake_stop_wait(instance.options->service_linger_ms);
	return (DWORD)instance.code;
}

int fake_service_run(const fake_options *options, fake_service_work work)
{
	instance.options = options;
	instance.work = work;
	instance.code = EXIT_FAILURE;
	fake_winservice_dispatch(SERVICE_NAME, instance_main);
	return instance.code;
}
