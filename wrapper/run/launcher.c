#include "wrapper/run/launcher.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "checks/fix.h"
#include "checks/fixsummary.h"
#include "config/base/filepath.h"
#include "config/values.h"
#include "wrapper/run/attempt.h"
#include "wrapper/run/busy.h"
#include "wrapper/run/child.h"
#include "wrapper/run/cmdline.h"
#include "wrapper/run/loglocate.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/report/mif.h"
#include "wrapper/run/classify.h"
#include "wrapper/report/outcome.h"
#include "wrapper/report/result.h"
#include "wrapper/run/retry.h"
#include "wrapper/report/runreport.h"
#include "wrapper/run/runstate.h"
#include "wrapper/run/skip.h"
#include "wrapper/run/stoprequest.h"
#include "wrapper/run/trace.h"

#define BUSY_POLL_MAX_MS 1000

typedef struct launcher {
	const launcher_settings *settings;
	const config *cfg;
	console *out;
	uv_loop_t loop;
	uv_timer_t timer;           /* busy polls and backoff */
	stoprequest stop;
	signature_set *signatures;
	char *program;
	loglocate_list sites;       /* where ccmsetup may write, listed anew for each attempt */

	bool finished;              /* the outcome is decided; the loop winds down */
	uint64_t busy_since;
	bool busy_announced;
	attempt *current;           /* NULL between attempts */
	bool retry_pending;         /* the last attempt asked for another, once it has closed */
	classify_verdict retry_verdict;
	unsigned attempt_number;
	bool interrupted;

	bool fix_ran;
	run_result result;
	outcome_kind outcome;
	uint32_t last_code;
	strbuf detail;              /* why the run ended so, for the last line and the MIF */
} launcher;

static void start_busy_wait(launcher *run);

/* The detail emptied for a new reason: it says how the run ended, so the
 * latest reason replaces an earlier one instead of running into it. */
static strbuf *new_detail(launcher *run)
{
	strbuf_clear(&run->detail);
	return &run->detail;
}

uint64_t launcher_busy_poll_ms(uint64_t busy_wait_ms)
{
	uint64_t poll = busy_wait_ms / 10;
	if (poll > BUSY_POLL_MAX_MS)
		poll = BUSY_POLL_MAX_MS;
	return poll > 0 ? poll : 1;
}

/* ---- permissions ---- */

/* What an administrator should look at: on the console, in the own log
 * and in the result file. */
static void warn(launcher *run, const char *text)
{
	console_step(run->out, OWNLOG_WARNING, "%s", text);
	strlist_add(&run->result.warnings, text);
}

static void show_fix_line(void *context, fixsummary_line kind, const char *text)
{
	launcher *run = context;

	switch (kind) {
	case FIXSUMMARY_FAILURE: console_step(run->out, OWNLOG_ERROR, "  %s", text); break;
	case FIXSUMMARY_VANISHED: warn(run, text); break;
	case FIXSUMMARY_UNKNOWN:
		/* Left alone, not failed: the result file's warnings name them,
		 * once for the run (a repair before each retry finds them again). */
		if (!run->fix_ran)
			warn(run, text);
		break;
	default: console_step(run->out, OWNLOG_INFO, "  %s", text);
	}
}

static void show_fix(launcher *run, const fix_summary *summary, bool dry_run)
{
	static const fixsummary_line lines[] = {
		FIXSUMMARY_CHANGE,   FIXSUMMARY_NOTE,    FIXSUMMARY_FAILURE,
		FIXSUMMARY_VANISHED, FIXSUMMARY_UNKNOWN,
	};
	const fixsummary_style style = { lines, sizeof lines / sizeof lines[0], "  ", dry_run };
	strbuf text = STRBUF_INIT;

	fixsummary_lines(summary, &style, show_fix_line, run);
	if (summary->journal_set_aside != NULL) {
		strbuf_printf(&text, "the journal %s could not be used; it was set aside to %s",
		              run->cfg->acl.journal, summary->journal_set_aside);
		warn(run, text.data);
		strbuf_clear(&text);
	}
	fixsummary_counts(&text, summary, dry_run ? "would be fixed" : "fixed");
	console_step(run->out, summary->failed > 0 ? OWNLOG_ERROR : OWNLOG_INFO, "  %s", text.data);
	strbuf_free(&text);
}

