/* `ccmwrap service`: the process the one-shot service `ccmwrap` runs
 * (oneshot.h). On Windows it connects to the service manager
 * (StartServiceCtrlDispatcherW), reports SERVICE_RUNNING, runs the body,
 * turns STOP, SHUTDOWN and PRESHUTDOWN into a stop request
 * (stoprequest.h) and reports SERVICE_STOPPED with the body's exit code as
 * the service-specific exit code (docs/DESIGN.md "Push and the one-shot
 * service"). POSIX has no service manager: the body runs as it is, and
 * SIGTERM is the stop request. */
#ifndef CCMWRAP_SERVICEMAIN_H
#define CCMWRAP_SERVICEMAIN_H

#include <stdbool.h>

#include "config/base/error.h"

typedef int (*servicemain_body)(void *context);

/* Runs body as the service; *exit_code is what it returned. With
 * delete_after, the service marks itself for deletion before it reports
 * that it stopped: a one-shot service leaves nothing behind. False when
 * the process was not started by the service manager. */
bool servicemain_run(servicemain_body body, void *context, bool delete_after, int *exit_code,
                     error_message *err);

/* Windows: the answer to a control from the service manager (a Win32
 * error, NO_ERROR = 0): STOP, SHUTDOWN and PRESHUTDOWN raise the stop
 * request. Public because no program may send SHUTDOWN or PRESHUTDOWN
 * (Windows and Wine refuse them with ERROR_INVALID_PARAMETER), so a test
 * calls it as the system does, from another thread. */
unsigned long servicemain_handle_control(unsigned long control);

#endif
