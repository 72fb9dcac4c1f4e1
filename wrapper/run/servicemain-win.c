#include "wrapper/run/servicemain.h"

#include <windows.h>

#include "wrapper/run/stoprequest.h"

/* The service manager calls back without a context for ServiceMain:
 * one service per process, so its state is the process's. */
static struct {
	servicemain_body body;
	void *context;
	bool delete_after;
	int exit_code;
	bool ran;
	SERVICE_STATUS_HANDLE handle;
	SERVICE_STATUS status;
} service;

static void report(DWORD state, DWORD wait_hint_ms)
{
	service.status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
	service.status.dwCurrentState = state;
	service.status.dwControlsAccepted =
	    state == SERVICE_RUNNING
	        ? SERVICE_ACCEPT_STOP | SERVICE_ACCEPT_SHUTDOWN | SERVICE_ACCEPT_PRESHUTDOWN
	        : 0;
	service.status.dwWaitHint = wait_hint_ms;
	service.status.dwCheckPoint = wait_hint_ms > 0 ? service.status.dwCheckPoint + 1 : 0;
	SetServiceStatus(service.handle, &service.status);
}

/* The run answers a stop as Ctrl-C: ccmsetup asked to stop within
 * stop_grace, everything written, outcome `interrupted`. */
unsigned long servicemain_handle_control(unsigned long control)
{
	switch (control) {
	case SERVICE_CONTROL_STOP:
		stoprequest_raise("a service stop request");
		report(SERVICE_STOP_PENDING, 30000);
		return NO_ERROR;
	case SERVICE_CONTROL_SHUTDOWN:
	case SERVICE_CONTROL_PRESHUTDOWN:
		stoprequest_raise("a shutdown notice");
		report(SERVICE_STOP_PENDING, 30000);
		return NO_ERROR;
	case SERVICE_CONTROL_INTERROGATE:
		return NO_ERROR;
	default:
		return ERROR_CALL_NOT_IMPLEMENTED;
	}
}

static DWORD WINAPI on_control(DWORD control, DWORD event_type, LPVOID event_data,
                               LPVOID context)
{
	(void)event_type;
	(void)event_data;
	(void)context;
	return servicemain_handle_control(control);
}

/* A one-shot service removes itself: the deletion waits until it has
 * stopped and every handle to it (push's) is closed. */
static void delete_self(const wchar_t *name)
{
	SC_HANDLE manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	SC_HANDLE self = manager != NULL ? OpenServiceW(manager, name, DELETE) : NULL;

	if (self != NULL) {
		DeleteService(self);
		CloseServiceHandle(self);
	}
	if (manager != NULL)
		CloseServiceHandle(manager);
}

static void WINAPI service_main(DWORD argc, LPWSTR *argv)
{
	const wchar_t *name = argc > 0 ? argv[0] : L"ccmwrap";

	service.handle = RegisterServiceCtrlHandlerExW(name, on_control, NULL);
	if (service.handle == NULL)
		return;
	report(SERVICE_RUNNING, 0);
	service.exit_code = service.body(service.context);
	service.ran = true;
	if (service.delete_after)
		delete_self(name);
	service.status.dwWin32ExitCode = service.exit_code == 0 ? NO_ERROR
	                                                        : ERROR_SERVICE_SPECIFIC_ERROR;
	service.status.dwServiceSpecificExitCode = (DWORD)service.exit_code;
	report(SERVICE_STOPPED, 0);
}

bool servicemain_run(servicemain_body body, void *context, bool delete_after, int *exit_code,
                     error_message *err)
{
	SERVICE_TABLE_ENTRYW table[] = { { (LPWSTR)L"ccmwrap", service_main }, { NULL, NULL } };

	service.body = body;
	service.context = context;
	service.delete_after = delete_after;
	if (!StartServiceCtrlDispatcherW(table)) {
		DWORD error = GetLastError();
		if (error == ERROR_FAILED_SERVICE_CONTROLLER_CONNECT)
			return error_set(err, "not started by the service manager: `ccmwrap service` is "
			                      "the service that push and run --detach create; in a "
			                      "console, use `ccmwrap run`");
		return error_set(err, "cannot connect to the service manager (Windows error %lu)",
		                 (unsigned long)error);
	}
	if (!service.ran)
		return error_set(err, "the service manager ended the service before it ran");
	*exit_code = service.exit_code;
	return true;
}
