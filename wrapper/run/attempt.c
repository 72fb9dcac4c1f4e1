#include "wrapper/run/attempt.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/timestamp.h"
#include "wrapper/run/child.h"
#include "wrapper/run/cmdline.h"
#include "wrapper/run/installer.h"
#include "wrapper/logs/logfollow.h"
#include "wrapper/run/scm.h"

/* A log every site shares: client.msi.log named in the INI. */
#define ANY_SITE SIZE_MAX

typedef struct attempt_log {
	attempt *owner;
	const char *path;
	size_t site;                /* index in the sites, or ANY_SITE */
	logparse *parser;
	logfollow *follower;        /* NULL when not followed (any more) */
	uint64_t next_offset;       /* where the parser expects the next bytes */
} attempt_log;

typedef enum stop_stage {
	STOP_NONE,
	STOP_ASKED,                 /* asked gracefully; stop_grace runs */
	STOP_FORCED,                /* what did not stop was ended */
} stop_stage;

struct attempt {
	uv_loop_t *loop;
	const config *cfg;
	const loglocate_list *sites;
	signature_set *signatures;
	const char *program;
	attempt_hooks hooks;
	void *context;

	attempt_log *logs;
	size_t log_count;
	bool site_chosen;           /* report.site is where ccmsetup writes */

	child_process child;
	bool child_done;            /* exited or never started, its handle closed */
	uv_timer_t watchdog;
	uv_timer_t deadline;
	uv_timer_t watch;           /* the service manager and Windows Installer, asked */
	int open_handles;           /* followers, timers and the child not closed yet */
	bool ending;
	bool draining;              /* reading what is left; the end waits for it */

	bool stall_warned;          /* the first stall stage has run since the last event */
	uint64_t last_event_at;     /* uv_now */
	uint64_t started_at;        /* uv_now */
	int64_t started_wall_ms;    /* the clock processes' start times are compared with */

	bool service_running;       /* as the service manager said last */
	bool service_waited;        /* the attempt went on for the service */
	bool installer_busy;        /* as Windows Installer's service said last */
	bool watch_error_told;

	stop_stage stop;
	uint64_t stop_asked_at;     /* and, once forced, when it was forced */

	signature_match *matches;   /* of the event being handled */
	size_t match_count;
	attempt_report report;
};

static void end_if_over(attempt *current);

static void announce(attempt *current, attempt_news news, const char *detail)
{
	current->hooks.on_news(current->context, news, detail);
}

/* ---- handles and the end ---- */