static void count_fix(launcher *run, const fix_summary *summary)
{
	result_acl *acl = &run->result.acl;

	/* Noncompliant is what the first look found: a later repair finds
	 * only what the earlier ones could not fix or what changed since. */
	if (!run->fix_ran)
		acl->noncompliant = (unsigned)summary->noncompliant;
	run->fix_ran = true;
	acl->targets = (unsigned)summary->targets;
	acl->fixed += (unsigned)summary->fixed;
	acl->failed = (unsigned)summary->failed;
	if (summary->change_count > 0 && acl->journal == NULL)
		acl->journal = xstrdup(run->cfg->acl.journal);
}

/* ccmsetup writes to the registry too (the client version): what it wrote
 * is read before ccmwrap reads or writes again. */
static bool refresh_registry(launcher *run, error_message *err)
{
	return registry_refresh(run->settings->reg, err);
}

/* Applies (or with dry_run only plans) the permission repair; false when
 * a key could not be repaired or the repair could not be done at all. */
static bool repair_permissions(launcher *run, bool dry_run)
{
	fix_options options = { .dry_run = dry_run, .journal_path = NULL };
	fix_summary summary;
	error_message err;

	if (!refresh_registry(run, &err) ||
	    !fix_run(run->settings->reg, run->cfg, &options, &summary, &err)) {
		console_step(run->out, OWNLOG_ERROR, "  permissions could not be repaired: %s", err.text);
		strbuf_printf(new_detail(run), "permissions could not be repaired: %s", err.text);
		return false;
	}
	show_fix(run, &summary, dry_run);
	if (!dry_run)
		count_fix(run, &summary);
	bool repaired = summary.failed == 0;
	if (!repaired)
		strbuf_printf(new_detail(run), "%zu target keys could not be repaired", summary.failed);
	fix_summary_free(&summary);
	return repaired;
}

/* ---- the end ---- */

static void close_loop_handles(launcher *run)
{
	uv_close((uv_handle_t *)&run->timer, NULL);
	stoprequest_close(&run->stop, NULL);
}

static void finish(launcher *run, outcome_kind outcome, uint32_t code)
{
	if (run->finished)
		return;
	run->finished = true;
	run->outcome = outcome;
	run->last_code = code;
	/* A repair that failed on the way (during a stall) is not why a run
	 * that installed ended: the summary and the MIF say how it ended. */
	if (outcome_is_success(outcome))
		strbuf_clear(&run->detail);
	uv_timer_stop(&run->timer);
	close_loop_handles(run);
}

/* ---- attempts ---- */

static void on_attempt_event(void *context, const logpipeline_event *event)
{
	launcher *run = context;

	console_event(run->out, event);
}

static void on_attempt_stall(void *context, const char *action, uint64_t silent_ms)
{
	launcher *run = context;

	console_step(run->out, OWNLOG_WARNING,
	             "no log entry for %.1fs while %s runs: re-applying permissions while it hangs",
	             (double)silent_ms / 1000.0, action);
	repair_permissions(run, false);
}

static void on_attempt_log_error(void *context, const char *path, const char *message)
{
	launcher *run = context;

	console_step(run->out, OWNLOG_WARNING, "  %s: %s (still following)", path, message);
}

