/* ccmwrap's state files (the fix journal, the own log, the instance lock)
 * opened the way a SYSTEM program must open files in a folder that others
 * might reach (docs/DESIGN.md "Hardening"): never through a link, created
 * exclusively (never a file that appeared in between), and checked on the
 * open handle before it is trusted: a plain file with one name (no hard
 * link elsewhere), owned by SYSTEM, Administrators or the administrator
 * running ccmwrap (POSIX: root or the user running it), writable by nobody
 * else. A refusal says what to remove. What fails the checks can be set
 * aside, so that the state starts afresh and the evidence is kept. */
#ifndef CCMWRAP_STATEFILE_H
#define CCMWRAP_STATEFILE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"

typedef enum statefile_access {
	STATEFILE_READ,      /* an existing file, read only */
	STATEFILE_APPEND,    /* read, and written at its end; created when missing */
} statefile_access;

/* *file is a libuv file. With STATEFILE_READ a missing file sets *missing
 * (when missing is not NULL) and succeeds with *file = -1. */
bool statefile_open(const char *path, statefile_access access, int *file, bool *missing,
                    error_message *err);

/* Cuts an open STATEFILE_APPEND file to length; later writes go after it. */
bool statefile_truncate(int file, int64_t length, error_message *err);

/* Renames whatever is at path (the entry itself, never what a link points
 * to) to "PATH.rejected-YYYYMMDDTHHMMSSZ", or with "-N" added when that
 * exists; *note (caller frees) says "NEW-PATH (why)" for the report. */
bool statefile_set_aside(const char *path, const char *why, char **note, error_message *err);

/* Opens a state file ccmwrap may begin afresh (the journal, the own log,
 * the lock): open(context, err) opens and checks it; when that fails on
 * something that was at path, it is set aside (*set_aside, caller frees,
 * as statefile_set_aside's note; NULL when nothing was) and open tried
 * once more. A planted or broken file never stops the run. */
typedef bool statefile_opener(void *context, error_message *err);
bool statefile_open_or_set_aside(const char *path, statefile_opener *open, void *context,
                                 char **set_aside, error_message *err);

/* statefile_open(path, STATEFILE_APPEND) the same way. */
bool statefile_append_or_set_aside(const char *path, int *file, char **set_aside,
                                   error_message *err);

/* Whether anything is at path (a link counts, whatever it points to). */
bool statefile_exists(const char *path);

#endif
