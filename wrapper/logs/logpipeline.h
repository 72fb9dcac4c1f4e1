/* The one way ccmwrap reads logs (docs/DESIGN.md "Logs", "Following"): a
 * set of files, each followed as it is written (logfollow.h) or read once,
 * its bytes decoded and parsed into events (logparse.h), each event matched
 * against the signatures (signature.h) and, with the signatures it
 * matched, fed to the file's progress (logprogress.h). run's attempts and
 * scan-log both read through it, so that scan-log judges a file exactly as
 * run judges an attempt's logs.
 *
 * Lifecycle as libuv's (docs/DESIGN.md "Layout"): logpipeline_init cannot
 * fail and sets up a follower for every file, so logpipeline_close must
 * follow it; logpipeline_start_file starts following one file;
 * logpipeline_stop ends every callback; logpipeline_close closes every
 * follower, and its close_cb runs once the last one has closed. The
 * pipeline and its files are the caller's memory, freed in or after
 * close_cb. All callbacks run on the loop's thread. */
#ifndef CCMWRAP_LOGPIPELINE_H
#define CCMWRAP_LOGPIPELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config/base/error.h"
#include "wrapper/logs/logfollow.h"
#include "wrapper/logs/logparse.h"
#include "wrapper/logs/logprogress.h"
#include "wrapper/logs/signature.h"

typedef struct logpipeline logpipeline;

/* One file. The caller sets the first four fields before logpipeline_init;
 * the rest are the pipeline's. */
typedef struct logpipeline_file {
	const char *path;            /* the caller's, read until the pipeline is closed */
	log_source source;           /* what the caller expects; the content decides (logparse.h) */
	logprogress *progress;       /* fed this file's events; files may share one */
	void *data;                  /* the caller's */

	logpipeline *owner;
	logparse *parser;
	logfollow follower;
} logpipeline_file;

/* One event as the pipeline hands it out, after the file's progress has
 * taken it and its signatures. Valid only during the callback. */
typedef struct logpipeline_event {
	const log_event *log;
	const signature_match *matches;   /* in rule order (signature.h) */
	size_t match_count;
	/* The exit 0 of a ccmsetup instance that handed over to its service
	 * (logprogress.h): a success signature here is no end. */
	bool handover;
} logpipeline_event;

typedef struct logpipeline_callbacks {
	/* Bytes of file were read and are about to be parsed. Optional. */
	void (*on_bytes)(void *context, logpipeline_file *file);
	/* Every event. Required. */
	void (*on_event)(void *context, logpipeline_file *file, const logpipeline_event *event);
	/* A followed file could not be read for now; following goes on
	 * (logfollow.h's on_error). Required. */
	void (*on_error)(void *context, logpipeline_file *file, const char *message);
} logpipeline_callbacks;

typedef void (*logpipeline_close_cb)(logpipeline *pipeline);

/* Read and set data only; the other fields are the pipeline's own. */
struct logpipeline {
	void *data;                  /* the caller's */

	logpipeline_file *files;
	size_t file_count;
	signature_set *signatures;
	logfollow_start_at start_at;
	uint64_t poll_interval_ms;
	logpipeline_callbacks callbacks;
	void *context;
	textsearch *wanted;          /* what a skimming parser looks for (logpipeline_skim) */
	signature_match *matches;    /* of the event being handed out */
	size_t match_count;
	size_t open_followers;       /* not closed yet, once closing */
	logpipeline_close_cb close_cb;
};

/* files[0..count-1] (at least one), whose first four fields the caller
 * has set, are read into events matched against signatures; both must
 * outlive the pipeline. Followed files start at start_at and are looked at
 * every poll_interval_ms as well as on file events (logfollow.h). Cannot
 * fail. */
void logpipeline_init(uv_loop_t *loop, logpipeline *pipeline, logpipeline_file *files,
                      size_t count, signature_set *signatures, logfollow_start_at start_at,
                      uint64_t poll_interval_ms, const logpipeline_callbacks *callbacks,
                      void *context);

/* From now on on_event may be left out for events that no signature matches
 * and that tell no progress anything: lines every parser may pass over
 * unparsed (logparse_skim), counted in the sequence numbers all the same.
 * For a reader that wants only the events with signatures and the
 * progress's verdict: scan-log without -v (docs/DESIGN.md "Logs"); a
 * progress's running MSI action is still tracked. Once, before reading. */
void logpipeline_skim(logpipeline *pipeline);

/* Starts following file (one of the pipeline's). Fails as logfollow_start
 * does, err saying why but not naming the file (the caller does): that
 * file is then not followed, and the others are as they were. Nothing is
 * delivered before the loop runs. */
bool logpipeline_start_file(logpipeline_file *file, error_message *err);

/* Reads file (one of the pipeline's, not followed) whole, now, and ends its
 * input (logpipeline_finish): scan-log without --follow. False when it
 * cannot be opened or read, err naming it; what was read before a read
 * failed has been handed out. */
bool logpipeline_read_file(logpipeline_file *file, error_message *err);

/* Every followed file read to its end now (logfollow_read_now). */
void logpipeline_read_now(logpipeline *pipeline);

/* Stops following file, or every file: no callback of it after this
 * returns; it may be called from inside a callback. */
void logpipeline_stop_file(logpipeline_file *file);
void logpipeline_stop(logpipeline *pipeline);

/* End of input for every file: an entry left incomplete is handed out as
 * it is (logparse_finish). Never from inside a callback of the pipeline,
 * whose parser it would re-enter. */
void logpipeline_finish(logpipeline *pipeline);

/* Stops and closes every follower; close_cb (may be NULL) runs once, on the
 * loop, after the last one closed, the pipeline's own memory released by
 * then. Once. */
void logpipeline_close(logpipeline *pipeline, logpipeline_close_cb close_cb);

#endif