static void on_attempt_news(void *context, attempt_news news, const char *detail)
{
	launcher *run = context;
	strbuf grace = STRBUF_INIT;

	configvalue_format_duration(&grace, run->cfg->ccmsetup.stop_grace_ms);
	switch (news) {
	case ATTEMPT_LOGS_FOUND:
		console_step(run->out, OWNLOG_INFO, "  ccmsetup writes to %s", detail);
		break;
	case ATTEMPT_SERVICE_WAITING:
		console_step(run->out, OWNLOG_INFO, "  ccmsetup's first process exited; the ccmsetup "
		             "service goes on: waiting for it to stop");
		break;
	case ATTEMPT_SERVICE_STOPPED:
		console_step(run->out, OWNLOG_INFO, "  the ccmsetup service stopped");
		break;
	case ATTEMPT_STOP_ASKED:
		console_step(run->out, OWNLOG_WARNING, "  asked %s to stop; waiting up to %s (stop_grace) "
		             "for ccmsetup to end and Windows Installer to go idle", detail, grace.data);
		break;
	case ATTEMPT_STOP_FORCED:
		console_step(run->out, OWNLOG_WARNING, "  %s: ending what still runs", detail);
		break;
	case ATTEMPT_PROCESS_ENDED:
		console_step(run->out, OWNLOG_WARNING, "  ended %s", detail);
		break;
	case ATTEMPT_SERVICE_ERROR:
		console_step(run->out, OWNLOG_WARNING, "  %s", detail);
		break;
	}
	strbuf_free(&grace);
}

/* A crashed Windows process leaves the exception's NTSTATUS as its exit
 * code (0xC0000005 access violation ...): the error severity range. POSIX
 * exit codes never reach it, a crash there is a signal. */
static bool ended_by_exception(const attempt_report *report)
{
	return report->exit_status >= 0xC0000000LL && report->exit_status <= 0xFFFFFFFFLL;
}

/* How ccmsetup ended abnormally, for the attempt's record: a signal or an
 * exception status. Empty when it ended normally or was stopped by
 * ccmwrap itself, which the attempt's other fields already say. */
static void describe_abnormal_end(const attempt_report *report, strbuf *cause)
{
	if (report->stalled || report->timed_out || report->interrupted || !report->process_exited)
		return;
	if (report->term_signal != 0)
		strbuf_printf(cause, "killed-by-signal-%d", report->term_signal);
	else if (ended_by_exception(report))
		strbuf_printf(cause, "crashed-0x%08llX", (unsigned long long)report->exit_status);
}

/* Why an attempt that claimed success counts for nothing, recorded with
 * its signatures so that a fleet's report counts it. */
#define UNVERIFIED_NO_TERMINAL_LINE "unverified-no-terminal-line"
#define UNVERIFIED_VERSION_UNCHANGED "unverified-version-unchanged"

static void record_attempt(launcher *run, const attempt_report *report,
                           const classify_result *verdict, const char *unverified_cause)
{
	result_attempt *entry = result_add_attempt(&run->result);

	entry->exit_code = verdict->code;
	entry->stalled = report->stalled || report->timed_out;
	entry->duration_ms = report->duration_ms;
	for (size_t i = 0; i < report->signatures.count; i++)
		strlist_add(&entry->signatures, report->signatures.items[i]);
	strbuf cause = STRBUF_INIT;
	describe_abnormal_end(report, &cause);
	if (cause.length > 0)
		strlist_add_owned(&entry->signatures, strbuf_detach(&cause));
	strbuf_free(&cause);
	if (unverified_cause != NULL)
		strlist_add(&entry->signatures, unverified_cause);
}

static void describe_end(launcher *run, const attempt_report *report,
                         const classify_result *verdict)
{
	const char *how = report->stalled ? "stalled: stopped by the watchdog"
	                : report->timed_out ? "timed out: stopped"
	                : report->interrupted ? "interrupted"
	                : "ended";
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "attempt %u %s with code ", run->attempt_number, how);
	configvalue_format_code(&line, verdict->code);
	if (!report->interrupted)
		strbuf_printf(&line, " -> %s", classify_verdict_name(verdict->verdict));
	if (report->term_signal != 0)
		strbuf_printf(&line, " (ccmsetup ended by signal %d%s)", report->term_signal,
		              report->killed ? ", killed after the grace" : "");
	else if (ended_by_exception(report))
		strbuf_printf(&line, " (ccmsetup crashed with exception 0x%08llX)",
		              (unsigned long long)report->exit_status);
	for (size_t i = 0; i < report->signatures.count; i++)
		strbuf_printf(&line, "%s%s", i == 0 ? "; signatures: " : ", ",
		              report->signatures.items[i]);
	console_step(run->out, classify_installed(verdict->verdict) ? OWNLOG_INFO : OWNLOG_WARNING,
	             "%s", line.data);
	strbuf_free(&line);
}

