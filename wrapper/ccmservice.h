/* The ccmsetup service (DESIGN.md "Windows specifics"): ccmsetup started
 * in service mode hands the installation to a Windows service named
 * `ccmsetup`, so whether the installation still runs, and stopping it
 * gracefully, are questions for the service control manager.
 * POSIX has no services: the service never runs and there is nothing to
 * stop (the test double's service instance there is a plain process). */
#ifndef CCMWRAP_CCMSERVICE_H
#define CCMWRAP_CCMSERVICE_H

#include <stdbool.h>

#include "../config/error.h"

/* Sets *running: the service exists and is not stopped. False when the
 * service manager could not be asked. */
bool ccmservice_running(bool *running, error_message *err);

/* Sends the service SERVICE_CONTROL_STOP. *requested says whether a
 * request was sent: not when the service is absent or already stopped. */
bool ccmservice_request_stop(bool *requested, error_message *err);

/* Ends the service's process (TerminateProcess), for a service that
 * ignored the stop request. *terminated is false when no process ran. */
bool ccmservice_terminate(bool *terminated, error_message *err);

#endif
