#include "ccmservice.h"

#include <windows.h>
#include <winsvc.h>

#define CCMSETUP_SERVICE L"ccmsetup"

typedef struct service_handles {
	SC_HANDLE manager;
	SC_HANDLE service;   /* NULL when there is no ccmsetup service */
} service_handles;

static void close_service(service_handles *handles)
{
	if (handles->service != NULL)
		CloseServiceHandle(handles->service);
	if (handles->manager != NULL)
		CloseServiceHandle(handles->manager);
}

static bool open_service(DWORD access, service_handles *handles, error_message *err)
{
	handles->service = NULL;
	handles->manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	if (handles->manager == NULL)
		return error_set(err, "cannot open the service manager: Windows error %lu",
		                 (unsigned long)GetLastError());
	handles->service = OpenServiceW(handles->manager, CCMSETUP_SERVICE, access);
	if (handles->service == NULL) {
		DWORD error = GetLastError();
		if (error != ERROR_SERVICE_DOES_NOT_EXIST) {
			close_service(handles);
			return error_set(err, "cannot open the ccmsetup service: Windows error %lu",
			                 (unsigned long)error);
		}
	}
	return true;
}

/* The ccmsetup service's status with its process; *exists is false when
 * there is no ccmsetup service. */
static bool query_service(SERVICE_STATUS_PROCESS *status, bool *exists, error_message *err)
{
	service_handles handles;
	DWORD size;
	bool ok = true;

	*exists = false;
	if (!open_service(SERVICE_QUERY_STATUS, &handles, err))
		return false;
	if (handles.service != NULL &&
	    !QueryServiceStatusEx(handles.service, SC_STATUS_PROCESS_INFO, (BYTE *)status,
	                          sizeof *status, &size))
		ok = error_set(err, "cannot query the ccmsetup service: Windows error %lu",
		               (unsigned long)GetLastError());
	*exists = ok && handles.service != NULL;
	close_service(&handles);
	return ok;
}

bool ccmservice_running(bool *running, error_message *err)
{
	SERVICE_STATUS_PROCESS status;
	bool exists;

	*running = false;
	if (!query_service(&status, &exists, err))
		return false;
	*running = exists && status.dwCurrentState != SERVICE_STOPPED;
	return true;
}

bool ccmservice_request_stop(bool *requested, error_message *err)
{
	service_handles handles;
	SERVICE_STATUS status;
	bool ok = true;

	*requested = false;
	if (!open_service(SERVICE_STOP | SERVICE_QUERY_STATUS, &handles, err))
		return false;
	if (handles.service != NULL) {
		if (ControlService(handles.service, SERVICE_CONTROL_STOP, &status)) {
			*requested = true;
		} else {
			/* Not running, or already stopping: nothing to ask. */
			DWORD error = GetLastError();
			if (error != ERROR_SERVICE_NOT_ACTIVE && error != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)
				ok = error_set(err, "cannot stop the ccmsetup service: Windows error %lu",
				               (unsigned long)error);
		}
	}
	close_service(&handles);
	return ok;
}

static bool terminate_process(DWORD process_id, error_message *err)
{
	HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, process_id);
	bool ok = process != NULL && TerminateProcess(process, ERROR_PROCESS_ABORTED);

	if (!ok)
		error_set(err, "cannot end the ccmsetup service's process %lu: Windows error %lu",
		          (unsigned long)process_id, (unsigned long)GetLastError());
	if (process != NULL)
		CloseHandle(process);
	return ok;
}

bool ccmservice_terminate(bool *terminated, error_message *err)
{
	SERVICE_STATUS_PROCESS status;
	bool exists;

	*terminated = false;
	if (!query_service(&status, &exists, err))
		return false;
	if (!exists || status.dwCurrentState == SERVICE_STOPPED || status.dwProcessId == 0)
		return true;
	*terminated = terminate_process(status.dwProcessId, err);
	return *terminated;
}
