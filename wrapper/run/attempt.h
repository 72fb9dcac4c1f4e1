/* One ccmsetup attempt on the launcher's libuv loop (docs/DESIGN.md
 * "Logs", "Where ccmsetup writes", "Evidence").
 *
 * Logs: ccmsetup.log and client.msi.log at every site where ccmsetup may
 * write (loglocate.h) are followed from their current end (a missing file
 * is waited for, rotation and truncation are followed) until one is
 * written; from then on only that site's. Every new entry becomes an event
 * with the signatures it matched, through the log pipeline scan-log reads
 * with too (logpipeline.h).
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
 * Lifecycle as libuv's (docs/DESIGN.md "Layout"): attempt_init cannot
 * fail, and attempt_close must follow it; attempt_start follows the logs,
 * then starts ccmsetup, and when either fails returns why, with
 * attempt_close the only call left; attempt_interrupt is its stop; on_done
 * says the attempt is over and its report final; attempt_close closes
 * every handle of the attempt and of its parts (the log pipeline, the
 * child, the timers) and calls close_cb once the last has closed. The
 * attempt is the caller's memory, freed in or after close_cb. */
#ifndef CCMWRAP_ATTEMPT_H
#define CCMWRAP_ATTEMPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <uv.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/logs/logparse.h"
#include "wrapper/logs/logpipeline.h"
#include "wrapper/logs/logprogress.h"
#include "wrapper/logs/signature.h"
#include "wrapper/run/child.h"
#include "wrapper/run/classify.h"
#include "wrapper/run/loglocate.h"

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
	void (*on_event)(void *context, const logpipeline_event *event);
	/* The first stall stage: `action` has logged nothing for stall_timeout. Required. */
	void (*on_stall)(void *context, const char *action, uint64_t silent_ms);
	/* A log could not be read for now (following goes on). Required. */
	void (*on_log_error)(void *context, const char *path, const char *message);
	/* What the attempt found or did; detail may be NULL. Required. */
	void (*on_news)(void *context, attempt_news news, const char *detail);
	/* The attempt is over and its report final; attempt_close is next,
	 * from here or later. Required. */
	void (*on_done)(void *context, attempt *finished);
} attempt_hooks;

typedef void (*attempt_close_cb)(attempt *closed);

/* How the attempt went. */
typedef struct attempt_report {
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

typedef enum attempt_stop_stage {
	ATTEMPT_STOPPING_NONE,
	ATTEMPT_STOPPING_ASKED,     /* asked gracefully; stop_grace runs */
	ATTEMPT_STOPPING_FORCED,    /* what did not stop was ended */
} attempt_stop_stage;

/* Read and set data only; the other fields are the attempt's own. */
struct attempt {
	void *data;                 /* the caller's */

	uv_loop_t *loop;
	const config *cfg;
	const loglocate_list *sites;
	const char *program;
	attempt_hooks hooks;
	void *context;

	logpipeline logs;
	logpipeline_file *log_files;
	size_t *log_sites;          /* each log's site (loglocate_list index), or any site */
	size_t log_count;
	bool site_chosen;           /* report.site is where ccmsetup writes */

	child_process child;
	bool child_started;         /* child_start ran: its handle is to be closed */
	bool child_done;            /* it has exited */
	uv_timer_t watchdog;
	uv_timer_t deadline;
	uv_timer_t watch;           /* the service manager and Windows Installer, asked */
	uv_timer_t conclusion;      /* the end, on the loop rather than inside a parser's callback */
	bool ending;
	bool draining;              /* reading what is left; the end waits for it */
	size_t open_parts;          /* the pipeline, the timers and the child, once closing */
	attempt_close_cb close_cb;

	bool stall_warned;          /* the first stall stage has run since the last event */
	uint64_t last_event_at;     /* uv_now */
	uint64_t started_at;        /* uv_now */
	int64_t started_wall_ms;    /* the clock processes' start times are compared with */

	bool service_running;       /* as the service manager said last */
	bool service_waited;        /* the attempt went on for the service */
	bool installer_busy;        /* as Windows Installer's service said last */
	bool watch_error_told;

	attempt_stop_stage stop;
	uint64_t stop_asked_at;     /* and, once forced, when it was forced */

	attempt_report report;
};

/* Sets the attempt up on loop to follow the logs at every site and run
 * ccmsetup (`program`, resolved) with the configured arguments. cfg, sites,
 * signatures and program are read until on_done, or until attempt_start
 * failed. Cannot fail. */
void attempt_init(uv_loop_t *loop, attempt *current, const config *cfg,
                  const loglocate_list *sites, signature_set *signatures, const char *program,
                  const attempt_hooks *hooks, void *context);

/* Starts following the logs at every site, then ccmsetup. False when
 * either cannot be started, err saying why: a log the INI names that
 * cannot be followed, no site that can be (with auto, one that cannot is
 * said through on_log_error and left out), ccmsetup that cannot be
 * spawned. on_done does not follow then, and attempt_close is the only
 * call left. Once. */
bool attempt_start(attempt *current, error_message *err);

/* Ctrl-C, SIGTERM, a service stop: stop ccmsetup as above and end. */
void attempt_interrupt(attempt *current);

const attempt_report *attempt_get_report(const attempt *current);

/* The report as classification facts. */
void attempt_facts(const attempt_report *report, classify_facts *facts);

/* Closes every handle of a started attempt once on_done has run, or of
 * one whose start failed; close_cb (may be NULL) runs once, on the loop,
 * after the last closed, the attempt's own memory (the report's
 * signatures among it) released by then. Once. */
void attempt_close(attempt *current, attempt_close_cb close_cb);

#endif
