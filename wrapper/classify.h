/* What one ccmsetup attempt's end means (DESIGN.md "Exit codes"): the code
 * it ended with and what the launcher does next. Pure: the facts go in, the
 * verdict comes out, so every rule is tested without a process. */
#ifndef CCMWRAP_CLASSIFY_H
#define CCMWRAP_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "../config/config.h"
#include "logprogress.h"

typedef enum classify_verdict {
	CLASSIFY_SUCCESS,     /* installed, nothing more to do */
	CLASSIFY_REBOOT,      /* installed, reboot required (3010) or initiated (1641) */
	CLASSIFY_FIX_RETRY,   /* repair permissions, then try again */
	CLASSIFY_RETRY,       /* try again as it is */
	CLASSIFY_FAIL,        /* a signature says retrying cannot help */
} classify_verdict;

/* ccmsetup's own "success, reboot required" exit code. */
#define CLASSIFY_CCMSETUP_REBOOT 7u
/* A POSIX child ended by signal N is reported as the shell does: 128 + N. */
#define CLASSIFY_SIGNAL_BASE 128u

typedef struct classify_facts {
	const logprogress *progress;
	bool process_exited;          /* the started process ended while the attempt ran */
	uint32_t process_code;        /* its exit code */
	int term_signal;              /* the signal that ended it, 0 when it exited */
	bool stalled;                 /* the watchdog or the timeout stopped it */
	bool has_failure_action;      /* the strongest failure action matched, if any */
	config_signature_action failure_action;
	bool success_rule_seen;       /* a user [signature] with action = success matched */
} classify_facts;

typedef struct classify_result {
	classify_verdict verdict;
	uint32_t code;                /* the attempt's code, as ccmsetup/MSI gave it (7 stays 7) */
} classify_result;

void classify_attempt(const classify_facts *facts, classify_result *result);

/* Of two failure actions, the one that decides: fail over fix-retry over retry. */
config_signature_action classify_stronger_action(config_signature_action a,
                                                 config_signature_action b);

const char *classify_verdict_name(classify_verdict verdict);

/* Whether the attempt is over once the process has exited: always in
 * noservice mode; otherwise only when no ccmsetup service was started or
 * the last instance has logged its terminal line. */
bool classify_attempt_over(const logprogress *progress, config_ccmsetup_mode mode,
                           bool process_exited);

/* Whether the logs say ccmsetup handed the installation to its service
 * (never in noservice mode). */
bool classify_service_started(const logprogress *progress, config_ccmsetup_mode mode);

#endif
