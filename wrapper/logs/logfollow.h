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
	 * Optional (NULL ignores errors). */
	void (*on_error)(void *context, const char *message);
} logfollow_callbacks;

typedef struct logfollow logfollow;

/* Starts following path on loop. An existing file is read from its current
 * end or from 0 (start_at); a missing file (or missing folder) is waited for
 * and read from 0 when it appears, announced with LOGFOLLOW_CREATED.
 * poll_interval_ms (at least 1) is the period of the safety-net look. Nothing is
 * delivered before the loop runs. Fails (and fills err) when an argument is
 * invalid, the path names something other than a regular file, or the file
 * or its folder exists but cannot be opened or watched; the handles it had
 * set up are then released on the loop's next run. */
bool logfollow_start(uv_loop_t *loop, const char *path, logfollow_start_at start_at,
    uint64_t poll_interval_ms, const logfollow_callbacks *callbacks, void *context,
    logfollow **out, error_message *err);

/* Delivers, before returning, every byte the file holds now (following a
 * replacement or truncation it notices on the way), e.g. after ccmsetup
 * exited, so that nothing appended before its end is missed. Bytes delivered
 * here are not delivered again. Called from inside a callback, it makes the
 * read in progress go on to the end of the file. No effect after stop. */
void logfollow_read_now(logfollow *follower);

/* Stops following: no callback runs after this returns (it may be called
 * from inside one). The libuv handles close asynchronously; then the file is
 * closed, the follower freed and on_closed(context) called (on_closed may be
 * NULL). The loop must run for that to happen. Calling it with NULL, or
 * again before on_closed, does nothing. */
void logfollow_stop(logfollow *follower, void (*on_closed)(void *context));

#endif
