/* Push to Windows hosts (docs/DESIGN.md "Push and the one-shot service"):
 * ADMIN$ is \\HOST\ADMIN$, or for this machine (its own name, which "."
 * became, or localhost) the local Windows folder, as Wine has no ADMIN$
 * share; the service is the one-shot `ccmwrap` of oneshot.h. A host whose
 * share or service manager answers "no such path or name", "access
 * denied" or "RPC server unavailable" is unreachable. */
#include "wrapper/push/pushtarget.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "config/base/text.h"
#include "config/base/wide.h"
#include "wrapper/push/pushhosts.h"
#include "wrapper/report/hostname.h"
#include "wrapper/run/oneshot.h"

struct pushtarget {
	char *host;                  /* NULL: this machine */
	oneshot_service *service;
};

static const DWORD unreachable_errors[] = {
	ERROR_BAD_NETPATH, ERROR_BAD_NET_NAME, ERROR_ACCESS_DENIED, RPC_S_SERVER_UNAVAILABLE,
};

static bool is_unreachable(DWORD error)
{
	for (size_t i = 0; i < sizeof unreachable_errors / sizeof unreachable_errors[0]; i++)
		if (error == unreachable_errors[i])
			return true;
	return false;
}

static bool is_this_machine(const char *host)
{
	char *name = hostname_of_this_machine();
	bool same = text_equal_nocase(host, name) || text_equal_nocase(host, PUSHHOSTS_LOCALHOST);

	free(name);
	return same;
}

/* Windows' own words for an error, as the warning of an unreachable host
 * carries them. */
static bool fail_with_system_text(pushtarget_error *err, DWORD error, const char *what)
{
	char *text = wide_error_text(error);

	pushtarget_fail(err, error, is_unreachable(error), "%s: %s", what, text);
	free(text);
	return false;
}

static char *local_windows_folder(void)
{
	wchar_t folder[MAX_PATH];
	UINT length = GetSystemWindowsDirectoryW(folder, MAX_PATH);

	return length > 0 && length < MAX_PATH ? wide_to_utf8(folder, (int)length) : NULL;
}

static bool native_open(const char *root, const char *host, pushtarget **target,
                        char **admin_share, pushtarget_error *err)
{
	pushtarget *t = xcalloc(1, sizeof *t);
	strbuf share = STRBUF_INIT;

	(void)root;
	*target = t;
	if (is_this_machine(host)) {
		*admin_share = local_windows_folder();
		return *admin_share != NULL || fail_with_system_text(err, GetLastError(), "%windir%");
	}
	t->host = xstrdup(host);
	strbuf_printf(&share, "\\\\%s\\ADMIN$", host);
	wchar_t *wide = wide_from_utf8(share.data);
	DWORD attributes = GetFileAttributesW(wide);
	DWORD error = GetLastError();
	free(wide);
	if (attributes == INVALID_FILE_ATTRIBUTES) {
		fail_with_system_text(err, error, share.data);
		strbuf_free(&share);
		return false;
	}
	*admin_share = strbuf_detach(&share);
	return true;
}

static bool from_oneshot(pushtarget_error *err, const oneshot_error *error)
{
	return pushtarget_fail(err, error->win32, is_unreachable(error->win32), "%s",
	                       error->message.text);
}

static bool native_create_service(pushtarget *t, const char *command_line, pushtarget_error *err)
{
	oneshot_error error;

	return oneshot_create(t->host, command_line, &t->service, &error) ||
	       from_oneshot(err, &error);
}

static bool native_start_service(pushtarget *t, pushtarget_error *err)
{
	oneshot_error error;

	return oneshot_start(t->service, &error) || from_oneshot(err, &error);
}

static bool native_wait_service(pushtarget *t, uint64_t timeout_ms, bool *stopped,
                                uint32_t *exit_code, pushtarget_error *err)
{
	oneshot_error error;

	return oneshot_wait(t->service, timeout_ms, stopped, exit_code, &error) ||
	       from_oneshot(err, &error);
}

static bool native_stop_service(pushtarget *t, pushtarget_error *err)
{
	oneshot_error error;

	return oneshot_stop(t->service, &error) || from_oneshot(err, &error);
}

static bool native_delete_service(pushtarget *t, bool keep, pushtarget_error *err)
{
	oneshot_error error;
	oneshot_service *service = t->service;

	t->service = NULL;
	if (keep) {
		oneshot_close(service);
		return true;
	}
	return oneshot_delete(service, &error) || from_oneshot(err, &error);
}

static void native_close(pushtarget *t)
{
	if (t == NULL)
		return;
	if (t->service != NULL)
		oneshot_close(t->service);
	free(t->host);
	free(t);
}

const pushtarget_ops pushtarget_native = {
	.open = native_open,
	.create_service = native_create_service,
	.start_service = native_start_service,
	.wait_service = native_wait_service,
	.stop_service = native_stop_service,
	.delete_service = native_delete_service,
	.close = native_close,
};
