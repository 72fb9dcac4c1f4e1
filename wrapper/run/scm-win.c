#include "wrapper/run/scm.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <winsvc.h>

#include "config/base/text.h"
#include "config/base/wide.h"
#include "wrapper/run/pidcheck.h"

typedef struct service_handles {
	SC_HANDLE manager;
	SC_HANDLE service;   /* NULL when the service does not exist */
} service_handles;

static void close_service(service_handles *handles)
{
	if (handles->service != NULL)
		CloseServiceHandle(handles->service);
	if (handles->manager != NULL)
		CloseServiceHandle(handles->manager);
}

static bool open_service(const char *name, DWORD access, service_handles *handles,
                         error_message *err)
{
	handles->service = NULL;
	handles->manager = OpenSCManagerW(NULL, NULL, SC_MANAGER_CONNECT);
	if (handles->manager == NULL)
		return error_set(err, "cannot open the service manager: Windows error %lu",
		                 (unsigned long)GetLastError());
	wchar_t *wide = wide_from_utf8(name);
	handles->service = OpenServiceW(handles->manager, wide, access);
	DWORD error = GetLastError();
	free(wide);
	if (handles->service == NULL && error != ERROR_SERVICE_DOES_NOT_EXIST) {
		close_service(handles);
		return error_set(err, "cannot open the %s service: Windows error %lu", name,
		                 (unsigned long)error);
	}
	return true;
}

bool scm_present(void)
{
	return true;
}

bool scm_query(const char *name, scm_status *status, error_message *err)
{
	service_handles handles;
	SERVICE_STATUS_PROCESS process;
	DWORD size;
	bool ok = true;

	memset(status, 0, sizeof *status);
	if (!open_service(name, SERVICE_QUERY_STATUS, &handles, err))
		return false;
	if (handles.service != NULL) {
		if (QueryServiceStatusEx(handles.service, SC_STATUS_PROCESS_INFO, (BYTE *)&process,
		                         sizeof process, &size)) {
			status->exists = true;
			/* A service's last reported state outlives its process when
			 * that process was ended: Windows then marks it stopped,
			 * Wine's service manager never does. The process decides. */
			status->running = process.dwCurrentState != SERVICE_STOPPED &&
			                  (process.dwProcessId == 0 || pidcheck_alive(process.dwProcessId));
			status->process_id = process.dwProcessId;
			status->controls = process.dwControlsAccepted;
		} else {
			ok = error_set(err, "cannot query the %s service: Windows error %lu", name,
			               (unsigned long)GetLastError());
		}
	}
	close_service(&handles);
	return ok;
}

static char *expanded(const wchar_t *text)
{
	DWORD units = ExpandEnvironmentStringsW(text, NULL, 0);
	wchar_t *buffer = xcalloc(units + 1, sizeof *buffer);
	char *result;

	if (units == 0 || ExpandEnvironmentStringsW(text, buffer, units + 1) == 0)
		result = wide_to_utf8(text, -1);
	else
		result = wide_to_utf8(buffer, -1);
	free(buffer);
	return result;
}

bool scm_command_line(const char *name, char **command_line, error_message *err)
{
	service_handles handles;
	DWORD size = 0;
	bool ok = true;

	*command_line = NULL;
	if (!open_service(name, SERVICE_QUERY_CONFIG, &handles, err))
		return false;
	if (handles.service != NULL) {
		QUERY_SERVICE_CONFIGW *config = NULL;
		QueryServiceConfigW(handles.service, NULL, 0, &size);
		config = xcalloc(1, size > 0 ? size : 1);
		if (QueryServiceConfigW(handles.service, config, size, &size))
			*command_line = expanded(config->lpBinaryPathName != NULL ? config->lpBinaryPathName
			                                                          : L"");
		else
			ok = error_set(err, "cannot read the configuration of the %s service: Windows "
			                    "error %lu", name, (unsigned long)GetLastError());
		free(config);
	}
	close_service(&handles);
	return ok;
}

bool scm_request_stop(const char *name, bool *requested, error_message *err)
{
	service_handles handles;
	SERVICE_STATUS status;
	bool ok = true;

	*requested = false;
	if (!open_service(name, SERVICE_STOP | SERVICE_QUERY_STATUS, &handles, err))
		return false;
	if (handles.service != NULL) {
		if (ControlService(handles.service, SERVICE_CONTROL_STOP, &status)) {
			*requested = true;
		} else {
			/* Not running, or already stopping: nothing to ask. */
			DWORD error = GetLastError();
			if (error != ERROR_SERVICE_NOT_ACTIVE && error != ERROR_SERVICE_CANNOT_ACCEPT_CTRL)
				ok = error_set(err, "cannot stop the %s service: Windows error %lu", name,
				               (unsigned long)error);
		}
	}
	close_service(&handles);
	return ok;
}

bool scm_terminate(const char *name, bool *terminated, error_message *err)
{
	scm_status status;

	*terminated = false;
	if (!scm_query(name, &status, err))
		return false;
	if (!status.running || status.process_id == 0)
		return true;
	HANDLE process = OpenProcess(PROCESS_TERMINATE, FALSE, status.process_id);
	*terminated = process != NULL && TerminateProcess(process, ERROR_PROCESS_ABORTED);
	if (!*terminated)
		error_set(err, "cannot end the %s service's process %lu: Windows error %lu", name,
		          status.process_id, (unsigned long)GetLastError());
	if (process != NULL)
		CloseHandle(process);
	return *terminated;
}