static void on_backoff_done(uv_timer_t *timer)
{
	start_busy_wait(timer->data);
}

static void schedule_retry(launcher *run, classify_verdict verdict)
{
	if (verdict == CLASSIFY_FIX_RETRY) {
		console_step(run->out, OWNLOG_INFO, "repairing permissions before the next attempt");
		if (!repair_permissions(run, false)) {
			finish(run, OUTCOME_ACL, 0);
			return;
		}
	}
	uint64_t delay = retry_delay_ms(run->cfg, run->attempt_number, retry_system_random, NULL);
	console_step(run->out, OWNLOG_INFO, "waiting %.1fs before attempt %u of %u",
	             (double)delay / 1000.0, run->attempt_number + 1, run->cfg->retry.max_attempts);
	uv_timer_start(&run->timer, on_backoff_done, delay, 0);
}

/* Why a success code was not taken for one: the log of this attempt has
 * no terminal line of its last ccmsetup instance. */
static void explain_missing_terminal_line(launcher *run, const attempt_report *report,
                                          strbuf *why)
{
	if (!report->logs_found) {
		strbuf_add_string(why, "ccmsetup ended with a success code but wrote no log in this "
		                       "attempt: ");
		loglocate_describe(&run->sites, why);
		return;
	}
	strbuf_printf(why, "ccmsetup ended with a success code but %s holds no terminal line of "
	              "its last instance in this attempt",
	              run->sites.sites[report->site].ccmsetup_log);
}

/* With target_version an installation is confirmed by the version read
 * again. A success that left it below the target is unverified; a reboot
 * stays a reboot (ccmsetup's 7 before the client installs: a prerequisite
 * needs the reboot first), never an upgrade. */
static bool version_confirms(launcher *run, const classify_result *verdict, strbuf *why)
{
	const char *target = run->cfg->ccmsetup.target_version;
	strbuf found = STRBUF_INIT;
	error_message err;
	bool current = false;

	if (target == NULL || target[0] == '\0' || !classify_installed(verdict->verdict))
		return true;
	if (!refresh_registry(run, &err) ||
	    !skip_client_is_current(run->settings->reg, run->cfg, &current, &found, &err))
		strbuf_printf(why, "the client version cannot be read after the installation: %s",
		              err.text);
	else if (!current)
		strbuf_printf(why, "the client version did not reach target_version: %s", found.data);
	else
		console_step(run->out, OWNLOG_INFO, "  %s", found.data);
	strbuf_free(&found);
	if (current || verdict->verdict != CLASSIFY_REBOOT)
		return current;
	console_step(run->out, OWNLOG_WARNING, "  reboot pending, the client is not upgraded yet: %s",
	             why->data);
	strbuf_clear(why);
	return true;
}

/* The verdict on the evidence; *cause names what was missing, if anything. */
static void weigh_evidence(launcher *run, const attempt_report *report,
                           classify_result *verdict, strbuf *why, const char **cause)
{
	*cause = NULL;
	if (verdict->verdict == CLASSIFY_UNVERIFIED) {
		explain_missing_terminal_line(run, report, why);
		*cause = UNVERIFIED_NO_TERMINAL_LINE;
	} else if (!version_confirms(run, verdict, why)) {
		verdict->verdict = CLASSIFY_UNVERIFIED;
		*cause = UNVERIFIED_VERSION_UNCHANGED;
	}
	if (*cause != NULL)
		console_step(run->out, OWNLOG_WARNING, "  not taken for a success: %s", why->data);
}

