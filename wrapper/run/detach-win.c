#include "wrapper/run/detach.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "config/base/filepath.h"
#include "config/base/wide.h"
#include "wrapper/run/cmdline.h"
#include "wrapper/run/oneshot.h"

#define DETACH_FOLDER "%windir%\\ccmwrap"
#define DETACH_PROGRAM DETACH_FOLDER "\\ccmwrap.exe"

static wchar_t *expanded(const char *text)
{
	wchar_t *wide = wide_from_utf8(text);
	DWORD units = ExpandEnvironmentStringsW(wide, NULL, 0);
	wchar_t *result = xcalloc(units + 1, sizeof *result);

	ExpandEnvironmentStringsW(wide, result, units + 1);
	free(wide);
	return result;
}

/* The service's program where only administrators can write. When this
 * ccmwrap is that copy already, there is nothing to copy. */
static bool place_program(error_message *err)
{
	char *own;

	if (!filepath_own_program(&own, err))
		return false;
	wchar_t *source = wide_from_utf8(own);
	wchar_t *folder = expanded(DETACH_FOLDER);
	wchar_t *target = expanded(DETACH_PROGRAM);
	bool ok = true;

	if (!CreateDirectoryW(folder, NULL) && GetLastError() != ERROR_ALREADY_EXISTS)
		ok = error_set(err, "cannot create %s: Windows error %lu", DETACH_FOLDER,
		               (unsigned long)GetLastError());
	else if (_wcsicmp(source, target) != 0 && !CopyFileW(source, target, FALSE))
		ok = error_set(err, "cannot copy ccmwrap to %s: Windows error %lu", DETACH_PROGRAM,
		               (unsigned long)GetLastError());
	free(own);
	free(source);
	free(folder);
	free(target);
	return ok;
}

static char *service_command_line(const strlist *arguments)
{
	strbuf line = STRBUF_INIT;

	/* Quoted whatever it holds, as push's: an unquoted ImagePath with a
	 * space is the classic planted-program hole. */
	strbuf_add_string(&line, "\"" DETACH_PROGRAM "\" service");
	for (size_t i = 0; i < arguments->count; i++) {
		strbuf_add_char(&line, ' ');
		cmdline_quote_word(&line, arguments->items[i]);
	}
	return strbuf_detach(&line);
}

/* A service already there and running is another ccmwrap at work; only
 * then is the program, which it runs, left alone. */
bool detach_start(const strlist *arguments, char **started, bool *already_running,
                  error_message *err)
{
	char *line = service_command_line(arguments);
	oneshot_service *service = NULL;
	oneshot_error failure = { 0 };
	bool ok = oneshot_create(NULL, line, &service, &failure);

	*started = NULL;
	*already_running = !ok && failure.win32 == ERROR_SERVICE_ALREADY_RUNNING;
	if (!ok) {
		error_set(err, "%s", failure.message.text);
	} else if (!place_program(err)) {
		oneshot_delete(service, &failure);
		ok = false;
	} else if (!oneshot_start(service, &failure)) {
		error_set(err, "%s", failure.message.text);
		oneshot_delete(service, &failure);
		ok = false;
	} else {
		oneshot_close(service);
		strbuf what = STRBUF_INIT;
		char *shown = cmdline_mask(line);
		strbuf_printf(&what, "the service " ONESHOT_SERVICE_NAME ": %s", shown);
		*started = strbuf_detach(&what);
		free(shown);
	}
	free(line);
	return ok;
}
