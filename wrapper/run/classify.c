#include "wrapper/run/classify.h"

#include <stddef.h>

#include "wrapper/report/exitcode.h"
#include "wrapper/report/outcome.h"

/* Codes that end the attempt well, whatever the log said before. The code
 * stays as ccmsetup gave it; outcome_exit_code turns 7 into 3010. */
static const struct {
	uint32_t code;
	classify_verdict verdict;
} code_rules[] = {
	{ 0, CLASSIFY_SUCCESS },
	{ CLASSIFY_CCMSETUP_REBOOT, CLASSIFY_REBOOT },
	{ EXIT_REBOOT_REQUIRED, CLASSIFY_REBOOT },
	{ EXIT_REBOOT_INITIATED, CLASSIFY_REBOOT },
};

/* A failed attempt: what its strongest failure signature asks for
 * (signature_stronger_action: a rule that says retrying cannot help wins). */
static const struct {
	config_signature_action action;
	classify_verdict verdict;
} action_rules[] = {
	{ CONFIG_ACTION_FAIL, CLASSIFY_FAIL },
	{ CONFIG_ACTION_FIX_RETRY, CLASSIFY_FIX_RETRY },
	{ CONFIG_ACTION_RETRY, CLASSIFY_RETRY },
};

#define COUNT(array) (sizeof array / sizeof array[0])

/* POSIX keeps only the low 8 bits of an exit code (1602 arrives as 66):
 * a code the log states in full and that agrees with them is the code. */
static uint32_t full_process_code(const classify_facts *facts)
{
	const logprogress *progress = facts->progress;
	uint32_t code = facts->process_code;

	if (code > 0xFFu)
		return code;
	if (progress->finished && progress->terminal_code > 0xFFu &&
	    (progress->terminal_code & 0xFFu) == code)
		return progress->terminal_code;
	if (progress->has_signature_code && progress->signature_code > 0xFFu &&
	    (progress->signature_code & 0xFFu) == code)
		return progress->signature_code;
	return code;
}

static uint32_t attempt_code(const classify_facts *facts)
{
	uint32_t code;

	/* A killed process left no code of its own: the signal is the cause,
	 * unless the last instance had already logged its end. */
	if (facts->process_exited && facts->term_signal != 0 && !facts->progress->finished)
		return CLASSIFY_SIGNAL_BASE + (uint32_t)facts->term_signal;
	if (logprogress_attempt_code(facts->progress, facts->process_exited,
	                             full_process_code(facts), &code))
		return code;
	return OUTCOME_GENERIC_FAILURE_CODE;
}

static classify_verdict failure_verdict(const classify_facts *facts)
{
	const logprogress *progress = facts->progress;

	if (progress->has_failure_action)
		for (size_t i = 0; i < COUNT(action_rules); i++)
			if (action_rules[i].action == progress->failure_action)
				return action_rules[i].verdict;
	return CLASSIFY_RETRY;
}

/* The verdict of a success code, or false for a failure code. */
static bool success_verdict(uint32_t code, classify_verdict *verdict)
{
	for (size_t i = 0; i < COUNT(code_rules); i++) {
		if (code_rules[i].code == code) {
			*verdict = code_rules[i].verdict;
			return true;
		}
	}
	return false;
}

/* A user rule that says a line means success, taken when the attempt's
 * last instance logged its end and no failure was seen. */
static bool success_rule_applies(const classify_facts *facts)
{
	const logprogress *progress = facts->progress;

	return progress->success_rule_seen && !progress->has_failure_action && progress->finished;
}

/* The log's word for a success: the last instance's terminal line with a
 * success code, or a user rule's that a line means success. */
static bool success_logged(const classify_facts *facts)
{
	classify_verdict ignored;

	return (facts->progress->finished && success_verdict(facts->progress->terminal_code, &ignored)) ||
	       success_rule_applies(facts);
}

void classify_attempt(const classify_facts *facts, classify_result *result)
{
	if (facts->stalled) {
		result->verdict = CLASSIFY_RETRY;
		result->code = EXIT_STALLED;
		return;
	}
	result->code = attempt_code(facts);
	if (success_verdict(result->code, &result->verdict)) {
		if (!success_logged(facts))
			result->verdict = CLASSIFY_UNVERIFIED;
		return;
	}
	if (success_rule_applies(facts)) {
		result->verdict = CLASSIFY_SUCCESS;
		result->code = 0;
		return;
	}
	result->verdict = failure_verdict(facts);
}

bool classify_logs(const logprogress *progress, classify_result *result)
{
	classify_facts facts = { .progress = progress };

	if (!progress->finished && !progress->has_failure_action)
		return false;
	classify_attempt(&facts, result);
	return true;
}

const char *classify_verdict_name(classify_verdict verdict)
{
	switch (verdict) {
	case CLASSIFY_SUCCESS: return "success";
	case CLASSIFY_REBOOT: return "reboot";
	case CLASSIFY_FIX_RETRY: return "fix-retry";
	case CLASSIFY_RETRY: return "retry";
	case CLASSIFY_FAIL: return "fail";
	case CLASSIFY_UNVERIFIED: return "unverified";
	}
	return "unknown";
}

bool classify_logs_let_attempt_end(const logprogress *progress, config_ccmsetup_mode mode)
{
	return mode == CONFIG_MODE_NOSERVICE || !logprogress_service_pending(progress);
}

bool classify_installed(classify_verdict verdict)
{
	return verdict == CLASSIFY_SUCCESS || verdict == CLASSIFY_REBOOT;
}
