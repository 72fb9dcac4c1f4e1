/* The one place that turns how a run ended into the result file's outcome
 * string and ccmwrap's exit code (docs/DESIGN.md "Exit codes"). */
#ifndef CCMWRAP_OUTCOME_H
#define CCMWRAP_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

typedef enum outcome_kind {
	OUTCOME_SUCCESS,          /* installed or upgraded, terminal state seen */
	OUTCOME_CURRENT,          /* client already at target_version */
	OUTCOME_SKIPPED,          /* within min_interval of the last run */
	OUTCOME_REBOOT,           /* success, reboot required or initiated */
	OUTCOME_FAILED,           /* failure after all attempts */
	OUTCOME_BUSY,             /* another installation still ran after busy_wait */
	OUTCOME_CONFIG,           /* configuration invalid */
	OUTCOME_ACL,              /* permissions could not be repaired */
	OUTCOME_SPAWN,            /* ccmsetup could not be started */
	OUTCOME_STALLED,          /* stalled or timed out, not recovered */
	OUTCOME_INTERRUPTED,      /* Ctrl-C or SIGTERM */
	OUTCOME_ALREADY_RUNNING,  /* another ccmwrap holds the instance lock */
	OUTCOME_UNVERIFIED,       /* ccmsetup claimed success without evidence */
	OUTCOME_RUNNING,          /* the trace a run leaves when it starts: the run is under
	                             way, or was cut off if its process is gone */
	OUTCOME_UNREACHABLE,      /* push: the host could not be reached (its Win32 error) */
	OUTCOME_KIND_COUNT
} outcome_kind;

/* Windows Installer's generic failure, for a failure whose code said 0. */
#define OUTCOME_GENERIC_FAILURE_CODE 1603u

/* The result file's "outcome" string; NULL for OUTCOME_ALREADY_RUNNING,
 * which writes no result file: the running instance owns it. */
const char *outcome_name(outcome_kind kind);

/* The outcome named by a result file's string; false when it is none. */
bool outcome_from_name(const char *name, outcome_kind *kind);

/* ccmwrap's exit code. attempt_code is the last attempt's ccmsetup/MSI code
 * (used by OUTCOME_REBOOT: 1641 stays 1641, anything else is 3010; and by
 * OUTCOME_FAILED: passed through, except that 0 becomes 1603 so that a
 * failure never reports success). */
uint32_t outcome_exit_code(outcome_kind kind, uint32_t attempt_code);

/* Whether ConfigMgr should count the run as successful (MIF "Success"). */
bool outcome_is_success(outcome_kind kind);

/* Whether ConfigMgr should run the program again: busy (1618) and
 * interrupted. Such a run writes no status MIF, whose "Failed" would
 * make the failure final (docs/DESIGN.md "Reporting"). */
bool outcome_is_retryable(outcome_kind kind);

#endif
