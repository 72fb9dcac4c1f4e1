/* An attempt as its logs tell it (DESIGN.md "Logs", "Exit codes"): which
 * MSI action runs now, whether the last ccmsetup instance has logged its
 * terminal line, and the code the attempt ends with. Events of both logs go
 * in, in the order they arrive, with the signatures they matched.
 *
 * ccmsetup started as a service logs, in its first (bootstrap) process,
 * `Successfully started the ccmsetup service` and then `CcmSetup is exiting
 * with return code 0` while the service instance goes on: that exit is not
 * the end. The end is the terminal line of the last instance. */
#ifndef CCMWRAP_LOGPROGRESS_H
#define CCMWRAP_LOGPROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "logparse.h"
#include "signature.h"

#define LOGPROGRESS_ACTION_MAX 128
#define LOGPROGRESS_TIME_MAX 32
#define LOGPROGRESS_THREAD_MAX 32
#define LOGPROGRESS_HANDOVERS_MAX 8

/* The lines by which ccmsetup announces an instance and hands over to its
 * service (compared case-insensitively within a message). */
#define LOGPROGRESS_INSTANCE_STARTED "ccmsetup started in process"
#define LOGPROGRESS_SERVICE_STARTED "Successfully started the ccmsetup service"

/* Read its fields; change it only through the functions below. */
typedef struct logprogress {
	bool action_running;
	char action[LOGPROGRESS_ACTION_MAX];            /* the MSI action running or last run */
	char action_started[LOGPROGRESS_TIME_MAX];      /* its start, in the log's clock */
	uint64_t action_changes;                        /* grows with every start and end */

	unsigned instances;          /* "ccmsetup started in process" lines */
	unsigned bootstrap_exits;    /* exits 0 after handing over to the service */
	bool finished;               /* the last instance's terminal line was seen */
	uint32_t terminal_code;      /* its code (an HRESULT already mapped) */

	bool failure_seen;           /* a signature whose action is a failure */
	bool has_signature_code;
	uint32_t signature_code;     /* the most specific failure signature's code */
	bool signature_code_specific;

	/* Threads that started the service and have not exited yet. */
	char handovers[LOGPROGRESS_HANDOVERS_MAX][LOGPROGRESS_THREAD_MAX];
	unsigned handover_count;
} logprogress;

void logprogress_init(logprogress *progress);
void logprogress_on_event(logprogress *progress, const log_event *event);
void logprogress_on_signature(logprogress *progress, const signature_match *match);

/* The attempt's code: the process exit code (when it exited), unless the
 * log says more: a terminal line's code wins over a bootstrap's 0 (or no
 * exit at all), and a failure signature's code wins over an unspecific
 * failure (ccmsetup's 1 or 6, MSI's 1603, E_FAIL) or none. False when
 * neither the process nor the log gave a code. */
bool logprogress_attempt_code(const logprogress *progress, bool process_exited,
                              uint32_t process_code, uint32_t *code);

/* ccmsetup's and Windows Installer's codes that say only "it failed". */
bool logprogress_code_is_unspecific(uint32_t code);

#endif
