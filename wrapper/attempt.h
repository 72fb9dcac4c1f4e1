/* One ccmsetup attempt on the launcher's libuv loop: follow ccmsetup.log
 * and client.msi.log from their current end (a missing file is waited for,
 * rotation and truncation are followed), start ccmsetup, turn every new
 * log entry into events and signature matches, watch for a stall and for
 * the timeout, and decide when the attempt is over (DESIGN.md "Logs"):
 * the process has exited and either the mode is noservice, no ccmsetup
 * service was started, or the last instance logged its terminal line.
 * When the logs say ccmsetup handed over to its service, the attempt also
 * waits until the ccmsetup service has stopped (polled; POSIX has none).
 *
 * Stall watchdog: no event for stall_timeout while an MSI action runs
 * calls on_stall (the launcher re-applies permissions while it hangs);
 * still no event after a grace of stall_timeout again, ccmsetup is
 * stopped and the attempt counts as stalled. The timeout stops it the
 * same way. Stopping, gracefully first: in service or auto mode the
 * ccmsetup service is asked to stop; the process gets SIGTERM
 * (TerminateProcess on Windows) and is killed after ATTEMPT_STOP_GRACE_MS;
 * a service still running after that grace has its process ended. */
#ifndef CCMWRAP_ATTEMPT_H
#define CCMWRAP_ATTEMPT_H

#include <stdbool.h>
#include <stdint.h>
#include <uv.h>

#include "../config/config.h"
#include "../config/error.h"
#include "../config/text.h"
#include "classify.h"
#include "logparse.h"
#include "logprogress.h"
#include "signature.h"

/* Between asking ccmsetup to stop and killing it. */
#define ATTEMPT_STOP_GRACE_MS 10000
/* The log followers' safety-net look. */
#define ATTEMPT_LOG_POLL_MS 1000
/* How often a stopping ccmsetup service is looked at, at most. */
#define ATTEMPT_SERVICE_POLL_MAX_MS 1000

typedef enum attempt_service_news {
	ATTEMPT_SERVICE_WAITING,         /* the logs say the end, but the service still runs */
	ATTEMPT_SERVICE_STOPPED,         /* the service it waited for has stopped */
	ATTEMPT_SERVICE_STOP_REQUESTED,  /* the stop sequence asked the service to stop */
	ATTEMPT_SERVICE_TERMINATED,      /* it outlived the stop grace: its process was ended */
	ATTEMPT_SERVICE_ERROR,           /* the service manager failed; detail says how */
} attempt_service_news;

typedef struct attempt attempt;

typedef struct attempt_hooks {
	/* Every event with the signatures it matched. Required. */
	void (*on_event)(void *context, const log_event *event, const signature_match *matches,
	                 size_t match_count);
	/* The first stall stage: `action` has logged nothing for stall_timeout. Required. */
	void (*on_stall)(void *context, const char *action, uint64_t silent_ms);
	/* A log could not be read for now (following goes on). Required. */
	void (*on_log_error)(void *context, const char *path, const char *message);
	/* What the ccmsetup service did or what was done to it; detail is
	 * NULL but for ATTEMPT_SERVICE_ERROR. Never called on POSIX. Required. */
	void (*on_service)(void *context, attempt_service_news news, const char *detail);
	/* The attempt is over and every handle closed; attempt_free may be
	 * called from here. Required. */
	void (*on_done)(void *context, attempt *finished);
} attempt_hooks;

/* How the attempt went. */
typedef struct attempt_report {
	bool start_failed;          /* ccmsetup (or a log follower) could not be started */
	error_message start_error;
	int process_id;
	bool process_exited;
	int64_t exit_status;
	int term_signal;
	bool killed;                /* outlived the stop grace */
	bool stalled;               /* stopped by the watchdog */
	bool timed_out;             /* stopped by the timeout */
	bool interrupted;           /* stopped by attempt_interrupt */
	logprogress progress;
	strlist signatures;         /* names of the failure signatures seen, each once */
	bool has_failure_action;
	config_signature_action failure_action;
	bool success_rule_seen;
	uint64_t duration_ms;
} attempt_report;

/* Starts following both logs, then ccmsetup (`program`, resolved) with
 * the configured arguments. Every attempt ends with on_done, also one that
 * could not start (report.start_failed). */
attempt *attempt_start(uv_loop_t *loop, const config *cfg, signature_set *signatures,
                       const char *program, const attempt_hooks *hooks, void *context);

/* Ctrl-C / SIGTERM: stop ccmsetup gracefully and end the attempt. */
void attempt_interrupt(attempt *current);

const attempt_report *attempt_get_report(const attempt *current);

/* The report as classification facts. */
void attempt_facts(const attempt_report *report, classify_facts *facts);

void attempt_free(attempt *current);

#endif
