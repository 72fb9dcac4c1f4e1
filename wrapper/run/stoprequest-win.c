/* libuv turns Ctrl-C, Ctrl-Break and the console's closing into signals
 * (for the closing it holds Windows off while the loop works); the system
 * shutting down it leaves to the program. A startup script's ccmwrap runs
 * in a console without a user and gets CTRL_SHUTDOWN_EVENT; a service
 * gets SERVICE_CONTROL_SHUTDOWN too, and either is the same request.
 * CTRL_LOGOFF_EVENT is not a reason to stop: a service receives it when
 * any user logs off. */
#include "wrapper/run/stoprequest.h"

#include <signal.h>
#include <windows.h>

const stoprequest_signal stoprequest_platform_signals[] = {
	{ SIGINT, "Ctrl-C" },
	{ SIGBREAK, "Ctrl-Break" },
	{ SIGHUP, "the console closing" },
};
const size_t stoprequest_platform_signal_count =
    sizeof stoprequest_platform_signals / sizeof stoprequest_platform_signals[0];

/* Returning would let Windows end the process at once: the handler's
 * thread waits instead, and the process ends when the run has written
 * everything and main returns (or when Windows' shutdown timeout ends it). */
static BOOL WINAPI on_console_event(DWORD event)
{
	if (event != CTRL_SHUTDOWN_EVENT)
		return FALSE;
	stoprequest_raise("a shutdown notice");
	Sleep(INFINITE);
	return TRUE;
}

static INIT_ONCE watch_once = INIT_ONCE_STATIC_INIT;

static BOOL CALLBACK watch_console(PINIT_ONCE once, PVOID parameter, PVOID *context)
{
	(void)once;
	(void)parameter;
	(void)context;
	SetConsoleCtrlHandler(on_console_event, TRUE);
	return TRUE;
}

void stoprequest_platform_start(void)
{
	InitOnceExecuteOnce(&watch_once, watch_console, NULL, NULL);
}