static void judge_attempt(launcher *run, const attempt_report *report)
{
	classify_facts facts;
	classify_result verdict;
	strbuf why = STRBUF_INIT;
	const char *unverified_cause;

	attempt_facts(report, &facts);
	classify_attempt(&facts, &verdict);
	if (!run->interrupted)
		weigh_evidence(run, report, &verdict, &why, &unverified_cause);
	else
		unverified_cause = NULL;
	record_attempt(run, report, &verdict, unverified_cause);
	describe_end(run, report, &verdict);
	if (run->interrupted) {
		finish(run, OUTCOME_INTERRUPTED, verdict.code);
	} else if (verdict.verdict == CLASSIFY_SUCCESS) {
		finish(run, OUTCOME_SUCCESS, 0);
	} else if (verdict.verdict == CLASSIFY_REBOOT) {
		finish(run, OUTCOME_REBOOT, verdict.code);
	} else if (verdict.verdict == CLASSIFY_FAIL) {
		finish(run, OUTCOME_FAILED, verdict.code);
	} else if (run->attempt_number >= run->cfg->retry.max_attempts) {
		strbuf *detail = new_detail(run);
		strbuf_printf(detail, "no attempt left (max_attempts = %u)", run->cfg->retry.max_attempts);
		if (verdict.verdict == CLASSIFY_UNVERIFIED)
			strbuf_printf(detail, "; %s", why.data);
		finish(run, verdict.verdict == CLASSIFY_UNVERIFIED ? OUTCOME_UNVERIFIED
		            : facts.stalled                         ? OUTCOME_STALLED
		                                                    : OUTCOME_FAILED,
		       verdict.code);
	} else {
		run->retry_pending = true;
		run->retry_verdict = verdict.verdict;
	}
	strbuf_free(&why);
}

static void free_attempt(attempt *closed)
{
	free(closed);
}

/* The next attempt is scheduled only once every handle of the last one
 * has closed (on Windows that takes loop turns), so that two attempts
 * never follow the same logs or own a child at once; a Ctrl-C meanwhile
 * has finished the run. */
static void on_attempt_closed(attempt *closed)
{
	launcher *run = closed->data;

	free(closed);
	if (run->retry_pending && !run->finished)
		schedule_retry(run, run->retry_verdict);
	run->retry_pending = false;
}

/* Judged at once, so that the verdict is told as the attempt ends. */
static void on_attempt_done(void *context, attempt *finished)
{
	launcher *run = context;

	run->current = NULL;
	judge_attempt(run, attempt_get_report(finished));
	finished->data = run;
	attempt_close(finished, on_attempt_closed);
}

static void announce_attempt(launcher *run)
{
	strbuf line = STRBUF_INIT;

	strbuf_printf(&line, "attempt %u of %u: starting ccmsetup, ", run->attempt_number,
	              run->cfg->retry.max_attempts);
	if (run->sites.configured)
		strbuf_printf(&line, "following %s and %s", run->sites.sites[0].ccmsetup_log,
		              run->sites.sites[0].msi_log);
	else
		strbuf_printf(&line, "watching %zu folders for its logs until one is written",
		              run->sites.count);
	console_step(run->out, OWNLOG_INFO, "%s", line.data);
	strbuf_free(&line);
}

static void start_attempt(launcher *run)
{
	static const attempt_hooks hooks = {
		.on_event = on_attempt_event,
		.on_stall = on_attempt_stall,
		.on_log_error = on_attempt_log_error,
		.on_news = on_attempt_news,
		.on_done = on_attempt_done,
	};

	attempt *next = xmalloc(sizeof *next);
	error_message err;

	run->attempt_number++;
	announce_attempt(run);
	attempt_init(&run->loop, next, run->cfg, &run->sites, run->signatures, run->program, &hooks,
	             run);
	if (!attempt_start(next, &err)) {
		console_step(run->out, OWNLOG_ERROR, "ccmsetup could not be started: %s", err.text);
		strbuf_printf(new_detail(run), "%s", err.text);
		finish(run, OUTCOME_SPAWN, 0);
		attempt_close(next, free_attempt);
		return;
	}
	run->current = next;
	console_step(run->out, OWNLOG_INFO, "  ccmsetup running as process %d",
	             attempt_get_report(next)->process_id);
}

/* ---- waiting for another installation ---- */

