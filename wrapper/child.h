/* ccmsetup as a child process on the launcher's libuv loop: started with
 * its configured argv exactly (no shell, hidden window, never found through
 * PATH), watched until it exits, stopped gracefully then killed.
 * (Not named process.h: MinGW's <process.h>, which libuv includes, would be
 * shadowed by it.) */
#ifndef CCMWRAP_CHILD_H
#define CCMWRAP_CHILD_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "../config/error.h"
#include "../config/text.h"

typedef struct child_exit {
	int64_t exit_status;   /* POSIX keeps the low 8 bits, Windows all 32 */
	int term_signal;       /* the signal that ended it; 0 when it exited */
	bool killed;           /* it outlived the grace of child_stop */
} child_exit;

typedef struct child_process child_process;

/* Called once, after the child has exited and every handle of `child` is
 * closed: the callback may free or reuse it. */
typedef void (*child_exit_callback)(child_process *child, const child_exit *how);

struct child_process {
	uv_process_t handle;
	uv_timer_t grace_timer;
	child_exit_callback on_exit;
	void *data;              /* the caller's */
	child_exit exit;
	int open_handles;
	bool running;
	bool stopping;
};

/* The program to start: `configured` as it is when absolute (C:\..., \\server\...
 * or /...), else relative to base_directory (the INI's folder). It must be an
 * existing file: a bare name is never looked up through PATH. */
bool child_resolve_program(const char *configured, const char *base_directory,
                           char **program, error_message *err);

/* Starts program with arguments (argv[1..]) and calls on_exit when it ends.
 * On failure on_exit is never called, and `child` must stay valid until the
 * loop has run once more, because its handles are closing. */
bool child_start(uv_loop_t *loop, child_process *child, const char *program,
                 const strlist *arguments, child_exit_callback on_exit, void *data,
                 error_message *err);

/* Asks the child to end (SIGTERM; TerminateProcess on Windows) and kills it
 * when it is still running after grace_ms. Nothing when it has exited; a
 * second call while a stop is pending changes nothing. */
void child_stop(child_process *child, uint64_t grace_ms);

int child_pid(const child_process *child);

#endif
