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
	bool started;          /* false: it could not be started (child_start said why) */
	int64_t exit_status;   /* POSIX keeps the low 8 bits, Windows all 32 */
	int term_signal;       /* the signal that ended it; 0 when it exited */
} child_exit;

typedef struct child_process child_process;

/* Called once, after the child has ended (or failed to start) and its
 * handle is closed: the callback may free or reuse it. */
typedef void (*child_exit_callback)(child_process *child, const child_exit *how);

struct child_process {
	uv_process_t handle;
	child_exit_callback on_exit;
	void *data;              /* the caller's */
	child_exit exit;
	bool running;
};

/* The program to start: `configured` as it is when absolute (C:\..., \\server\...
 * or /...), else relative to base_directory (the INI's folder). It must be an
 * existing file: a bare name is never looked up through PATH. */
bool child_resolve_program(const char *configured, const char *base_directory,
                           char **program, error_message *err);

/* Starts program with arguments (argv[1..]). on_exit follows once in every
 * case, also when the start fails (false, err says why): the handle closes
 * on the loop either way, so `child` stays valid until on_exit. */
bool child_start(uv_loop_t *loop, child_process *child, const char *program,
                 const strlist *arguments, child_exit_callback on_exit, void *data,
                 error_message *err);

/* Asks the child to end on its own: SIGTERM on POSIX; on Windows WM_CLOSE
 * to its windows, which a program without windows cannot be sent. False
 * when nothing could be asked (it has exited, or it has no window). */
bool child_ask_to_close(child_process *child);

/* Ends it now (SIGKILL; TerminateProcess on Windows). False when it had
 * already exited. */
bool child_kill(child_process *child);

int child_pid(const child_process *child);

#endif
