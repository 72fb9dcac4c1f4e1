/* The seed's ccmsetup.log (samples/logs/kb2000387-ccmsetup.log) as a test
 * writes it piece by piece into a log that `ccmwrap scan-log --follow
 * --json` follows, and the events the test then expects in the program's
 * JSON lines. An event is known by its time and message, which are unique
 * within the seed. */
#ifndef CCMWRAP_SEEDLOG_H
#define CCMWRAP_SEEDLOG_H

#include <stdbool.h>
#include <stddef.h>

#include "tests/support/testsupport.h"

#define SEED_LOG_LINES 11

typedef struct seed_log {
	char *text;
	size_t line_start[SEED_LOG_LINES + 1];   /* [SEED_LOG_LINES] is the size */
	char *time[SEED_LOG_LINES];              /* as scan-log prints it: "15:14:28.125" */
	char *message[SEED_LOG_LINES];
} seed_log;

/* Aborts when the sample is not the 11 CMTrace lines it should be. */
void seed_log_load(seed_log *seed);
void seed_log_free(seed_log *seed);

/* The byte offset of column in line (0-based). */
size_t seed_log_at(const seed_log *seed, size_t line, size_t column);
/* Appends the seed's bytes [from, to) to path in one write. */
void seed_log_append(const seed_log *seed, const char *path, size_t from, size_t to);

/* How many of the JSON lines hold the event with this time and message. */
size_t seed_log_count(const char *json_lines, const char *time, const char *message);
/* Waits until the started program's stdout holds that event. A program
 * that does not print it within a bound only a broken one reaches is
 * killed, its output shown, and the test aborted. */
void seed_log_wait_for(test_process *process, const char *time, const char *message);

#endif