/* Whether another installation runs now; reason says which. */
static bool another_installation_runs(launcher *run, strbuf *reason)
{
	char *program_folder = filepath_folder_of(run->program);
	busy_places places = { &run->sites, program_folder };
	bool busy = false;
	error_message err;
	bool answered = busy_check(&places, &busy, reason, &err);

	free(program_folder);
	if (answered)
		return busy;
	/* Unanswerable is not busy: ccmsetup itself reports 1618 if it is. */
	console_step(run->out, OWNLOG_WARNING, "cannot tell whether another installation runs: %s",
	             err.text);
	return false;
}

static void on_busy_poll(uv_timer_t *timer);

static void keep_waiting(launcher *run, const char *reason)
{
	uint64_t busy_wait_ms = run->cfg->ccmsetup.busy_wait_ms;

	if (!run->busy_announced)
		console_step(run->out, OWNLOG_WARNING, "another installation runs (%s): waiting up to %.1fs",
		             reason, (double)busy_wait_ms / 1000.0);
	run->busy_announced = true;
	uv_timer_start(&run->timer, on_busy_poll, launcher_busy_poll_ms(busy_wait_ms), 0);
}

static void on_busy_poll(uv_timer_t *timer)
{
	launcher *run = timer->data;
	strbuf reason = STRBUF_INIT;
	bool busy = another_installation_runs(run, &reason);
	uint64_t waited_ms = uv_now(&run->loop) - run->busy_since;

	if (!busy) {
		if (run->busy_announced)
			console_step(run->out, OWNLOG_INFO, "the other installation is over after %.1fs",
			             (double)waited_ms / 1000.0);
		start_attempt(run);
	} else if (waited_ms >= run->cfg->ccmsetup.busy_wait_ms) {
		console_step(run->out, OWNLOG_ERROR, "another installation still runs after %.1fs: %s",
		             (double)waited_ms / 1000.0, reason.data);
		strbuf_printf(new_detail(run), "another installation is in progress: %s", reason.data);
		finish(run, OUTCOME_BUSY, EXIT_BUSY);
	} else {
		keep_waiting(run, reason.data);
	}
	strbuf_free(&reason);
}

/* Before every attempt: a ccmsetup service that appeared since the last
 * is where its logs may be now. */
static void start_busy_wait(launcher *run)
{
	loglocate_free(&run->sites);
	loglocate_list_sites(run->cfg, &run->sites);
	run->busy_since = uv_now(&run->loop);
	run->busy_announced = false;
	on_busy_poll(&run->timer);
}

/* ---- a request to stop: Ctrl-C, SIGTERM, a service stop, shutdown ---- */

static void on_stop_request(stoprequest *request, const char *why)
{
	launcher *run = request->data;

	if (run->interrupted)
		return;
	run->interrupted = true;
	console_step(run->out, OWNLOG_WARNING, "%s received: stopping", why);
	strbuf_printf(new_detail(run), "stopped by %s", why);
	if (run->current != NULL)
		attempt_interrupt(run->current);
	else
		finish(run, OUTCOME_INTERRUPTED, 0);
}

/* ---- before the loop ---- */

/* The run ends before anything starts: no loop handle exists yet to close. */
static void end_before_loop(launcher *run, outcome_kind outcome, const char *detail)
{
	run->outcome = outcome;
	strbuf_printf(new_detail(run), "%s", detail);
}

/* Preflight per [acl] preflight; false when the run must end (outcome set). */
static bool preflight(launcher *run)
{
	config_preflight mode = run->cfg->acl.preflight;
	bool dry_run = run->settings->dry_run;

	if (dry_run) {
		/* The plan shows what a repair would change, whatever the mode. */
		console_step(run->out, OWNLOG_INFO, "preflight (%s): what a repair would change",
		             mode == CONFIG_PREFLIGHT_FIX     ? "fix"
		             : mode == CONFIG_PREFLIGHT_CHECK ? "check"
		                                              : "off");
		repair_permissions(run, true);
		return true;
	}
	if (mode == CONFIG_PREFLIGHT_OFF) {
		console_step(run->out, OWNLOG_INFO,
		             "preflight: off (permissions are repaired only when ccmsetup fails on them)");
		return true;
	}
	bool fixing = mode == CONFIG_PREFLIGHT_FIX;
	console_step(run->out, OWNLOG_INFO, "preflight: %s registry permissions",
	             fixing ? "repairing" : "checking");
	if (!repair_permissions(run, !fixing) && fixing) {
		/* repair_permissions has said why in the detail. */
		run->outcome = OUTCOME_ACL;
		return false;
	}
	return true;
}

