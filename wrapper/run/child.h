/* ccmsetup as a child process on the launcher's libuv loop: started with
 * its configured argv exactly (no shell, hidden window, never found through
 * PATH), watched until it exits, asked to close, ended. The grace between
 * asking and ending is the attempt's (stop_grace), not the child's. */
#ifndef CCMWRAP_CHILD_H
#define CCMWRAP_CHILD_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "config/base/error.h"
#include "config/base/text.h"

typedef struct child_exit {
	int64_t exit_status;   /* POSIX keeps the low 8 bits, Windows all 32 */
	int term_signal;       /* the signal that ended it; 0 when it exited */
} child_exit;

typedef struct child_process child_process;

/* The child has ended; its handle is still open (child_close). */
typedef void (*child_exit_callback)(child_process *child, const child_exit *how);

/* Runs once, after the handle closed: the child's memory may be freed from
 * here on. */
typedef void (*child_close_callback)(child_process *child);

/* Read and set data only; the other fields are the child's own. */
struct child_process {
	void *data;              /* the caller's */
	uv_loop_t *loop;
	uv_process_t handle;
	child_exit_callback on_exit;
	child_close_callback on_closed;
	bool running;
};

/* The program to start: `configured` as it is when absolute (C:\..., \\server\...
 * or /...), else relative to base_directory (the INI's folder). It must be an
 * existing file: a bare name is never looked up through PATH. */
bool child_resolve_program(const char *configured, const char *base_directory,
                           char **program, error_message *err);

/* Lifecycle as libuv's (docs/DESIGN.md "Layout"). A process has no stop:
 * child_ask_to_close and child_kill end it, and on_exit says when it has
 * ended. */

/* Sets the child up on loop; nothing runs yet. Cannot fail and leaves
 * nothing to undo: libuv's process handle only exists from the start on. */
void child_init(uv_loop_t *loop, child_process *child, child_exit_callback on_exit, void *data);

/* Starts program with arguments (argv[1..]); on_exit follows when it ends.
 * False when it could not be started, err saying why; then, as after a
 * start, the handle waits for child_close, the only call left. Once. */
bool child_start(child_process *child, const char *program, const strlist *arguments,
                 error_message *err);

/* Asks the child to end on its own: SIGTERM on POSIX; on Windows WM_CLOSE
 * to its windows, which a program without windows cannot be sent. False
 * when nothing could be asked (it has exited, or it has no window). */
bool child_ask_to_close(child_process *child);

/* Ends it now (SIGKILL; TerminateProcess on Windows). False when it had
 * already exited. */
bool child_kill(child_process *child);

int child_pid(const child_process *child);

/* Closes the handle of a child started (successfully or not) and no longer
 * running; close_cb (may be NULL) runs once, on the loop, after it closed.
 * Before child_start there is no handle and nothing to close. Once. */
void child_close(child_process *child, child_close_callback close_cb);

#endif
