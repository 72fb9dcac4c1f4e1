/* The one-shot service `ccmwrap` on a host, as client push creates
 * `ccmsetup` there (docs/DESIGN.md "Push and the one-shot service"):
 * created through the host's service manager (LocalSystem, demand start,
 * own process) to run one `ccmwrap service`, started, waited for, and
 * deleted. `push` uses it for every host, `run --detach` for this
 * machine. POSIX has no service manager: every call fails there, saying
 * so (the simulation of push spawns the service itself). */
#ifndef CCMWRAP_ONESHOT_H
#define CCMWRAP_ONESHOT_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"

#define ONESHOT_SERVICE_NAME "ccmwrap"

typedef struct oneshot_service oneshot_service;

/* Why a call failed, for push's retry and the `unreachable` result: the
 * Win32 error (ERROR_BAD_NETPATH, RPC_S_SERVER_UNAVAILABLE, ...), 0 when
 * the failure was not Windows' (a timeout). */
typedef struct oneshot_error {
	uint32_t win32;
	error_message message;
} oneshot_error;

/* host NULL, "" or "." is this machine. Connects to the host's service
 * manager and creates the service with command_line as its ImagePath. A
 * stopped `ccmwrap` service left by an earlier run is replaced; a running
 * one is an error (ERROR_SERVICE_ALREADY_RUNNING). */
bool oneshot_create(const char *host, const char *command_line, oneshot_service **service,
                    oneshot_error *err);

/* Starts it and waits until it reports SERVICE_RUNNING (or already
 * stopped again, a run that ended at once). */
bool oneshot_start(oneshot_service *service, oneshot_error *err);

/* Waits up to timeout_ms for the service to stop. *stopped is false when
 * it still runs; else *exit_code is the run's exit code (its
 * service-specific exit code, or the Win32 exit code when the service
 * failed before it had one). */
bool oneshot_wait(oneshot_service *service, uint64_t timeout_ms, bool *stopped,
                  uint32_t *exit_code, oneshot_error *err);

/* Sends SERVICE_CONTROL_STOP: the run ends as `interrupted`. */
bool oneshot_stop(oneshot_service *service, oneshot_error *err);

/* Marks the service for deletion (done by Windows once it has stopped and
 * every handle is closed; one already marked is no error) and closes it. */
bool oneshot_delete(oneshot_service *service, oneshot_error *err);

/* Closes the handles; the service stays installed (push --keep). */
void oneshot_close(oneshot_service *service);

#endif
