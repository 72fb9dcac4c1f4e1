/* Reads ccmsetup.log and client.msi.log (docs/DESIGN.md "Logs") into events:
 * raw bytes in, in chunks of any size (logdecode.h turns them into lines),
 * one event out per CMTrace entry, verbose MSI line, Action line,
 * custom-action line or plain line. Feeding a file whole or byte by byte
 * gives the same events. An event's message is at most LOGPARSE_ENTRY_MAX
 * bytes of valid UTF-8; memory does not grow with the log. */
#ifndef CCMWRAP_LOGPARSE_H
#define CCMWRAP_LOGPARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/textsearch.h"
#include "wrapper/logs/logdecode.h"

#define LOGPARSE_ENTRY_MAX LOGDECODE_LINE_MAX

typedef enum log_source {
	LOG_SOURCE_CCMSETUP,
	LOG_SOURCE_MSI,
} log_source;

typedef enum log_format {
	LOG_FORMAT_CMTRACE,        /* <![LOG[...]LOG]!><time=... > */
	LOG_FORMAT_MSI,            /* MSI (s) (B4:44) [15:14:28:516]: ... */
	LOG_FORMAT_ACTION,         /* Action start / Action ended / Action T: X. */
	LOG_FORMAT_CUSTOM_ACTION,  /* RCSvcs: ... (a custom action's own output) */
	LOG_FORMAT_PLAIN,
} log_format;

/* CMTrace's type attribute; lines without one are LOG_TYPE_NONE, except an
 * Action ended with Return value 3, which is an error. */
typedef enum log_type {
	LOG_TYPE_NONE = 0,
	LOG_TYPE_INFO = 1,
	LOG_TYPE_WARNING = 2,
	LOG_TYPE_ERROR = 3,
} log_type;

typedef enum log_action {
	LOG_ACTION_NONE,
	LOG_ACTION_START,          /* also ccmsetup.log's "MSI: Action T: X." */
	LOG_ACTION_END,
} log_action;

/* Strings are valid only during the callback; absent ones are "". */
typedef struct log_event {
	log_source source;
	log_format format;
	uint64_t sequence;         /* 1, 2, ... per parser, across restarts */
	uint64_t offset;           /* byte offset of the entry in its file */
	const char *time;          /* "15:10:35.458", "08:25:34" */
	bool has_bias;
	long bias_minutes;         /* CMTrace's +00 / -480 after the time */
	const char *date;          /* "02-04-2020" as CMTrace writes it */
	const char *component;     /* "ccmsetup", "MSI (s)", "RCSvcs", "Action" */
	log_type type;
	const char *thread;        /* "3396", "B4:44" */
	const char *file;          /* CMTrace's source file attribute */
	const char *message;       /* may hold LF for a multi-line entry */
	size_t message_length;
	bool truncated;            /* longer than LOGPARSE_ENTRY_MAX, cut */
	log_action action;
	const char *action_name;   /* "RemoveW2KDrivers" */
	int action_return;         /* Action ended's Return value, -1 if none */
} log_event;

typedef void (*logparse_event_callback)(void *context, const log_event *event);

typedef struct logparse logparse;

logparse *logparse_new(log_source source, logparse_event_callback on_event, void *context);
void logparse_free(logparse *parser);

void logparse_feed(logparse *parser, const char *bytes, size_t length);
/* Bytes a follower read at `offset` of its file: when they do not continue
 * the bytes fed so far, the parser restarts there first (logparse_restart),
 * so a follower's data callback needs no bookkeeping of its own. */
void logparse_feed_at(logparse *parser, uint64_t offset, const char *bytes, size_t length);
/* A new file starts (rotation or truncation) with its byte at `offset`: an
 * entry left incomplete in the old file is handed out as it is, and the
 * encoding is detected afresh. */
void logparse_restart(logparse *parser, uint64_t offset);
/* End of input: an incomplete last entry is handed out as it is. */
void logparse_finish(logparse *parser);

/* From now on the parser may pass over a line without decoding or parsing
 * it when its event could tell a reader that wants only what `wanted`'s
 * texts single out nothing (docs/DESIGN.md "Logs"): a line of a file read
 * as bytes, all ASCII, that is a whole CMTrace entry or, in a ccmsetup.log,
 * a plain line, whose message holds none of the texts and that no parse
 * makes an MSI action. Such an event is counted (its sequence number is
 * used) but not handed out; every other event is as without skimming.
 * wanted (NULL: skim no more) is the caller's and must outlive its use. */
void logparse_skim(logparse *parser, const textsearch *wanted);

const char *log_source_name(log_source source);
const char *log_format_name(log_format format);

#endif
