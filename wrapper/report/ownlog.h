/* ccmwrap's own log, in the CMTrace format that ConfigMgr administrators
 * read every other client log in, beside ccmsetup.log. When the next entry
 * would make it exceed its maximum size, the file is renamed to .lo_
 * (replacing an older one), as ConfigMgr rotates its logs. */
#ifndef CCMWRAP_OWNLOG_H
#define CCMWRAP_OWNLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"
#include "config/base/timestamp.h"

typedef enum ownlog_type {
	OWNLOG_INFO = 1,
	OWNLOG_WARNING = 2,
	OWNLOG_ERROR = 3,
} ownlog_type;

typedef struct ownlog {
	char *path;
	char *rotated_path;
	uint64_t max_size;
	uint64_t size;
	int file;                /* libuv file descriptor, -1 when closed */
	unsigned long thread;
} ownlog;

/* One entry, as CMTrace expects it:
 * <![LOG[message]LOG]!><time="HH:MM:SS.mmm+BIAS" date="MM-DD-YYYY"
 * component="ccmwrap" context="" type="N" thread="N" file="">, CRLF. */
void ownlog_format_entry(strbuf *out, const char *message, ownlog_type type,
                         const timestamp_parts *local_time, int bias_minutes,
                         unsigned long thread);

/* "x.log" -> "x.lo_"; any other name gets ".lo_" added (caller frees). */
char *ownlog_rotated_path(const char *path);

/* Opens (appending) or creates the log, a state file (config/base/statefile.h):
 * one that cannot be trusted is set aside and *set_aside (caller frees)
 * says where it went and why; NULL when nothing was. */
bool ownlog_open(ownlog *log, const char *path, uint64_t max_size, char **set_aside,
                 error_message *err);
bool ownlog_write(ownlog *log, ownlog_type type, const char *message, error_message *err);
void ownlog_close(ownlog *log);

#endif
