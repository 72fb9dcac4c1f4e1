#include "attempt.h"

#include <stdlib.h>
#include <string.h>

#include "ccmservice.h"
#include "child.h"
#include "logfollow.h"

typedef struct attempt_log {
	attempt *owner;
	const char *path;
	logparse *parser;
	logfollow *follower;
	uint64_t next_offset;       /* where the parser expects the next bytes */
} attempt_log;

enum { LOG_CCMSETUP, LOG_MSI, LOG_COUNT };

struct attempt {
	uv_loop_t *loop;
	const config *cfg;
	signature_set *signatures;
	attempt_hooks hooks;
	void *context;

	attempt_log logs[LOG_COUNT];
	child_process child;
	uv_timer_t watchdog;
	uv_timer_t deadline;
	uv_timer_t service_poll;
	bool stall_warned;          /* the first stall stage has run since the last event */
	uint64_t last_event_at;     /* uv_now */
	uint64_t started_at;

	bool service_waited;        /* the logs said the end while the service ran */
	bool service_stop_tried;
	bool service_stop_requested;
	uint64_t service_stop_requested_at;
	bool service_terminate_tried;

	bool draining;              /* reading what the exited process left */
	bool ending;
	int open_handles;

	signature_match *matches;   /* of the event being handled */
	size_t match_count;
	attempt_report report;
};

/* ---- ending ---- */

static bool process_running(const attempt *current)
{
	return !current->report.start_failed && !current->report.process_exited;
}

static void handle_closed(attempt *current)
{
	if (--current->open_handles > 0)
		return;
	/* Here, not when the end is decided: that may happen inside a parser's
	 * callback, which must not be re-entered. */
	for (int i = 0; i < LOG_COUNT; i++)
		logparse_finish(current->logs[i].parser);
	current->report.duration_ms = uv_now(current->loop) - current->started_at;
	current->hooks.on_done(current->context, current);
}

static void follower_closed(void *context)
{
	attempt_log *log = context;

	handle_closed(log->owner);
}

static void timer_closed(uv_handle_t *handle)
{
	handle_closed(handle->data);
}

/* Called once the process is gone (or never ran). */
static void end_attempt(attempt *current)
{
	uv_timer_t *timers[] = { &current->watchdog, &current->deadline, &current->service_poll };
	size_t timer_count = sizeof timers / sizeof timers[0];

	if (current->ending)
		return;
	current->ending = true;
	current->open_handles = LOG_COUNT + (int)timer_count;
	for (int i = 0; i < LOG_COUNT; i++) {
		attempt_log *log = &current->logs[i];
		logfollow *follower = log->follower;
		log->follower = NULL;
		if (follower != NULL)
			logfollow_stop(follower, follower_closed);
		else
			current->open_handles--;
	}
	for (size_t i = 0; i < timer_count; i++)
		uv_close((uv_handle_t *)timers[i], timer_closed);
}

static bool attempt_over(const attempt *current)
{
	const attempt_report *report = &current->report;

	if (process_running(current))
		return false;
	if (report->start_failed || report->stalled || report->timed_out || report->interrupted)
		return true;
	return classify_attempt_over(&report->progress, current->cfg->ccmsetup.mode,
	                             report->process_exited);
}

/* ---- the ccmsetup service ---- */

static void tell_service(attempt *current, attempt_service_news news, const char *detail)
{
	current->hooks.on_service(current->context, news, detail);
}

static bool waits_for_service(const attempt *current)
{
	return current->service_stop_requested ||
	       classify_service_started(&current->report.progress, current->cfg->ccmsetup.mode);
}

static uint64_t service_poll_ms(const config *cfg)
{
	uint64_t poll = cfg->ccmsetup.stall_timeout_ms / 10;

	return poll == 0 || poll > ATTEMPT_SERVICE_POLL_MAX_MS ? ATTEMPT_SERVICE_POLL_MAX_MS : poll;
}

static void end_if_over(attempt *current);

/* Still running after the stop grace: it ignored the request. Tried once;
 * whatever came of it, the attempt no longer waits for the service. */
static void terminate_service(attempt *current)
{
	bool terminated;
	error_message err;

	current->service_terminate_tried = true;
	if (!ccmservice_terminate(&terminated, &err))
		tell_service(current, ATTEMPT_SERVICE_ERROR, err.text);
	else if (terminated)
		tell_service(current, ATTEMPT_SERVICE_TERMINATED, NULL);
}

static void on_service_poll(uv_timer_t *timer)
{
	attempt *current = timer->data;

	if (current->service_stop_requested && !current->service_terminate_tried &&
	    uv_now(current->loop) - current->service_stop_requested_at >= ATTEMPT_STOP_GRACE_MS)
		terminate_service(current);
	end_if_over(current);
}

