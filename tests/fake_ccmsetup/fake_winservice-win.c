#include "tests/fake_ccmsetup/fake_winservice.h"

#include <stdio.h>

#include "tests/fake_ccmsetup/fake_stop.h"

/* What the service manager is told a stop may take. */
#define STOP_WAIT_HINT_MS 5000

static struct {
	const wchar_t *name;
	fake_winservice_main main;
	SERVICE_STATUS_HANDLE status_handle;
} service;

static void report(DWORD state, DWORD controls, DWORD exit_code)
{
	SERVICE_STATUS status = { 0 };

	status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
	status.dwCurrentState = state;
	status.dwControlsAccepted = state == SERVICE_RUNNING ? controls : 0;
	status.dwWin32ExitCode = exit_code == 0 ? NO_ERROR : ERROR_SERVICE_SPECIFIC_ERROR;
	status.dwServiceSpecificExitCode = exit_code;
	status.dwWaitHint = state == SERVICE_STOP_PENDING ? STOP_WAIT_HINT_MS : 0;
	if (!SetServiceStatus(service.status_handle, &status))
		fprintf(stderr, "fake_ccmsetup: SetServiceStatus(%lu): Windows error %lu\n",
		        (unsigned long)state, (unsigned long)GetLastError());
}

void fake_winservice_report(DWORD state, DWORD controls)
{
	report(state, controls, 0);
}

/* Runs on the dispatcher's thread while the service works on its own. */
static DWORD WINAPI on_control(DWORD control, DWORD event_type, void *event_data, void *context)
{
	(void)event_type;
	(void)event_data;
	(void)context;
	if (control == SERVICE_CONTROL_STOP || control == SERVICE_CONTROL_SHUTDOWN) {
		report(SERVICE_STOP_PENDING, 0, 0);
		fake_stop_request();
		return NO_ERROR;
	}
	return control == SERVICE_CONTROL_INTERROGATE ? NO_ERROR : ERROR_CALL_NOT_IMPLEMENTED;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv)
{
	service.status_handle = RegisterServiceCtrlHandlerExW(service.name, on_control, NULL);
	if (service.status_handle == NULL)
		return;
	report(SERVICE_RUNNING, SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN, 0);
	DWORD code = service.main(argc, argv);
	report(SERVICE_STOPPED, 0, code);
}

bool fake_winservice_dispatch(const wchar_t *name, fake_winservice_main main)
{
	SERVICE_TABLE_ENTRYW table[] = { { (wchar_t *)name, service_main }, { NULL, NULL } };

	service.name = name;
	service.main = main;
	if (StartServiceCtrlDispatcherW(table))
		return true;
	fprintf(stderr, "fake_ccmsetup: this role runs only as the service %ls: "
	                "StartServiceCtrlDispatcher: Windows error %lu\n",
	        name, (unsigned long)GetLastError());
	return false;
}
