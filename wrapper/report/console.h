/* What a person watching ccmwrap sees, and what its own log keeps: each
 * step as it happens, and the ccmsetup events that matter (matched
 * signatures, MSI actions, ccmsetup instances) as they are written, e.g.
 *   ccmsetup.log  Installation was cancelled (1602)  [kb2000387-cancelled -> fix-retry]
 * -v shows every event; -q only the final line. The own log gets every
 * step and every matched event whatever the verbosity. */
#ifndef CCMWRAP_CONSOLE_H
#define CCMWRAP_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

#include "wrapper/logs/logparse.h"
#include "wrapper/logs/logpipeline.h"
#include "wrapper/report/ownlog.h"
#include "wrapper/logs/signature.h"

typedef struct console {
	int verbosity;            /* -1 quiet, 0 normal, 1 verbose */
	ownlog *log;              /* NULL: no own log */
	bool log_failed;          /* reported once, then the run goes on without it */
	char last_action[128];    /* an action both logs announce is shown once */
} console;

void console_init(console *out, int verbosity, ownlog *log);

/* A step of the run (not shown with -q). */
void console_step(console *out, ownlog_type type, const char *format, ...)
    PRINTF_LIKE(3, 4);
/* The run's last line: shown even with -q. */
void console_final(console *out, ownlog_type type, const char *format, ...)
    PRINTF_LIKE(3, 4);

/* One log event with the signatures it matched. */
void console_event(console *out, const logpipeline_event *event);

/* The line console_event shows, without a newline (for tests). */
void console_format_event(strbuf *line, const logpipeline_event *event);

#endif
