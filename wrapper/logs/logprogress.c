#include "wrapper/logs/logprogress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

#define E_FAIL_CODE 0x80004005u

void logprogress_init(logprogress *progress, long bootstrap_pid)
{
	memset(progress, 0, sizeof *progress);
	progress->bootstrap_pid = bootstrap_pid;
}

void logprogress_texts(strlist *texts)
{
	strlist_add(texts, LOGPROGRESS_INSTANCE_STARTED);
	strlist_add(texts, LOGPROGRESS_SERVICE_CREATED);
	strlist_add(texts, LOGPROGRESS_SERVICE_STARTED);
	signature_terminal_texts(texts);
}

static void copy_text(char *to, size_t size, const char *from)
{
	snprintf(to, size, "%s", from);
}

static void track_action(logprogress *progress, const log_event *event)
{
	if (event->action == LOG_ACTION_NONE)
		return;
	progress->action_changes++;
	if (event->action == LOG_ACTION_START) {
		progress->action_running = true;
		copy_text(progress->action, sizeof progress->action, event->action_name);
		copy_text(progress->action_started, sizeof progress->action_started, event->time);
	} else {
		/* An end closes whatever ran: the action itself or an enclosing
		 * sequence (INSTALL) that is over. */
		progress->action_running = false;
	}
}

/* ---- instances ---- */

static logprogress_instance *last_instance(logprogress *progress)
{
	return progress->instance_count > 0 ? &progress->instances[progress->instance_count - 1]
	                                    : NULL;
}

static logprogress_instance *add_instance(logprogress *progress, long pid, const char *thread)
{
	if (progress->instance_count == LOGPROGRESS_INSTANCES_MAX) {
		memmove(&progress->instances[0], &progress->instances[1],
		        (LOGPROGRESS_INSTANCES_MAX - 1) * sizeof progress->instances[0]);
		progress->instance_count--;
	}
	logprogress_instance *instance = &progress->instances[progress->instance_count++];
	memset(instance, 0, sizeof *instance);
	instance->pid = pid;
	copy_text(instance->thread, sizeof instance->thread, thread);
	progress->finished = false;
	return instance;
}

/* The newest instance matching: by thread (a non-empty one), by process. */
static logprogress_instance *find_instance(logprogress *progress, const char *thread, long pid)
{
	for (unsigned i = progress->instance_count; i-- > 0;) {
		logprogress_instance *instance = &progress->instances[i];
		if (thread != NULL && thread[0] != '\0' && strcmp(instance->thread, thread) == 0)
			return instance;
		if (pid != 0 && instance->pid == pid)
			return instance;
	}
	return NULL;
}

/* The newest instance that handed over and has not exited yet. */
static logprogress_instance *pending_handover(logprogress *progress)
{
	for (unsigned i = progress->instance_count; i-- > 0;)
		if (progress->instances[i].handed_over && !progress->instances[i].ended)
			return &progress->instances[i];
	return NULL;
}

/* A line no rule attributed belongs to the newest instance; when that one
 * has ended, to an instance that never announced itself. */
static logprogress_instance *newest_or_unannounced(logprogress *progress, const char *thread)
{
	logprogress_instance *instance = last_instance(progress);

	return instance != NULL && !instance->ended ? instance : add_instance(progress, 0, thread);
}

static bool announced_pid(const char *message, long *pid)
{
	const char *at = text_find_nocase(message, LOGPROGRESS_INSTANCE_STARTED);
	char *end;

	if (at == NULL)
		return false;
	*pid = strtol(at + strlen(LOGPROGRESS_INSTANCE_STARTED), &end, 10);
	return true;
}

/* The hand-over comes from the process ccmwrap started: without a thread
 * that says otherwise, it is that process's. */
static void on_handover(logprogress *progress, const char *thread)
{
	logprogress_instance *owner = find_instance(progress, thread, 0);

	if (owner == NULL)
		owner = find_instance(progress, NULL, progress->bootstrap_pid);
	if (owner == NULL || owner->ended)
		owner = newest_or_unannounced(progress, thread);
	owner->handed_over = true;
	progress->handover_seen = true;
}

/* An exit 0 without a thread that says whose is the hand-over's, while one
 * is pending: the bootstrap leaves while its service instance works. */
static void on_terminal(logprogress *progress, const char *thread, uint32_t code)
{
	logprogress_instance *owner = find_instance(progress, thread, 0);

	if (owner == NULL && code == 0)
		owner = pending_handover(progress);
	if (owner == NULL || owner->ended)
		owner = newest_or_unannounced(progress, thread);
	owner->ended = true;
	owner->code = code;
	if (owner->handed_over && code == 0) {
		progress->handover_exits++;
		return;
	}
	if (owner == last_instance(progress)) {
		progress->finished = true;
		progress->terminal_code = code;
	}
}

static void track_instances(logprogress *progress, const log_event *event)
{
	uint32_t code;
	long pid;

	if (event->source != LOG_SOURCE_CCMSETUP)
		return;
	if (announced_pid(event->message, &pid))
		add_instance(progress, pid, event->thread);
	else if (text_contains_nocase(event->message, LOGPROGRESS_SERVICE_CREATED) ||
	         text_contains_nocase(event->message, LOGPROGRESS_SERVICE_STARTED))
		on_handover(progress, event->thread);
	else if (signature_terminal_code(event->message, &code))
		on_terminal(progress, event->thread, code);
}

bool logprogress_service_pending(const logprogress *progress)
{
	return progress->handover_seen && !progress->finished;
}

void logprogress_on_event(logprogress *progress, const log_event *event)
{
	track_action(progress, event);
	track_instances(progress, event);
}

void logprogress_on_action(logprogress *progress, const log_event *event)
{
	track_action(progress, event);
}

bool logprogress_code_is_unspecific(uint32_t code)
{
	return code == 1 || code == 6 || code == 1603 || code == E_FAIL_CODE;
}

void logprogress_on_signature(logprogress *progress, const signature_match *match)
{
	if (match->action == CONFIG_ACTION_SUCCESS && !match->builtin)
		progress->success_rule_seen = true;
	if (!signature_action_is_failure(match->action))
		return;
	progress->failure_action = progress->has_failure_action
	    ? signature_stronger_action(progress->failure_action, match->action)
	    : match->action;
	progress->has_failure_action = true;
	if (!match->has_code || match->code == 0)
		return;
	bool specific = !logprogress_code_is_unspecific(match->code);
	/* The first code wins, unless a specific one follows an unspecific one:
	 * MSI's Return value 3 (1603) says less than the 1602 before or after it. */
	if (!progress->has_signature_code || (specific && !progress->signature_code_specific)) {
		progress->has_signature_code = true;
		progress->signature_code = match->code;
		progress->signature_code_specific = specific;
	}
}

bool logprogress_attempt_code(const logprogress *progress, bool process_exited,
                              uint32_t process_code, uint32_t *code)
{
	bool known = process_exited;
	uint32_t result = process_code;

	if (progress->finished && (!known || result == 0)) {
		known = true;
		result = progress->terminal_code;
	}
	/* A 0 no terminal line confirms says less than a failure logged. */
	bool unconfirmed_zero = result == 0 && !progress->finished;
	if (progress->has_signature_code &&
	    (!known || unconfirmed_zero || logprogress_code_is_unspecific(result))) {
		known = true;
		result = progress->signature_code;
	}
	*code = known ? result : 0;
	return known;
}
