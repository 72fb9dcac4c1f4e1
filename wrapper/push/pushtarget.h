/* How push reaches a host, behind one operations table as the registry is
 * (docs/DESIGN.md "Push and the one-shot service"): the native one
 * (\\HOST\ADMIN$ and the host's service manager, through oneshot.h; on
 * POSIX an error saying there is none) and the simulation of
 * --hosts-root, where a host is a folder and its service a process.
 * Every call blocks: push makes them on a thread of libuv's pool, one host
 * a thread, never on its loop. */
#ifndef CCMWRAP_PUSHTARGET_H
#define CCMWRAP_PUSHTARGET_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"

/* Why a call failed: the Win32 error (0 when it was not Windows'), and
 * whether it means the host cannot be reached (no such host, no ADMIN$,
 * the service manager refusing), which push retries and then records as
 * `unreachable`. */
typedef struct pushtarget_error {
	uint32_t win32;
	bool unreachable;
	error_message message;
} pushtarget_error;

/* The simulated Win32 errors, and their text as Windows words it. */
#define PUSHTARGET_BAD_NETPATH 53u
#define PUSHTARGET_BAD_NETPATH_TEXT "The network path was not found."
#define PUSHTARGET_BAD_NET_NAME 67u
#define PUSHTARGET_BAD_NET_NAME_TEXT "The network name cannot be found."

typedef struct pushtarget pushtarget;

typedef struct pushtarget_ops {
	/* Why this backend cannot be used here (NULL: it can); its calls are
	 * then absent. */
	const char *unavailable;
	/* Reaches host: *admin_share is its ADMIN$ folder, where push copies
	 * (caller frees). */
	bool (*open)(const char *root, const char *host, pushtarget **target, char **admin_share,
	             pushtarget_error *err);
	/* Creates the one-shot service `ccmwrap` with this command line
	 * (%windir% is the host's). */
	bool (*create_service)(pushtarget *target, const char *command_line, pushtarget_error *err);
	bool (*start_service)(pushtarget *target, pushtarget_error *err);
	/* Waits up to timeout_ms for the service to stop; *stopped false when
	 * it still runs, else *exit_code is its exit code. */
	bool (*wait_service)(pushtarget *target, uint64_t timeout_ms, bool *stopped,
	                     uint32_t *exit_code, pushtarget_error *err);
	/* Asks the service to stop: its run ends as `interrupted`. One that
	 * has not stopped when the next wait ends is ended where that can be
	 * done (the simulation's process). */
	bool (*stop_service)(pushtarget *target, pushtarget_error *err);
	/* Deletes the service, or with keep leaves it installed. */
	bool (*delete_service)(pushtarget *target, bool keep, pushtarget_error *err);
	/* Releases target (NULL is nothing). */
	void (*close)(pushtarget *target);
} pushtarget_ops;

/* --hosts-root DIR: DIR/HOST is a host (pushsim.c). */
extern const pushtarget_ops pushtarget_simulation;
/* The platform's hosts (pushnative-win.c, pushnative-unix.c). */
extern const pushtarget_ops pushtarget_native;

/* Hosts are filled and started on several threads at once. A process
 * started (fork, then exec) while another thread has a copied program
 * open for writing holds that file open until its exec, and starting the
 * copied program then fails with ETXTBSY ("text file busy"). So copies
 * hold this lock shared and starting a process holds it alone; uv_spawn
 * returns only once the child has exec'd. */
void pushtarget_copying_begin(void);
void pushtarget_copying_end(void);
void pushtarget_spawning_begin(void);
void pushtarget_spawning_end(void);

/* Sets err (returns false): a Win32 error, unreachable or not. */
bool pushtarget_fail(pushtarget_error *err, uint32_t win32, bool unreachable, const char *format,
                     ...) PRINTF_LIKE(4, 5);

#endif
