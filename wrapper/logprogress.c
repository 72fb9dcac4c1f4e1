#include "logprogress.h"

#include <stdio.h>
#include <string.h>

#include "../config/text.h"

#define E_FAIL_CODE 0x80004005u

void logprogress_init(logprogress *progress)
{
	memset(progress, 0, sizeof *progress);
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

static void remember_handover(logprogress *progress, const char *thread)
{
	if (progress->handover_count == LOGPROGRESS_HANDOVERS_MAX)
		return;
	copy_text(progress->handovers[progress->handover_count++], LOGPROGRESS_THREAD_MAX, thread);
}

/* A bootstrap exits on the thread that started the service; a log without
 * thread ids cannot tell, so any waiting handover answers for it. */
static bool take_handover(logprogress *progress, const char *thread)
{
	for (unsigned i = 0; i < progress->handover_count; i++) {
		const char *waiting = progress->handovers[i];
		if (waiting[0] == '\0' || thread[0] == '\0' || strcmp(waiting, thread) == 0) {
			progress->handover_count--;
			memmove(progress->handovers[i], progress->handovers[i + 1],
			        (progress->handover_count - i) * LOGPROGRESS_THREAD_MAX);
			return true;
		}
	}
	return false;
}

static void track_instances(logprogress *progress, const log_event *event)
{
	uint32_t code;

	if (event->source != LOG_SOURCE_CCMSETUP)
		return;
	if (text_contains_nocase(event->message, LOGPROGRESS_INSTANCE_STARTED)) {
		progress->instances++;
		progress->finished = false;
	} else if (text_contains_nocase(event->message, LOGPROGRESS_SERVICE_STARTED)) {
		remember_handover(progress, event->thread);
	} else if (signature_terminal_code(event->message, &code)) {
		bool exiting = text_contains_nocase(event->message, "is exiting");
		if (exiting && code == 0 && take_handover(progress, event->thread)) {
			progress->bootstrap_exits++;
			return;
		}
		progress->finished = true;
		progress->terminal_code = code;
	}
}

void logprogress_on_event(logprogress *progress, const log_event *event)
{
	track_action(progress, event);
	track_instances(progress, event);
}

bool logprogress_code_is_unspecific(uint32_t code)
{
	return code == 1 || code == 6 || code == 1603 || code == E_FAIL_CODE;
}

void logprogress_on_signature(logprogress *progress, const signature_match *match)
{
	if (!signature_action_is_failure(match->action))
		return;
	progress->failure_seen = true;
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
	if (progress->has_signature_code && (!known || logprogress_code_is_unspecific(result))) {
		known = true;
		result = progress->signature_code;
	}
	*code = known ? result : 0;
	return known;
}
