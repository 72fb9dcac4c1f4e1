/* The service manager's side of the double's Windows services, ccmsetup
 * and Windows Installer (msiserver): one service a process, dispatched,
 * its status reported, STOP and SHUTDOWN turned into a stop request
 * (fake_stop.h). Windows only: included by *-win.c files alone. */
#ifndef FAKE_WINSERVICE_H
#define FAKE_WINSERVICE_H

#include <stdbool.h>
#include <windows.h>

/* The service's work, on the service's own thread; argv holds the
 * arguments StartService was given (argv[0] is the service's name). */
typedef DWORD (*fake_winservice_main)(DWORD argc, wchar_t **argv);

/* Runs main as the service `name`; it is reported running (with STOP and
 * SHUTDOWN accepted) before main and stopped with main's code after it.
 * False with a message on stderr when the service manager did not start
 * this process. */
bool fake_winservice_dispatch(const wchar_t *name, fake_winservice_main main);

/* Reports a state while main runs: SERVICE_RUNNING with the controls it
 * accepts now, or SERVICE_STOP_PENDING. */
void fake_winservice_report(DWORD state, DWORD controls);

#endif
