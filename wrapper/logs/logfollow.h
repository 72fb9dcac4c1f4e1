/* Follows a log file that another process appends to, on a libuv loop:
 * delivers every byte appended, once and in order, whatever the writer does
 * to the file (docs/DESIGN.md "Logs", "Following").
 *
 * Reads are driven by file events on the file's folder (a watch on the
 * folder, unlike one on the file, still sees the path after the file was
 * renamed away, deleted or created) and by a slow periodic look at the path
 * as a safety net for events a platform drops or delays (NTFS, for one,
 * reports a growing file's size late).
 *
 * Replacement (the file renamed away or deleted and a new file created at
 * the path) is recognised by the file's identity (device and inode; on
 * Windows volume serial number and file index): the old file, still open,
 * is read to its end before the new one is read from offset 0. Truncation
 * (the same file now shorter than the bytes already read) restarts at 0.
 * A truncation followed by rewriting past the old length before the next
 * look cannot be told from an append; log writers do not do that.
 *
 * Memory is one chunk of LOGFOLLOW_CHUNK_SIZE bytes, whatever the log's
 * size. All callbacks run on the loop's thread. */
#ifndef CCMWRAP_LOGFOLLOW_H
#define CCMWRAP_LOGFOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config/base/error.h"

/* The largest on_data delivery. */
#define LOGFOLLOW_CHUNK_SIZE 65536

typedef enum logfollow_start_at {
	LOGFOLLOW_FROM_END,         /* only bytes appended after start (one ccmsetup attempt) */
	LOGFOLLOW_FROM_BEGINNING    /* the whole file (scan-log) */
} logfollow_start_at;

/* Why the bytes that follow on_restart start again at offset 0. */
typedef enum logfollow_restart_reason {
	LOGFOLLOW_ROTATED,    /* another file is at the path now (renamed away or deleted, new one created) */
	LOGFOLLOW_TRUNCATED,  /* the same file became shorter than what was read */
	LOGFOLLOW_CREATED     /* no file was open (missing at start) and one appeared */
} logfollow_restart_reason;

typedef struct logfollow_callbacks {
	/* Appended bytes, in order; offset is where they start in the current
	 * file. bytes are valid only during the call. Required. */
	void (*on_data)(void *context, const char *bytes, size_t length, uint64_t offset);
	/* The next on_data comes from a new file or from offset 0. Required. */
	void (*on_restart)(void *context, logfollow_restart_reason reason);
	/* A read, stat or open failed; following goes on and retries at the next
	 * event or poll. The same message is not repeated until a look succeeds.
	 * The message does not name the log: the caller, who knows which
	 * follower it is, does. Optional (NULL ignores errors). */
	void (*on_error)(void *context, const char *message);
} logfollow_callbacks;

/* The one call of a follower's start that fails for reasons no test can
 * bring about on every platform (inotify's watch limit, a folder Windows
 * refuses to list, both out of reach of a test running as root or under
 * Wine): libuv's uv_fs_event_start unless a test replaced it, so that its
 * callers' handling of that failure is tested (tests/unit/test_attempt.c). */
typedef struct logfollow_system {
	int (*watch_start)(uv_fs_event_t *watch, uv_fs_event_cb on_event, const char *folder,
	                   unsigned int flags);
} logfollow_system;

/* NULL puts libuv's back. Tests only; never while a follower runs. */
void logfollow_use_system(const logfollow_system *system);

typedef struct logfollow logfollow;

/* Runs once, after the last handle of the follower closed: the caller's
 * memory (the follower itself) may be freed from here on. */
typedef void (*logfollow_close_cb)(logfollow *follower);

/* Read and set data only; the other fields are the follower's own. */
struct logfollow {
	void *data;                 /* the caller's, as a libuv handle's */

	uv_loop_t *loop;
	char *path;
	char *folder;
	char *name;
	logfollow_callbacks callbacks;
	void *context;

	/* On the heap, so that a watch being replaced can finish closing while
	 * its successor runs: libuv on Windows keeps one request per handle, and
	 * restarting a handle whose request is still pending loses it (the
	 * handle then never closes). NULL while the folder is not watched. */
	uv_fs_event_t *folder_watch;
	uint64_t folder_device;
	uint64_t folder_inode;
	/* A timer rather than uv_fs_poll: uv_fs_poll reports changes against
	 * its own first stat, so a file that appears before that stat is never
	 * reported; a look compares with what was actually read. */
	uv_timer_t safety_timer;
	uv_idle_t pending_look;     /* coalesces the events of one loop iteration into one look */
	uint64_t poll_interval_ms;
	int open_handles;           /* the timer, the idle and every watch not closed yet */
	bool started;
	bool stopping;
	bool closing;
	logfollow_close_cb close_cb;

	uv_file file;
	uint64_t file_device;
	uint64_t file_inode;
	uint64_t offset;
	/* CREATED when the file was missing at start; ROTATED once a replaced
	 * file was closed, also when its successor vanished before it could be
	 * opened. */
	logfollow_restart_reason reason_for_next_file;

	bool looking;               /* a nested look (read_now from a callback) only widens the budget */
	size_t chunks_left;
	bool error_in_this_look;
	char last_error[sizeof(error_message)];

	char chunk[LOGFOLLOW_CHUNK_SIZE];
};

/* Lifecycle as libuv's (docs/DESIGN.md "Layout"): init, start, stop,
 * close; the memory is the caller's and is freed only in or after
 * close_cb. */

/* Sets up the follower's handles on loop. Cannot fail; from here on
 * logfollow_close must follow, whether it is started or not. */
void logfollow_init(uv_loop_t *loop, logfollow *follower);

/* Starts following path. An existing file is read from its current end or
 * from 0 (start_at); a missing file (or missing folder) is waited for and
 * read from 0 when it appears, announced with LOGFOLLOW_CREATED.
 * poll_interval_ms (at least 1) is the period of the safety-net look.
 * Nothing is delivered before the loop runs. Fails (and fills err) when an
 * argument is invalid, the path names something other than a regular file,
 * or the file or its folder exists but cannot be opened or watched (err
 * does not name the log, as on_error): what it had set up then waits for
 * logfollow_close, the only call left. Once. */
bool logfollow_start(logfollow *follower, const char *path, logfollow_start_at start_at,
                     uint64_t poll_interval_ms, const logfollow_callbacks *callbacks,
                     void *context, error_message *err);

/* Delivers, before returning, every byte the file holds now (following a
 * replacement or truncation it notices on the way), e.g. after ccmsetup
 * exited, so that nothing appended before its end is missed. Bytes delivered
 * here are not delivered again. Called from inside a callback, it makes the
 * read in progress go on to the end of the file. No effect unless started,
 * nor after stop. */
void logfollow_read_now(logfollow *follower);

/* Stops following for good: no callback runs after this returns (it may be
 * called from inside one, also another follower's), and the follower keeps
 * no loop running (uv_run returns once every other handle is done). Again
 * it does nothing. */
void logfollow_stop(logfollow *follower);

/* Stops (as above) and closes every handle. close_cb (may be NULL) runs
 * once, on the loop, after the last handle closed; the file is closed and
 * the follower's own memory released by then. Once. */
void logfollow_close(logfollow *follower, logfollow_close_cb close_cb);

#endif