/* The service installs on after ccmsetup's first process has exited, and
 * may log its terminal line before it has stopped: while it runs, it is
 * not over. A service manager that cannot be asked cannot be waited for. */
static bool service_keeps_attempt(attempt *current)
{
	bool running;
	error_message err;

	if (!waits_for_service(current) || current->service_terminate_tried)
		return false;
	if (!ccmservice_running(&running, &err)) {
		tell_service(current, ATTEMPT_SERVICE_ERROR, err.text);
		return false;
	}
	if (!running) {
		if (current->service_waited)
			tell_service(current, ATTEMPT_SERVICE_STOPPED, NULL);
		return false;
	}
	if (!current->service_waited) {
		uint64_t poll = service_poll_ms(current->cfg);
		current->service_waited = true;
		tell_service(current, ATTEMPT_SERVICE_WAITING, NULL);
		uv_timer_start(&current->service_poll, on_service_poll, poll, poll);
	}
	return true;
}

/* In service or auto mode ccmsetup may have started its service, which
 * outlives the process ccmwrap started: the graceful stop is the service's. */
static void request_service_stop(attempt *current)
{
	bool requested;
	error_message err;

	if (current->cfg->ccmsetup.mode == CONFIG_MODE_NOSERVICE || current->service_stop_tried)
		return;
	current->service_stop_tried = true;
	if (!ccmservice_request_stop(&requested, &err)) {
		tell_service(current, ATTEMPT_SERVICE_ERROR, err.text);
		return;
	}
	if (!requested)
		return;
	current->service_stop_requested = true;
	current->service_stop_requested_at = uv_now(current->loop);
	tell_service(current, ATTEMPT_SERVICE_STOP_REQUESTED, NULL);
}

/* ---- deciding the end ---- */

static void end_if_over(attempt *current)
{
	if (current->ending || current->draining || !attempt_over(current) ||
	    service_keeps_attempt(current))
		return;
	end_attempt(current);
}

static void stop_process(attempt *current)
{
	request_service_stop(current);
	if (process_running(current))
		child_stop(&current->child, ATTEMPT_STOP_GRACE_MS);
	else
		end_if_over(current);
}

/* ---- events ---- */

static void record_match(attempt *current, const signature_match *match)
{
	attempt_report *report = &current->report;

	if (match->action == CONFIG_ACTION_SUCCESS && !match->builtin)
		report->success_rule_seen = true;
	if (!signature_action_is_failure(match->action))
		return;
	report->failure_action = report->has_failure_action
	    ? classify_stronger_action(report->failure_action, match->action)
	    : match->action;
	report->has_failure_action = true;
	for (size_t i = 0; i < report->signatures.count; i++)
		if (strcmp(report->signatures.items[i], match->name) == 0)
			return;
	strlist_add(&report->signatures, match->name);
}

static void on_match(void *context, const log_event *event, const signature_match *match)
{
	attempt *current = context;

	(void)event;
	current->matches[current->match_count++] = *match;
	logprogress_on_signature(&current->report.progress, match);
	record_match(current, match);
}

static void on_event(void *context, const log_event *event)
{
	attempt_log *log = context;
	attempt *current = log->owner;

	current->match_count = 0;
	signature_set_match(current->signatures, event, on_match, current);
	logprogress_on_event(&current->report.progress, event);
	current->hooks.on_event(current->context, event, current->matches, current->match_count);
	current->last_event_at = uv_now(current->loop);
	current->stall_warned = false;
	end_if_over(current);
}

static void on_data(void *context, const char *bytes, size_t length, uint64_t offset)
{
	attempt_log *log = context;

	if (offset != log->next_offset)
		logparse_restart(log->parser, offset);
	logparse_feed(log->parser, bytes, length);
	log->next_offset = offset + length;
}

static void on_restart(void *context, logfollow_restart_reason reason)
{
	attempt_log *log = context;

	(void)reason;
	logparse_restart(log->parser, 0);
	log->next_offset = 0;
}

static void on_follow_error(void *context, const char *message)
{
	attempt_log *log = context;

	log->owner->hooks.on_log_error(log->owner->context, log->path, message);
}

/* ---- timers ---- */

static void on_watchdog(uv_timer_t *timer)
{
	attempt *current = timer->data;
	uint64_t stall_ms = current->cfg->ccmsetup.stall_timeout_ms;
	uint64_t silent_ms = uv_now(current->loop) - current->last_event_at;

	if (silent_ms < stall_ms) {
		uv_timer_start(&current->watchdog, on_watchdog, stall_ms - silent_ms, 0);
		return;
	}
	if (!current->report.progress.action_running) {
		uv_timer_start(&current->watchdog, on_watchdog, stall_ms, 0);
		return;
	}
	if (!current->stall_warned) {
		current->stall_warned = true;
		current->hooks.on_stall(current->context, current->report.progress.action, silent_ms);
		/* The repair may have let the action go on; give it the same time again. */
		current->last_event_at = uv_now(current->loop);
		uv_timer_start(&current->watchdog, on_watchdog, stall_ms, 0);
		return;
	}
	current->report.stalled = true;
	stop_process(current);
}