static void handle_closed(attempt *current)
{
	if (--current->open_handles > 0 || !current->ending)
		return;
	/* Here, not when the end is decided: that may happen inside a parser's
	 * callback, which must not be re-entered. */
	for (size_t i = 0; i < current->log_count; i++)
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

static void stop_following(attempt_log *log)
{
	logfollow *follower = log->follower;

	log->follower = NULL;
	logfollow_stop(follower, follower_closed);
}

static void end_attempt(attempt *current)
{
	current->ending = true;
	for (size_t i = 0; i < current->log_count; i++)
		if (current->logs[i].follower != NULL)
			stop_following(&current->logs[i]);
	uv_close((uv_handle_t *)&current->watchdog, timer_closed);
	uv_close((uv_handle_t *)&current->deadline, timer_closed);
	uv_close((uv_handle_t *)&current->watch, timer_closed);
}

/* Everything the logs hold now, before the end is judged. */
static void drain_logs(attempt *current)
{
	current->draining = true;
	for (size_t i = 0; i < current->log_count; i++)
		logfollow_read_now(current->logs[i].follower);
	current->draining = false;
}

/* ---- the service manager and Windows Installer ---- */

static bool watches_service(const attempt *current)
{
	return scm_present() && current->cfg->ccmsetup.mode != CONFIG_MODE_NOSERVICE;
}

static uint64_t watch_period_ms(const config *cfg)
{
	uint64_t period = cfg->ccmsetup.stall_timeout_ms / 10;

	return period == 0 || period > ATTEMPT_WATCH_MAX_MS ? ATTEMPT_WATCH_MAX_MS : period;
}

static void watch_failed(attempt *current, const char *message)
{
	if (!current->watch_error_told)
		announce(current, ATTEMPT_SERVICE_ERROR, message);
	current->watch_error_told = true;
}

/* A service manager that cannot be asked cannot be waited for. */
static void look_at_service(attempt *current)
{
	scm_status service;
	error_message err;
	bool was_running = current->service_running;

	if (!watches_service(current))
		return;
	if (scm_query(SCM_CCMSETUP, &service, &err))
		current->service_running = service.running;
	else {
		watch_failed(current, err.text);
		current->service_running = false;
	}
	if (was_running && !current->service_running) {
		drain_logs(current);
		if (current->service_waited)
			announce(current, ATTEMPT_SERVICE_STOPPED, NULL);
	}
}

static void look_at_installer(attempt *current)
{
	error_message err;
	bool busy = false;

	if (!installer_busy(&busy, &err))
		watch_failed(current, err.text);
	current->installer_busy = busy;
}

static void force_stop(attempt *current, const char *why);

static bool grace_over(const attempt *current)
{
	return uv_now(current->loop) - current->stop_asked_at >= current->cfg->ccmsetup.stop_grace_ms;
}

static void on_watch(uv_timer_t *timer)
{
	attempt *current = timer->data;

	look_at_service(current);
	if (current->stop == STOP_ASKED) {
		look_at_installer(current);
		bool settled = current->child_done && !current->service_running &&
		               !current->installer_busy;
		if (!settled && grace_over(current))
			force_stop(current, "ccmsetup did not stop within stop_grace");
	} else if (current->stop == STOP_FORCED && current->service_running && grace_over(current)) {
		watch_failed(current, "the ccmsetup service still runs after its process was ended; "
		                      "the attempt ends without it");
		current->service_running = false;
	}
	end_if_over(current);
}

static void start_watching(attempt *current)
{
	uint64_t period = watch_period_ms(current->cfg);

	uv_timer_start(&current->watch, on_watch, period, period);
}

/* ---- stopping ---- */

static char *child_command_line(const attempt *current)
{
	strbuf line = STRBUF_INIT;
	char *shown = cmdline_format(current->program, &current->cfg->ccmsetup.args);

	strbuf_printf(&line, "ccmsetup, process %d: %s", current->report.process_id, shown);
	free(shown);
	return strbuf_detach(&line);
}

static bool ask_service_to_stop(attempt *current)
{
	bool requested = false;
	error_message err;

	if (current->cfg->ccmsetup.mode == CONFIG_MODE_NOSERVICE)
		return false;
	if (!scm_request_stop(SCM_CCMSETUP, &requested, &err))
		watch_failed(current, err.text);
	if (requested)
		announce(current, ATTEMPT_STOP_ASKED, "the ccmsetup service");
	return requested;
}

static bool ask_child_to_close(attempt *current)
{
	if (!child_ask_to_close(&current->child))
		return false;
	strbuf whom = STRBUF_INIT;
	strbuf_printf(&whom, "ccmsetup (process %d)", current->report.process_id);
	announce(current, ATTEMPT_STOP_ASKED, whom.data);
	strbuf_free(&whom);
	return true;
}

static void end_custom_actions(attempt *current)
{
	strlist ended = STRLIST_INIT;
	error_message err;

	if (!installer_end_custom_actions(current->started_wall_ms, &ended, &err))
		watch_failed(current, err.text);
	for (size_t i = 0; i < ended.count; i++) {
		strbuf detail = STRBUF_INIT;
		strbuf_printf(&detail, "the hung custom action's server, %s", ended.items[i]);
		announce(current, ATTEMPT_PROCESS_ENDED, detail.data);
		strbuf_free(&detail);
	}
	strlist_free(&ended);
}

static void end_service_process(attempt *current)
{
	char *command_line = NULL;
	bool terminated = false;
	error_message err;

	if (!watches_service(current) || !current->service_running)
		return;
	scm_command_line(SCM_CCMSETUP, &command_line, &err);
	if (!scm_terminate(SCM_CCMSETUP, &terminated, &err)) {
		/* It cannot be ended: the attempt does not wait for it. */
		watch_failed(current, err.text);
		current->service_running = false;
	}
	if (terminated) {
		strbuf detail = STRBUF_INIT;
		char *shown = cmdline_mask(command_line != NULL ? command_line : "");
		strbuf_printf(&detail, "the ccmsetup service's process: %s", shown);
		free(shown);
		announce(current, ATTEMPT_PROCESS_ENDED, detail.data);
		strbuf_free(&detail);
	}
	free(command_line);
}

/* The hung custom action first, so that the installation rolls back and
 * releases _MSIExecute; then ccmsetup. The service then still has to be
 * seen stopped (the watch keeps asking) before the attempt ends. */
static void force_stop(attempt *current, const char *why)
{
	current->stop = STOP_FORCED;
	current->stop_asked_at = uv_now(current->loop);
	announce(current, ATTEMPT_STOP_FORCED, why);
	if (current->report.stalled || current->report.timed_out)
		end_custom_actions(current);
	if (child_kill(&current->child)) {
		char *detail = child_command_line(current);
		current->report.killed = true;
		announce(current, ATTEMPT_PROCESS_ENDED, detail);
		free(detail);
	}
	end_service_process(current);
	start_watching(current);
	end_if_over(current);
}

static void begin_stop(attempt *current)
{
	if (current->stop != STOP_NONE || current->ending)
		return;
	current->stop = STOP_ASKED;
	current->stop_asked_at = uv_now(current->loop);
	bool asked = ask_service_to_stop(current);
	asked = ask_child_to_close(current) || asked;
	if (!asked || current->cfg->ccmsetup.stop_grace_ms == 0) {
		force_stop(current, asked ? "stop_grace is 0" : "nothing could be asked to stop");
		return;
	}
	start_watching(current);
	end_if_over(current);
}

/* ---- deciding the end ---- */

/* Without a service manager the logs tell whether a service instance is
 * still to end; with one, its state does. */
static bool logs_let_attempt_end(const attempt *current)
{
	return scm_present() ||
	       classify_logs_let_attempt_end(&current->report.progress, current->cfg->ccmsetup.mode);
}

static void end_if_over(attempt *current)
{
	if (current->ending || current->draining || !current->child_done)
		return;
	if (!current->report.start_failed) {
		if (current->stop == STOP_ASKED &&
		    (current->service_running || current->installer_busy))
			return;
		if (current->stop == STOP_NONE &&
		    (current->service_running || !logs_let_attempt_end(current)))
			return;
		/* Ended or not, it is waited for until it has stopped, so that
		 * what it logged on the way out is read. */
		if (current->stop == STOP_FORCED && current->service_running)
			return;
	}
	end_attempt(current);
}

/* ---- events ---- */

static void record_match(attempt *current, const signature_match *match)
{
	attempt_report *report = &current->report;

	if (!signature_action_is_failure(match->action))
		return;
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

/* The first site written is where ccmsetup writes: the others are let go. */
static void choose_site(attempt *current, size_t site)
{
	const loglocate_site *chosen = &current->sites->sites[site];

	current->site_chosen = true;
	current->report.logs_found = true;
	current->report.site = site;
	for (size_t i = 0; i < current->log_count; i++) {
		attempt_log *log = &current->logs[i];
		if (log->site != site && log->site != ANY_SITE && log->follower != NULL)
			stop_following(log);
	}
	if (!current->sites->configured) {
		strbuf detail = STRBUF_INIT;
		strbuf_printf(&detail, "%s (%s)", chosen->folder, chosen->reason);
		announce(current, ATTEMPT_LOGS_FOUND, detail.data);
		strbuf_free(&detail);
	}
}

static void on_data(void *context, const char *bytes, size_t length, uint64_t offset)
{
	attempt_log *log = context;
	attempt *current = log->owner;

	if (log->site != ANY_SITE) {
		if (!current->site_chosen)
			choose_site(current, log->site);
		else if (log->site != current->report.site)
			return;
		current->report.logs_found = true;
	}
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
	begin_stop(current);
}

static void on_deadline(uv_timer_t *timer)
{
	attempt *current = timer->data;

	current->report.timed_out = true;
	begin_stop(current);
}

static void start_timers(attempt *current)
{
	const config *cfg = current->cfg;

	if (cfg->ccmsetup.stall_timeout_ms > 0)
		uv_timer_start(&current->watchdog, on_watchdog, cfg->ccmsetup.stall_timeout_ms, 0);
	if (cfg->ccmsetup.timeout_ms > 0)
		uv_timer_start(&current->deadline, on_deadline, cfg->ccmsetup.timeout_ms, 0);
}

/* ---- the process ---- */

/* In service or auto mode the installation may go on in the ccmsetup
 * service after the process ccmwrap started has exited; while stopping,
 * Windows Installer must go idle too. */
static void look_after_exit(attempt *current)
{
	look_at_service(current);
	if (current->stop == STOP_ASKED) {
		look_at_installer(current);
		return;
	}
	if (!current->service_running || current->stop != STOP_NONE)
		return;
	current->service_waited = true;
	announce(current, ATTEMPT_SERVICE_WAITING, NULL);
	start_watching(current);
}

static void on_child_exit(child_process *child, const child_exit *how)
{
	attempt *current = child->data;

	current->child_done = true;
	current->open_handles--;
	if (how->started) {
		current->report.process_exited = true;
		current->report.exit_status = how->exit_status;
		current->report.term_signal = how->term_signal;
		/* Everything ccmsetup wrote before it exited counts for this attempt. */
		drain_logs(current);
		if (!current->report.start_failed)
			look_after_exit(current);
	}
	end_if_over(current);
}

/* ---- starting ---- */

static void add_log(attempt *current, const char *path, log_source source, size_t site)
{
	attempt_log *log = &current->logs[current->log_count++];

	log->owner = current;
	log->path = path;
	log->site = site;
	log->parser = logparse_new(source, on_event, log);
}

/* One parser per log before any follower starts: the end finishes and
 * frees all of them, also when a follower failed to start. */
static void list_logs(attempt *current)
{
	const loglocate_list *sites = current->sites;
	bool shared_msi = current->cfg->logs.msi != NULL;

	current->logs = xcalloc(2 * sites->count, sizeof *current->logs);
	for (size_t i = 0; i < sites->count; i++) {
		add_log(current, sites->sites[i].ccmsetup_log, LOG_SOURCE_CCMSETUP, i);
		if (!shared_msi || i == 0)
			add_log(current, sites->sites[i].msi_log, LOG_SOURCE_MSI,
			        shared_msi ? ANY_SITE : i);
	}
}

/* A site that cannot be followed is left out, unless it is the only one. */
static bool start_following(attempt *current, error_message *err)
{
	static const logfollow_callbacks callbacks = {
		.on_data = on_data,
		.on_restart = on_restart,
		.on_error = on_follow_error,
	};
	size_t started = 0;

	for (size_t i = 0; i < current->log_count; i++) {
		attempt_log *log = &current->logs[i];
		error_message failure;
		if (logfollow_start(current->loop, log->path, LOGFOLLOW_FROM_END, ATTEMPT_LOG_POLL_MS,
		                    &callbacks, log, &log->follower, &failure)) {
			current->open_handles++;
			started++;
		} else if (current->sites->configured) {
			*err = failure;
			return error_prefix(err, "cannot follow %s", log->path);
		} else {
			on_follow_error(log, failure.text);
		}
	}
	return started > 0 || error_set(err, "no folder where ccmsetup writes can be followed");
}

static void init_timer(attempt *current, uv_timer_t *timer)
{
	uv_timer_init(current->loop, timer);
	timer->data = current;
	current->open_handles++;
}

static void start_child(attempt *current)
{
	error_message *err = &current->report.start_error;

	current->open_handles++;
	if (!child_start(current->loop, &current->child, current->program,
	                 &current->cfg->ccmsetup.args, on_child_exit, current, err)) {
		current->report.start_failed = true;
		return;
	}
	current->report.process_id = child_pid(&current->child);
	logprogress_init(&current->report.progress, current->report.process_id);
	start_timers(current);
}

attempt *attempt_start(uv_loop_t *loop, const config *cfg, const loglocate_list *sites,
                       signature_set *signatures, const char *program,
                       const attempt_hooks *hooks, void *context)
{
	attempt *current = xcalloc(1, sizeof *current);

	current->loop = loop;
	current->cfg = cfg;
	current->sites = sites;
	current->signatures = signatures;
	current->program = program;
	current->hooks = *hooks;
	current->context = context;
	current->matches = xcalloc(signature_set_rule_count(signatures) + 1, sizeof *current->matches);
	current->started_at = current->last_event_at = uv_now(loop);
	current->started_wall_ms = timestamp_now_ms();
	current->site_chosen = sites->configured;
	logprogress_init(&current->report.progress, 0);
	init_timer(current, &current->watchdog);
	init_timer(current, &current->deadline);
	init_timer(current, &current->watch);
	list_logs(current);
	if (start_following(current, &current->report.start_error)) {
		start_child(current);
	} else {
		current->report.start_failed = true;
		current->child_done = true;
	}
	if (current->report.start_failed && current->child_done)
		end_attempt(current);
	return current;
}

void attempt_interrupt(attempt *current)
{
	current->report.interrupted = true;
	begin_stop(current);
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
}

void attempt_free(attempt *current)
{
	if (current == NULL)
		return;
	for (size_t i = 0; i < current->log_count; i++)
		logparse_free(current->logs[i].parser);
	free(current->logs);
	strlist_free(&current->report.signatures);
	free(current->matches);
	free(current);
}
