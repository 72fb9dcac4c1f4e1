/* What one ccmsetup attempt's end means (docs/DESIGN.md "Exit codes",
 * "Evidence"): the code it ended with and what the launcher does next.
 * Success needs evidence: the terminal line of the attempt's last ccmsetup
 * instance with a success code (or a user rule with action = success); a
 * success code without it is unverified. Pure: the facts go in, the
 * verdict comes out, so every rule is tested without a process. */
#ifndef CCMWRAP_CLASSIFY_H
#define CCMWRAP_CLASSIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "config/config.h"
#include "wrapper/logs/logprogress.h"

typedef enum classify_verdict {
	CLASSIFY_SUCCESS,     /* installed, nothing more to do */
	CLASSIFY_REBOOT,      /* installed, reboot required (3010) or initiated (1641) */
	CLASSIFY_FIX_RETRY,   /* repair permissions, then try again */
	CLASSIFY_RETRY,       /* try again as it is */
	CLASSIFY_FAIL,        /* a signature says retrying cannot help */
	CLASSIFY_UNVERIFIED,  /* a success code without the log's word for it: try again */
} classify_verdict;

/* ccmsetup's own "success, reboot required" exit code. */
#define CLASSIFY_CCMSETUP_REBOOT 7u
/* A POSIX child ended by signal N is reported as the shell does: 128 + N. */
#define CLASSIFY_SIGNAL_BASE 128u

typedef struct classify_facts {
	const logprogress *progress;  /* what the logs said, signatures included */
	bool process_exited;          /* the started process ended while the attempt ran */
	uint32_t process_code;        /* its exit code */
	int term_signal;              /* the signal that ended it, 0 when it exited */
	bool stalled;                 /* the watchdog or the timeout stopped it */
} classify_facts;

typedef struct classify_result {
	classify_verdict verdict;
	uint32_t code;                /* the attempt's code, as ccmsetup/MSI gave it (7 stays 7) */
} classify_result;

void classify_attempt(const classify_facts *facts, classify_result *result);

const char *classify_verdict_name(classify_verdict verdict);

/* Whether the logs let the attempt end once the process ccmwrap started
 * has exited: always in noservice mode; otherwise unless a hand-over to
 * the ccmsetup service awaits its instance's terminal line. Where there is
 * a service manager, the service's own state decides besides (attempt.c). */
bool classify_logs_let_attempt_end(const logprogress *progress, config_ccmsetup_mode mode);

/* What the logs alone say, without a process and its exit code (scan-log
 * reads them so; run adds the process through classify_attempt). False
 * while they tell no end: no failure, and the last ccmsetup instance has
 * not logged its terminal line (a service instance may be at work).
 * Otherwise the verdict and code, as classify_attempt gives them. */
bool classify_logs(const logprogress *progress, classify_result *result);

/* Whether verdict installed the client (success or reboot). */
bool classify_installed(classify_verdict verdict);

#endif
