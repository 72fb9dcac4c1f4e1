#include "wrapper/run/oneshot.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "config/base/text.h"
#include "config/base/wide.h"
#include "wrapper/run/pidcheck.h"

#define ONESHOT_POLL_MS 250
/* How long a service that was told to start may take to say it runs: the
 * 30 s Windows itself allows a starting service, and some more. */
#define ONESHOT_START_MS 45000

struct oneshot_service {
	SC_HANDLE manager;
	SC_HANDLE service;
	bool local;
};

static bool fail(oneshot_error *err, DWORD code, const char *format, ...) PRINTF_LIKE(3, 4);

static bool fail(oneshot_error *err, DWORD code, const char *format, ...)
{
	va_list args;
	char text[sizeof err->message.text];

	va_start(args, format);
	vsnprintf(text, sizeof text, format, args);
	va_end(args);
	err->win32 = code;
	if (code != 0)
		return error_set(&err->message, "%s: Windows error %lu", text, (unsigned long)code);
	return error_set(&err->message, "%s", text);
}

static bool is_local(const char *host)
{
	return host == NULL || host[0] == '\0' || strcmp(host, ".") == 0;
}

static SC_HANDLE open_manager(const char *host, oneshot_error *err)
{
	wchar_t *wide = is_local(host) ? NULL : wide_from_utf8(host);
	SC_HANDLE manager = OpenSCManagerW(wide, NULL, SC_MANAGER_CONNECT | SC_MANAGER_CREATE_SERVICE);

	free(wide);
	if (manager == NULL)
		fail(err, GetLastError(), "cannot open the service manager of %s",
		     is_local(host) ? "this machine" : host);
	return manager;
}

static bool query(oneshot_service *service, SERVICE_STATUS_PROCESS *status, oneshot_error *err)
{
	DWORD size;

	if (!QueryServiceStatusEx(service->service, SC_STATUS_PROCESS_INFO, (BYTE *)status,
	                          sizeof *status, &size))
		return fail(err, GetLastError(), "cannot query the " ONESHOT_SERVICE_NAME " service");
	/* Wine's service manager keeps a killed service's last state; on this
	 * machine whether its process lives decides. */
	if (service->local && status->dwCurrentState != SERVICE_STOPPED &&
	    status->dwProcessId != 0 && !pidcheck_alive(status->dwProcessId))
		status->dwCurrentState = SERVICE_STOPPED;
	return true;
}

/* A stopped service of the same name left by an earlier run (a push whose
 * connection broke, a --keep) is deleted; a running one is another
 * ccmwrap at work. */
static bool remove_leftover(SC_HANDLE manager, const wchar_t *name, oneshot_error *err)
{
	SC_HANDLE old = OpenServiceW(manager, name, SERVICE_QUERY_STATUS | DELETE);
	SERVICE_STATUS status;

	if (old == NULL) {
		DWORD code = GetLastError();
		return code == ERROR_SERVICE_DOES_NOT_EXIST ||
		       fail(err, code, "cannot open the existing " ONESHOT_SERVICE_NAME " service");
	}
	bool ok = QueryServiceStatus(old, &status);
	if (ok && status.dwCurrentState != SERVICE_STOPPED)
		ok = fail(err, ERROR_SERVICE_ALREADY_RUNNING,
		          "the " ONESHOT_SERVICE_NAME " service already runs there");
	else if (ok && !DeleteService(old) && GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE)
		ok = fail(err, GetLastError(), "cannot delete the earlier " ONESHOT_SERVICE_NAME
		                               " service");
	else if (!ok)
		fail(err, GetLastError(), "cannot query the existing " ONESHOT_SERVICE_NAME " service");
	CloseServiceHandle(old);
	return ok;
}

bool oneshot_create(const char *host, const char *command_line, oneshot_service **service,
                    oneshot_error *err)
{
	oneshot_service *created = xcalloc(1, sizeof *created);
	wchar_t *name = wide_from_utf8(ONESHOT_SERVICE_NAME);
	wchar_t *line = wide_from_utf8(command_line);

	*err = (oneshot_error){ 0 };
	created->local = is_local(host);
	created->manager = open_manager(host, err);
	if (created->manager != NULL && remove_leftover(created->manager, name, err)) {
		created->service = CreateServiceW(
		    created->manager, name, name, SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS,
		    SERVICE_DEMAND_START, SERVICE_ERROR_NORMAL, line, NULL, NULL, NULL, NULL, NULL);
		if (created->service == NULL)
			fail(err, GetLastError(), "cannot create the " ONESHOT_SERVICE_NAME " service");
	}
	free(name);
	free(line);
	if (created->service == NULL) {
		oneshot_close(created);
		*service = NULL;
		return false;
	}
	*service = created;
	return true;
}

bool oneshot_start(oneshot_service *service, oneshot_error *err)
{
	SERVICE_STATUS_PROCESS status;

	*err = (oneshot_error){ 0 };
	if (!StartServiceW(service->service, 0, NULL))
		return fail(err, GetLastError(), "cannot start the " ONESHOT_SERVICE_NAME " service");
	for (DWORD waited = 0; waited < ONESHOT_START_MS; waited += ONESHOT_POLL_MS) {
		if (!query(service, &status, err))
			return false;
		if (status.dwCurrentState == SERVICE_RUNNING || status.dwCurrentState == SERVICE_STOPPED)
			return true;
		Sleep(ONESHOT_POLL_MS);
	}
	return fail(err, ERROR_SERVICE_REQUEST_TIMEOUT,
	            "the " ONESHOT_SERVICE_NAME " service did not report that it runs");
}

bool oneshot_wait(oneshot_service *service, uint64_t timeout_ms, bool *stopped,
                  uint32_t *exit_code, oneshot_error *err)
{
	SERVICE_STATUS_PROCESS status;
	uint64_t waited = 0;

	*err = (oneshot_error){ 0 };
	*stopped = false;
	for (;;) {
		if (!query(service, &status, err))
			return false;
		if (status.dwCurrentState == SERVICE_STOPPED)
			break;
		if (waited >= timeout_ms)
			return true;
		Sleep(ONESHOT_POLL_MS);
		waited += ONESHOT_POLL_MS;
	}
	*stopped = true;
	*exit_code = status.dwWin32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR
	                 ? status.dwServiceSpecificExitCode
	                 : status.dwWin32ExitCode;
	return true;
}

bool oneshot_stop(oneshot_service *service, oneshot_error *err)
{
	SERVICE_STATUS status;

	*err = (oneshot_error){ 0 };
	if (ControlService(service->service, SERVICE_CONTROL_STOP, &status))
		return true;
	DWORD code = GetLastError();
	return code == ERROR_SERVICE_NOT_ACTIVE ||
	       fail(err, code, "cannot stop the " ONESHOT_SERVICE_NAME " service");
}

bool oneshot_delete(oneshot_service *service, oneshot_error *err)
{
	bool ok = true;

	*err = (oneshot_error){ 0 };
	if (!DeleteService(service->service) && GetLastError() != ERROR_SERVICE_MARKED_FOR_DELETE)
		ok = fail(err, GetLastError(), "cannot delete the " ONESHOT_SERVICE_NAME " service");
	oneshot_close(service);
	return ok;
}

void oneshot_close(oneshot_service *service)
{
	if (service == NULL)
		return;
	if (service->service != NULL)
		CloseServiceHandle(service->service);
	if (service->manager != NULL)
		CloseServiceHandle(service->manager);
	free(service);
}