static void on_deadline(uv_timer_t *timer)
{
	attempt *current = timer->data;

	current->report.timed_out = true;
	stop_process(current);
}

/* ---- the process ---- */

static void on_child_exit(child_process *child, const child_exit *how)
{
	attempt *current = child->data;

	current->report.process_exited = true;
	current->report.exit_status = how->exit_status;
	current->report.term_signal = how->term_signal;
	current->report.killed = how->killed;
	/* Everything ccmsetup wrote before it exited counts for this attempt. */
	current->draining = true;
	for (int i = 0; i < LOG_COUNT; i++)
		logfollow_read_now(current->logs[i].follower);
	current->draining = false;
	end_if_over(current);
}

static bool start_following(attempt *current, error_message *err)
{
	static const logfollow_callbacks callbacks = {
		.on_data = on_data,
		.on_restart = on_restart,
		.on_error = on_follow_error,
	};
	const char *paths[LOG_COUNT] = { current->cfg->logs.ccmsetup, current->cfg->logs.msi };
	const log_source sources[LOG_COUNT] = { LOG_SOURCE_CCMSETUP, LOG_SOURCE_MSI };

	/* Every parser exists before any follower starts: ending the attempt
	 * finishes and frees all of them, also when a follower fails to start. */
	for (int i = 0; i < LOG_COUNT; i++) {
		attempt_log *log = &current->logs[i];
		log->owner = current;
		log->path = paths[i];
		log->parser = logparse_new(sources[i], on_event, log);
	}
	for (int i = 0; i < LOG_COUNT; i++) {
		attempt_log *log = &current->logs[i];
		if (!logfollow_start(current->loop, log->path, LOGFOLLOW_FROM_END, ATTEMPT_LOG_POLL_MS,
		                     &callbacks, log, &log->follower, err))
			return error_prefix(err, "cannot follow %s", log->path);
	}
	return true;
}

static void start_timers(attempt *current)
{
	const config *cfg = current->cfg;

	if (cfg->ccmsetup.stall_timeout_ms > 0)
		uv_timer_start(&current->watchdog, on_watchdog, cfg->ccmsetup.stall_timeout_ms, 0);
	if (cfg->ccmsetup.timeout_ms > 0)
		uv_timer_start(&current->deadline, on_deadline, cfg->ccmsetup.timeout_ms, 0);
}

attempt *attempt_start(uv_loop_t *loop, const config *cfg, signature_set *signatures,
                       const char *program, const attempt_hooks *hooks, void *context)
{
	attempt *current = xcalloc(1, sizeof *current);

	current->loop = loop;
	current->cfg = cfg;
	current->signatures = signatures;
	current->hooks = *hooks;
	current->context = context;
	current->matches = xcalloc(signature_set_rule_count(signatures) + 1, sizeof *current->matches);
	current->started_at = current->last_event_at = uv_now(loop);
	logprogress_init(&current->report.progress);
	uv_timer_init(loop, &current->watchdog);
	uv_timer_init(loop, &current->deadline);
	uv_timer_init(loop, &current->service_poll);
	current->watchdog.data = current->deadline.data = current->service_poll.data = current;

	error_message *err = &current->report.start_error;
	bool started = start_following(current, err) &&
	               child_start(loop, &current->child, program, &cfg->ccmsetup.args,
	                           on_child_exit, current, err);
	if (!started) {
		current->report.start_failed = true;
		end_attempt(current);
		return current;
	}
	current->report.process_id = child_pid(&current->child);
	start_timers(current);
	return current;
}

void attempt_interrupt(attempt *current)
{
	current->report.interrupted = true;
	stop_process(current);
}

const attempt_report *attempt_get_report(const attempt *current)
{
	return &current->report;
}

void attempt_facts(const attempt_report *report, classify_facts *facts)
{
	memset(facts, 0, sizeof *facts);
	facts->progress = &report->progress;
	facts->process_exited = report->process_exited;
	facts->process_code = (uint32_t)report->exit_status;
	facts->term_signal = report->term_signal;
	facts->stalled = report->stalled || report->timed_out;
	facts->has_failure_action = report->has_failure_action;
	facts->failure_action = report->failure_action;
	facts->success_rule_seen = report->success_rule_seen;
}

void attempt_free(attempt *current)
{
	if (current == NULL)
		return;
	for (int i = 0; i < LOG_COUNT; i++)
		logparse_free(current->logs[i].parser);
	strlist_free(&current->report.signatures);
	free(current->matches);
	free(current);
}
