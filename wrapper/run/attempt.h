/* One ccmsetup attempt on the launcher's libuv loop (docs/DESIGN.md
 * "Logs", "Where ccmsetup writes", "Evidence").
 *
 * Logs: ccmsetup.log and client.msi.log at every site where ccmsetup may
 * write (loglocate.h) are followed from their current end (a missing file
 * is waited for, rotation and truncation are followed) until one is
 * written; from then on only that site's. Every new entry becomes an event
 * with the signatures it matched.
 *
 * The end: the process ccmwrap started has exited, and in service or auto
 * mode the ccmsetup service is not running. Where there is no service
 * manager (POSIX), a hand-over to the service instead waits for the
 * instance's terminal line in the logs (logprogress.h). Or the timeout.
 *
 * Stall watchdog: no event for stall_timeout while an MSI action runs
 * calls on_stall (the launcher re-applies permissions while it hangs);
 * still no event after stall_timeout again, the attempt is stalled and
 * stopped. The timeout and attempt_interrupt stop it too.
 *
 * Stopping, gracefully first: the ccmsetup service is asked to stop and
 * the process to close; up to stop_grace for ccmsetup to end and Windows
 * Installer to go idle. Then, after a stall or the timeout, the hung
 * custom action is ended (installer.h), so that the installation rolls
 * back and releases _MSIExecute; then ccmsetup and its service's process.
 * Every process ended is reported with its command line.
 *
 * Lifecycle as libuv's: attempt_start never fails (a start that fails
 * ends the attempt); on_done follows once, after every handle of the
 * attempt (log followers, timers, the child) has closed; attempt_free
 * only then. */
#ifndef CCMWRAP_ATTEMPT_H
#define CCMWRAP_ATTEMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/run/classify.h"
#include "wrapper/run/loglocate.h"
#include "wrapper/logs/logparse.h"
#include "wrapper/logs/logprogress.h"
#include "wrapper/logs/signature.h"

/* The log followers' safety-net look. */
#define ATTEMPT_LOG_POLL_MS 1000
/* How often the service manager and Windows Installer are asked, at most. */
#define ATTEMPT_WATCH_MAX_MS 1000

typedef enum attempt_news {
	ATTEMPT_LOGS_FOUND,        /* ccmsetup wrote at a site; detail: "FOLDER (reason)" */
	ATTEMPT_SERVICE_WAITING,   /* the process exited, the ccmsetup service goes on */
	ATTEMPT_SERVICE_STOPPED,   /* the service it waited for has stopped */
	ATTEMPT_STOP_ASKED,        /* detail: whom it asked to stop */
	ATTEMPT_STOP_FORCED,       /* the graceful stop is over; detail: why */
	ATTEMPT_PROCESS_ENDED,     /* detail: the process ended, with its command line */
	ATTEMPT_SERVICE_ERROR,     /* the service manager or Windows Installer failed; detail */
} attempt_news;

typedef struct attempt attempt;

typedef struct attempt_hooks {
	/* Every event with the signatures it matched. Required. */
	void (*on_event)(void *context, const log_event *event, const signature_match *matches,
	                 size_t match_count);
	/* The first stall stage: `action` has logged nothing for stall_timeout. Required. */
	void (*on_stall)(void *context, const char *action, uint64_t silent_ms);
	/* A log could not be read for now (following goes on). Required. */
	void (*on_log_error)(void *context, const char *path, const char *message);
	/* What the attempt found or did; detail may be NULL. Required. */
	void (*on_news)(void *context, attempt_news news, const char *detail);
	/* The attempt is over and every handle closed; attempt_free may be
	 * called from here. Required. */
	void (*on_done)(void *context, attempt *finished);
} attempt_hooks;

/* How the attempt went. */
typedef struct attempt_report {
	bool start_failed;          /* ccmsetup (or every log follower) could not be started */
	error_message start_error;
	int process_id;
	bool process_exited;
	int64_t exit_status;
	int term_signal;
	bool killed;                /* ended after stop_grace */
	bool stalled;               /* stopped by the watchdog */
	bool timed_out;             /* stopped by the timeout */
	bool interrupted;           /* stopped by attempt_interrupt */
	bool logs_found;            /* ccmsetup wrote at a site during the attempt */
	size_t site;                /* that site (loglocate_list index), when found */
	logprogress progress;
	strlist signatures;         /* names of the failure signatures seen, each once */
	uint64_t duration_ms;
} attempt_report;

/* Starts following the logs at every site, then ccmsetup (`program`,
 * resolved) with the configured arguments. sites must outlive the attempt. */
attempt *attempt_start(uv_loop_t *loop, const config *cfg, const loglocate_list *sites,
                       signature_set *signatures, const char *program,
                       const attempt_hooks *hooks, void *context);

/* Ctrl-C, SIGTERM, a service stop: stop ccmsetup as above and end. */
void attempt_interrupt(attempt *current);

const attempt_report *attempt_get_report(const attempt *current);

/* The report as classification facts. */
void attempt_facts(const attempt_report *report, classify_facts *facts);

void attempt_free(attempt *current);

#endif
