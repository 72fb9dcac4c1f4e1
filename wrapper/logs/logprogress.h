/* An attempt as its logs tell it (docs/DESIGN.md "Logs", "Evidence"):
 * which MSI action runs now, which ccmsetup instances ran, whether the
 * last one has logged its terminal line, and the code the attempt ends
 * with. Events of both logs go in, in the order they arrive, with the
 * signatures they matched.
 *
 * Each instance announces itself with "ccmsetup started in process N".
 * ccmsetup started as a service logs, in its first (bootstrap) process,
 * that it created (ConfigMgr 2007) or started (current branch) the
 * ccmsetup service, then "CcmSetup is exiting with return code 0" while
 * the service instance goes on: that exit is a hand-over, not the end.
 * Lines belong to an instance by thread id; a line without one by the
 * process ccmwrap started (logprogress_init's bootstrap_pid) and the
 * order of the lines. */
#ifndef CCMWRAP_LOGPROGRESS_H
#define CCMWRAP_LOGPROGRESS_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/text.h"
#include "wrapper/logs/logparse.h"
#include "wrapper/logs/signature.h"

#define LOGPROGRESS_ACTION_MAX 128
#define LOGPROGRESS_TIME_MAX 32
#define LOGPROGRESS_THREAD_MAX 32
/* The instances remembered: the newest ones (an attempt has two). */
#define LOGPROGRESS_INSTANCES_MAX 8

/* The lines by which ccmsetup announces an instance and hands over to its
 * service (compared case-insensitively within a message). */
#define LOGPROGRESS_INSTANCE_STARTED "ccmsetup started in process"
#define LOGPROGRESS_SERVICE_CREATED "Successfully created the ccmsetup service"
#define LOGPROGRESS_SERVICE_STARTED "Successfully started the ccmsetup service"

typedef struct logprogress_instance {
	long pid;                    /* 0: not announced (lines before any banner) */
	char thread[LOGPROGRESS_THREAD_MAX];
	bool handed_over;            /* it created or started the ccmsetup service */
	bool ended;                  /* its terminal line was seen */
	uint32_t code;
} logprogress_instance;

/* Read its fields; change it only through the functions below. */
typedef struct logprogress {
	bool action_running;
	char action[LOGPROGRESS_ACTION_MAX];            /* the MSI action running or last run */
	char action_started[LOGPROGRESS_TIME_MAX];      /* its start, in the log's clock */
	uint64_t action_changes;                        /* grows with every start and end */

	long bootstrap_pid;          /* the process ccmwrap started; 0 unknown */
	logprogress_instance instances[LOGPROGRESS_INSTANCES_MAX];   /* oldest first */
	unsigned instance_count;
	unsigned handover_exits;     /* exits 0 of instances that handed over */
	bool handover_seen;          /* an instance handed over to the service */
	bool finished;               /* the last instance's terminal line was seen */
	uint32_t terminal_code;      /* its code (an HRESULT already mapped) */

	bool has_failure_action;     /* a failure signature was seen; the strongest action */
	config_signature_action failure_action;
	bool success_rule_seen;      /* a user [signature] with action = success */
	bool has_signature_code;
	uint32_t signature_code;     /* the most specific failure signature's code */
	bool signature_code_specific;
} logprogress;

/* Adds to texts every text whose occurrence in an event's message can
 * change a progress: the instance banner, the hand-over lines, the
 * terminal lines (besides an MSI action, which an event carries as such). */
void logprogress_texts(strlist *texts);

/* bootstrap_pid: the process ccmwrap started (0 when unknown). */
void logprogress_init(logprogress *progress, long bootstrap_pid);
void logprogress_on_event(logprogress *progress, const log_event *event);
/* logprogress_on_event for an event whose message holds none of
 * logprogress_texts, even with ASCII letters in any case: only its MSI
 * action can tell anything. */
void logprogress_on_action(logprogress *progress, const log_event *event);
void logprogress_on_signature(logprogress *progress, const signature_match *match);

/* The attempt's code: the process exit code (when it exited), unless the
 * log says more: a terminal line's code wins over a bootstrap's 0 (or no
 * exit at all), and a failure signature's code wins over an unspecific
 * failure (ccmsetup's 1 or 6, MSI's 1603, E_FAIL), a 0 no terminal line
 * confirms, or none. False when neither the process nor the log gave a
 * code. */
bool logprogress_attempt_code(const logprogress *progress, bool process_exited,
                              uint32_t process_code, uint32_t *code);

/* Whether the logs say a ccmsetup service instance runs or will run: an
 * instance handed over, and the instance that ends the attempt has not
 * logged its terminal line yet. */
bool logprogress_service_pending(const logprogress *progress);

/* ccmsetup's and Windows Installer's codes that say only "it failed". */
bool logprogress_code_is_unspecific(uint32_t code);

#endif
