/* A request to end the run gracefully, whoever makes it: Ctrl-C and
 * SIGTERM on POSIX; on Windows Ctrl-C, Ctrl-Break, the console closing
 * and the system shutting down (libuv delivers no SIGTERM there), and the
 * service manager's STOP, SHUTDOWN and PRESHUTDOWN controls
 * (servicemain.h). Every one reaches the loop the same way, so that each
 * ends the run as `interrupted` with everything written (docs/DESIGN.md
 * "Push and the one-shot service"). Lifecycle as libuv's: init, start,
 * close with a callback. */
#ifndef CCMWRAP_STOPREQUEST_H
#define CCMWRAP_STOPREQUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <uv.h>

typedef struct stoprequest stoprequest;

/* why names who asked: "Ctrl-C", "SIGTERM", "a service stop request". */
typedef void (*stoprequest_callback)(stoprequest *request, const char *why);
typedef void (*stoprequest_close_callback)(stoprequest *request);

#define STOPREQUEST_MAX_SIGNALS 4

/* Read and set data only. */
struct stoprequest {
	void *data;
	uv_async_t async;
	uv_signal_t signals[STOPREQUEST_MAX_SIGNALS];
	size_t signal_count;
	unsigned open_handles;
	stoprequest_callback on_stop;
	stoprequest_close_callback on_closed;
};

/* Sets it up on loop; nothing is watched yet. Cannot fail. */
void stoprequest_init(uv_loop_t *loop, stoprequest *request);

/* Watches the platform's signals and takes requests raised from any
 * thread; a request raised before the start (a service stopped while its
 * run was being prepared) is delivered now. One request at most is
 * delivered to on_stop. One watcher at a time in a process. */
void stoprequest_start(stoprequest *request, stoprequest_callback on_stop);

/* Stops watching and closes the handles; close_cb (may be NULL) runs after
 * the last one has closed. */
void stoprequest_close(stoprequest *request, stoprequest_close_callback close_cb);

/* Asks the watching run to stop, from any thread (a service control
 * handler, a console control handler). why must outlive the process (a
 * string literal). Without a watcher the request waits for the next
 * start. */
void stoprequest_raise(const char *why);

/* ---- the platform's part (stoprequest-unix.c, stoprequest-win.c) ---- */

typedef struct stoprequest_signal {
	int number;
	const char *why;
} stoprequest_signal;

/* The signals that ask the run to stop, as libuv delivers them. */
extern const stoprequest_signal stoprequest_platform_signals[];
extern const size_t stoprequest_platform_signal_count;

/* Watches what libuv does not deliver (Windows' shutdown event); once. */
void stoprequest_platform_start(void);

#endif