/* target_version: true when the run ends here as "current". A version
 * that cannot be read does not stop the installation. */
static bool client_is_current(launcher *run)
{
	const char *target = run->cfg->ccmsetup.target_version;
	strbuf why = STRBUF_INIT;
	error_message err;
	bool current = false;

	if (target == NULL || target[0] == '\0')
		return false;
	if (!skip_client_is_current(run->settings->reg, run->cfg, &current, &why, &err)) {
		console_step(run->out, OWNLOG_WARNING, "cannot tell the installed client version: %s; "
		             "installing", err.text);
	} else if (current) {
		console_step(run->out, OWNLOG_INFO, "%s: the client is current, nothing to install",
		             why.data);
		end_before_loop(run, OUTCOME_CURRENT, why.data);
	} else {
		console_step(run->out, OWNLOG_INFO, "%s: installing", why.data);
	}
	strbuf_free(&why);
	return current;
}

/* min_interval: true when the run ends here as "skipped". A LastRun that
 * cannot be used does not stop the run. */
static bool too_soon(launcher *run)
{
	strbuf why = STRBUF_INIT;
	error_message err;
	bool skip = false;

	if (!skip_within_min_interval(run->settings->reg, run->cfg, run->result.started_ms, &skip,
	                              &why, &err)) {
		console_step(run->out, OWNLOG_WARNING, "min_interval: %s; ignoring it and running",
		             err.text);
	} else if (skip && run->settings->force) {
		console_step(run->out, OWNLOG_INFO, "min_interval: %s; --force: running now", why.data);
		skip = false;
	} else if (skip) {
		console_step(run->out, OWNLOG_INFO, "min_interval: %s; skipping this run (--force runs "
		             "it anyway)", why.data);
		end_before_loop(run, OUTCOME_SKIPPED, why.data);
	} else if (why.length > 0) {
		console_step(run->out, OWNLOG_INFO, "min_interval: %s", why.data);
	}
	strbuf_free(&why);
	return skip;
}

/* Where the logs are expected and why, before anything runs: --dry-run
 * and the own log say it. */
static void announce_log_sites(launcher *run)
{
	strbuf where = STRBUF_INIT;

	loglocate_list_sites(run->cfg, &run->sites);
	loglocate_describe(&run->sites, &where);
	console_step(run->out, OWNLOG_INFO, "ccmsetup's logs: %s", where.data);
	strbuf_free(&where);
}

/* An earlier run's MIF goes when this one starts: a run that writes none
 * (docs/DESIGN.md "Reporting") must not leave ConfigMgr an old verdict.
 * A plan changes nothing, so a dry run keeps it. */
static void remove_stale_mif(launcher *run)
{
	char *removed;
	error_message err;

	if (!mif_remove_stale(run->cfg, &removed, &err))
		warn(run, err.text);
	else if (removed != NULL)
		console_step(run->out, OWNLOG_INFO, "removed the status MIF of an earlier run: %s",
		             removed);
	free(removed);
}

/* A run that was cut off left its `running` trace: said before this run
 * replaces it, whether this one runs or is skipped. */
static void report_cut_off_run(launcher *run)
{
	char *note;
	error_message err;

	if (!trace_find_cut_off(run->settings->result_path, &note, &err))
		console_step(run->out, OWNLOG_WARNING, "%s", err.text);
	else if (note != NULL)
		warn(run, note);
	free(note);
}

static void leave_trace(launcher *run)
{
	error_message err;

	if (!refresh_registry(run, &err) ||
	    !trace_leave(run->settings->reg, run->cfg->ccmsetup.state_key,
	                 run->settings->result_path, &run->result, &err))
		console_step(run->out, OWNLOG_WARNING, "cannot leave the trace of this run: %s",
		             err.text);
}

