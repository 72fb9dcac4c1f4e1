#include "wrapper/run/attempt.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/timestamp.h"
#include "wrapper/run/cmdline.h"
#include "wrapper/run/installer.h"
#include "wrapper/run/scm.h"

/* A log every site shares: client.msi.log named in the INI. */
#define ANY_SITE SIZE_MAX

static void end_if_over(attempt *current);

static void announce(attempt *current, attempt_news news, const char *detail)
{
	current->hooks.on_news(current->context, news, detail);
}

/* ---- the end ---- */

static void on_conclusion(uv_timer_t *timer)
{
	attempt *current = timer->data;

	logpipeline_finish(&current->logs);
	current->report.duration_ms = uv_now(current->loop) - current->started_at;
	current->hooks.on_done(current->context, current);
}

/* Finishing the parsers waits for the loop: the end may be decided inside
 * a parser's callback, which must not be re-entered. */
static void end_attempt(attempt *current)
{
	current->ending = true;
	logpipeline_stop(&current->logs);
	uv_timer_stop(&current->watchdog);
	uv_timer_stop(&current->deadline);
	uv_timer_stop(&current->watch);
	uv_timer_start(&current->conclusion, on_conclusion, 0, 0);
}

/* Everything the logs hold now, before the end is judged. */
static void drain_logs(attempt *current)
{
	current->draining = true;
	logpipeline_read_now(&current->logs);
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
	if (current->stop == ATTEMPT_STOPPING_ASKED) {
		look_at_installer(current);
		bool settled = current->child_done && !current->service_running &&
		               !current->installer_busy;
		if (!settled && grace_over(current))
			force_stop(current, "ccmsetup did not stop within stop_grace");
	} else if (current->stop == ATTEMPT_STOPPING_FORCED && current->service_running &&
	           grace_over(current)) {
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
	current->stop = ATTEMPT_STOPPING_FORCED;
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
	if (current->stop != ATTEMPT_STOPPING_NONE || current->ending)
		return;
	current->stop = ATTEMPT_STOPPING_ASKED;
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
	if (current->stop == ATTEMPT_STOPPING_ASKED &&
	    (current->service_running || current->installer_busy))
		return;
	if (current->stop == ATTEMPT_STOPPING_NONE &&
	    (current->service_running || !logs_let_attempt_end(current)))
		return;
	/* Ended or not, it is waited for until it has stopped, so that what it
	 * logged on the way out is read. */
	if (current->stop == ATTEMPT_STOPPING_FORCED && current->service_running)
		return;
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

static size_t site_of(const attempt *current, const logpipeline_file *log)
{
	return current->log_sites[log - current->log_files];
}

static void on_event(void *context, logpipeline_file *log, const logpipeline_event *event)
{
	attempt *current = context;

	(void)log;
	for (size_t i = 0; i < event->match_count; i++)
		record_match(current, &event->matches[i]);
	current->hooks.on_event(current->context, event);
	current->last_event_at = uv_now(current->loop);
	current->stall_warned = false;
	end_if_over(current);
}

/* The first site written is where ccmsetup writes: the others are let go. */
static void choose_site(attempt *current, size_t site)
{
	const loglocate_site *chosen = &current->sites->sites[site];

	current->site_chosen = true;
	current->report.site = site;
	for (size_t i = 0; i < current->log_count; i++)
		if (current->log_sites[i] != site && current->log_sites[i] != ANY_SITE)
			logpipeline_stop_file(&current->log_files[i]);
	if (!current->sites->configured) {
		strbuf detail = STRBUF_INIT;
		strbuf_printf(&detail, "%s (%s)", chosen->folder, chosen->reason);
		announce(current, ATTEMPT_LOGS_FOUND, detail.data);
		strbuf_free(&detail);
	}
}

/* A site's logs written: ccmsetup writes there. The logs of every other
 * site stop at the first, so that only the chosen site's arrive after it. */
static void on_bytes(void *context, logpipeline_file *log)
{
	attempt *current = context;
	size_t site = site_of(current, log);

	if (site == ANY_SITE)
		return;
	if (!current->site_chosen)
		choose_site(current, site);
	current->report.logs_found = true;
}

static void on_log_error(void *context, logpipeline_file *log, const char *message)
{
	attempt *current = context;

	current->hooks.on_log_error(current->context, log->path, message);
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
	if (current->stop == ATTEMPT_STOPPING_ASKED) {
		look_at_installer(current);
		return;
	}
	if (!current->service_running || current->stop != ATTEMPT_STOPPING_NONE)
		return;
	current->service_waited = true;
	announce(current, ATTEMPT_SERVICE_WAITING, NULL);
	start_watching(current);
}

static void on_child_exit(child_process *child, const child_exit *how)
{
	attempt *current = child->data;

	current->child_done = true;
	current->report.process_exited = true;
	current->report.exit_status = how->exit_status;
	current->report.term_signal = how->term_signal;
	/* Everything ccmsetup wrote before it exited counts for this attempt. */
	drain_logs(current);
	look_after_exit(current);
	end_if_over(current);
}

/* ---- starting ---- */

static void add_log(attempt *current, const char *path, log_source source, size_t site)
{
	size_t index = current->log_count++;
	logpipeline_file *log = &current->log_files[index];

	log->path = path;
	log->source = source;
	log->progress = &current->report.progress;
	current->log_sites[index] = site;
}

/* Both logs of every site feed the attempt's one progress: ccmsetup relays
 * the MSI's lines, and either may be the one that tells. */
static void list_logs(attempt *current)
{
	const loglocate_list *sites = current->sites;
	bool shared_msi = current->cfg->logs.msi != NULL;

	current->log_files = xcalloc(2 * sites->count, sizeof *current->log_files);
	current->log_sites = xcalloc(2 * sites->count, sizeof *current->log_sites);
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
	size_t started = 0;

	for (size_t i = 0; i < current->log_count; i++) {
		logpipeline_file *log = &current->log_files[i];
		error_message failure;
		if (logpipeline_start_file(log, &failure)) {
			started++;
		} else if (current->sites->configured) {
			*err = failure;
			return error_prefix(err, "cannot follow %s", log->path);
		} else {
			current->hooks.on_log_error(current->context, log->path, failure.text);
		}
	}
	return started > 0 || error_set(err, "no folder where ccmsetup writes can be followed");
}

static void init_timer(attempt *current, uv_timer_t *timer)
{
	uv_timer_init(current->loop, timer);
	timer->data = current;
}

static bool start_child(attempt *current, error_message *err)
{
	current->child_started = true;
	if (!child_start(&current->child, current->program, &current->cfg->ccmsetup.args, err))
		return false;
	current->report.process_id = child_pid(&current->child);
	logprogress_init(&current->report.progress, current->report.process_id);
	start_timers(current);
	return true;
}

void attempt_init(uv_loop_t *loop, attempt *current, const config *cfg,
                  const loglocate_list *sites, signature_set *signatures, const char *program,
                  const attempt_hooks *hooks, void *context)
{
	static const logpipeline_callbacks callbacks = {
		.on_bytes = on_bytes,
		.on_event = on_event,
		.on_error = on_log_error,
	};
	void *data = current->data;

	memset(current, 0, sizeof *current);
	current->data = data;
	current->loop = loop;
	current->cfg = cfg;
	current->sites = sites;
	current->program = program;
	current->hooks = *hooks;
	current->context = context;
	current->site_chosen = sites->configured;
	logprogress_init(&current->report.progress, 0);
	list_logs(current);
	current->logs.data = current;
	logpipeline_init(loop, &current->logs, current->log_files, current->log_count, signatures,
	                 LOGFOLLOW_FROM_END, ATTEMPT_LOG_POLL_MS, &callbacks, current);
	init_timer(current, &current->watchdog);
	init_timer(current, &current->deadline);
	init_timer(current, &current->watch);
	init_timer(current, &current->conclusion);
	child_init(loop, &current->child, on_child_exit, current);
}

/* The logs first, so that nothing ccmsetup writes is missed. */
bool attempt_start(attempt *current, error_message *err)
{
	current->started_at = current->last_event_at = uv_now(current->loop);
	current->started_wall_ms = timestamp_now_ms();
	return start_following(current, err) && start_child(current, err);
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

/* ---- closing ---- */

static void part_closed(attempt *current)
{
	if (--current->open_parts > 0)
		return;
	free(current->log_files);
	free(current->log_sites);
	strlist_free(&current->report.signatures);
	if (current->close_cb != NULL)
		current->close_cb(current);
}

static void logs_closed(logpipeline *pipeline)
{
	part_closed(pipeline->data);
}

static void timer_closed(uv_handle_t *handle)
{
	part_closed(handle->data);
}

static void child_closed(child_process *child)
{
	part_closed(child->data);
}

void attempt_close(attempt *current, attempt_close_cb close_cb)
{
	uv_timer_t *timers[] = { &current->watchdog, &current->deadline, &current->watch,
	                         &current->conclusion };
	size_t timer_count = sizeof timers / sizeof timers[0];

	current->close_cb = close_cb;
	current->open_parts = 1 + timer_count + (current->child_started ? 1 : 0);
	logpipeline_close(&current->logs, logs_closed);
	for (size_t i = 0; i < timer_count; i++)
		uv_close((uv_handle_t *)timers[i], timer_closed);
	if (current->child_started)
		child_close(&current->child, child_closed);
}
