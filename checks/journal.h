/* The fix journal (docs/DESIGN.md "Journal"): append-only JSON Lines, each
 * line on disk (fsync) before the change it describes is made:
 *   {"op":"registry","registry":R,"time":T}
 *                                     first: which registry it belongs to
 *                                     (registry_identity)
 *   {"op":"set","key":K,"before":SDDL,"after":SDDL,"time":T}
 *   {"op":"step","action":A,"key":K,"before":B,"after":V,"time":T}
 *                                     before a step the native registry takes on
 *                                     its own (registry.h registry_step); for the
 *                                     record only: rollback restores "set" lines
 *   {"op":"done","time":T}            after a fix run's changes are committed
 *   {"op":"rolled-back","time":T}     after a complete rollback
 * "before" is null when the key stored no descriptor of its own (a registry
 * file's key without ";sddl="). T is UTC, "2024-05-01T12:00:00Z". A rollback
 * uses the "set" lines after the last "rolled-back" line, so a second
 * rollback finds nothing to do. A line cut off by a crash (no newline at
 * the end of the file) was never followed by its change: readers ignore it
 * and journal_open drops it before appending.
 *
 * The journal decides what a SYSTEM rollback writes, so it is a state file
 * (config/base/statefile.h): opened without following links and trusted only
 * when it is a plain file of SYSTEM's or the Administrators'. */
#ifndef CCMWRAP_JOURNAL_H
#define CCMWRAP_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"

/* Far beyond any real journal (a run appends a few hundred bytes a key). */
#define JOURNAL_MAX_SIZE (64u * 1024 * 1024)

typedef struct journal {
	char *path;
	int file;     /* libuv file handle */
} journal;

/* Opens the journal at path to append to, for the registry `identity`
 * names; a new journal begins by naming it. One that cannot be trusted or
 * used (not a plain file of ccmwrap's, larger than JOURNAL_MAX_SIZE, a line
 * that is no journal line, another registry's) never stops a repair: it is
 * set aside (statefile_set_aside) and a new one begun, and *set_aside
 * (caller frees) says where it went; NULL when nothing was. */
bool journal_open(journal *writer, const char *path, const char *identity, char **set_aside,
                  error_message *err);
/* Appends one "set" line, flushed to disk at once when flush is true, else
 * by journal_flush: for a registry whose changes are made only when it
 * commits (registry_writes_at_commit), the lines need to be on disk before
 * the commit, not before each change. before may be NULL. */
bool journal_append_set(journal *writer, const char *key, const char *before, const char *after,
                        bool flush, error_message *err);
/* Flushes the lines appended so far to disk. */
bool journal_flush(journal *writer, error_message *err);
/* Appends one "step" line and flushes it to disk; key and before may be
 * NULL. */
bool journal_append_step(journal *writer, const char *action, const char *key, const char *before,
                         const char *after, error_message *err);
bool journal_append_done(journal *writer, error_message *err);
bool journal_append_rolled_back(journal *writer, error_message *err);
void journal_close(journal *writer);

typedef struct journal_change {
	char *key;
	char *before;   /* NULL: the key stored no descriptor */
	char *after;
} journal_change;

typedef struct journal_contents {
	char *registry;            /* the registry it belongs to; NULL when it names none */
	journal_change *changes;   /* "set" lines since the last "rolled-back", in file order */
	size_t count;
	size_t capacity;
	bool done;                 /* a "done" line follows the last change */
} journal_contents;

/* Reads the journal as a state file; a missing one reads as empty. A
 * journal that is not to be trusted, or a malformed complete line, is an
 * error naming the file (and line). */
bool journal_read(const char *path, journal_contents *contents, error_message *err);
void journal_contents_free(journal_contents *contents);

#endif