static bool prepare(launcher *run)
{
	error_message err;

	for (size_t i = 0; run->settings->warnings != NULL && i < run->settings->warnings->count; i++)
		console_step(run->out, OWNLOG_WARNING, "%s", run->settings->warnings->items[i]);
	report_cut_off_run(run);
	if (!run->settings->dry_run)
		remove_stale_mif(run);
	if (too_soon(run))
		return false;
	if (!run->settings->dry_run)
		leave_trace(run);
	if (!signature_set_new(run->cfg->signatures, run->cfg->signature_count, &run->signatures,
	                       &err)) {
		console_step(run->out, OWNLOG_ERROR, "%s", err.text);
		end_before_loop(run, OUTCOME_CONFIG, err.text);
		return false;
	}
	if (!child_resolve_program(run->cfg->ccmsetup.path, run->cfg->directory, &run->program,
	                           &err)) {
		console_step(run->out, OWNLOG_ERROR, "%s", err.text);
		end_before_loop(run, OUTCOME_SPAWN, err.text);
		return false;
	}
	char *line = cmdline_format(run->program, &run->cfg->ccmsetup.args);
	console_step(run->out, OWNLOG_INFO, "ccmsetup command line: %s", line);
	free(line);
	announce_log_sites(run);
	return !client_is_current(run) && preflight(run);
}

static void run_loop(launcher *run)
{
	uv_loop_init(&run->loop);
	uv_timer_init(&run->loop, &run->timer);
	run->timer.data = run;
	stoprequest_init(&run->loop, &run->stop);
	run->stop.data = run;
	stoprequest_start(&run->stop, on_stop_request);
	start_busy_wait(run);
	uv_run(&run->loop, UV_RUN_DEFAULT);
	uv_loop_close(&run->loop);
}

/* LastRun, LastOutcome and LastExitCode for regedit and the next run's
 * min_interval. A skipped run leaves them alone: they describe the last
 * run that did something, and a LastRun moved on by every skip would keep
 * a fleet that polls more often than min_interval from ever running. */
static void save_run_state(launcher *run)
{
	const char *key = run->cfg->ccmsetup.state_key;
	error_message err;

	if (run->outcome == OUTCOME_SKIPPED)
		return;
	if (!refresh_registry(run, &err) ||
	    !runstate_write(run->settings->reg, key, run->result.started_ms, run->outcome,
	                    outcome_exit_code(run->outcome, run->last_code), &err))
		console_step(run->out, OWNLOG_WARNING, "cannot record the run state under %s: %s", key,
		             err.text);
}

/* A plan writes no report and no run state: nothing ran. */
static uint32_t end_dry_run(launcher *run, bool prepared)
{
	if (prepared) {
		console_final(run->out, OWNLOG_INFO, "dry run: nothing changed, ccmsetup not started");
		return 0;
	}
	console_final(run->out, OWNLOG_INFO,
	              "dry run: nothing changed, ccmsetup not started; the run would end as %s",
	              outcome_name(run->outcome));
	return outcome_exit_code(run->outcome, 0);
}

uint32_t launcher_run(const launcher_settings *settings)
{
	launcher run = { .settings = settings, .cfg = settings->cfg, .out = settings->out };
	uint32_t code;

	result_init(&run.result);
	for (size_t i = 0; settings->warnings != NULL && i < settings->warnings->count; i++)
		strlist_add(&run.result.warnings, settings->warnings->items[i]);
	bool prepared = prepare(&run);
	if (settings->dry_run) {
		code = end_dry_run(&run, prepared);
	} else {
		if (prepared)
			run_loop(&run);
		save_run_state(&run);
		code = runreport_finish(run.cfg, settings->result_path, &run.result, run.outcome,
		                        run.last_code, run.detail.data, run.out);
	}
	signature_set_free(run.signatures);
	loglocate_free(&run.sites);
	free(run.program);
	strbuf_free(&run.detail);
	result_free(&run.result);
	return code;
}
