/* `ccmwrap run`: the launcher's state machine on one libuv loop
 * (docs/DESIGN.md). An earlier run's status MIF is removed first (not by
 * --dry-run). A run within min_interval of the last is skipped (unless
 * --force); then preflight (per [acl] preflight), wait while another
 * installation runs (busy_wait, then 1618), attempts of ccmsetup
 * (attempt.h) classified by classify.h, permissions repaired before a
 * fix-retry and while an action stalls, backoff between attempts, a stop
 * request (stoprequest.h: 10006), the trace a run leaves when it starts
 * (trace.h), and the reports and the run state (state_key) at
 * the end of every run. */
#ifndef CCMWRAP_LAUNCHER_H
#define CCMWRAP_LAUNCHER_H

#include <stdbool.h>
#include <stdint.h>

#include "checks/registry/registry.h"
#include "config/config.h"
#include "wrapper/report/console.h"

typedef struct launcher_settings {
	const config *cfg;
	registry *reg;
	bool dry_run;              /* show the plan, start nothing */
	bool force;                /* ignore min_interval */
	const char *result_path;   /* --result, else [report] result */
	console *out;
	const strlist *warnings;   /* found before the launcher (own log set aside, a squatted
	                              mutex): said again and kept in the result; may be NULL */
} launcher_settings;

/* Runs to the end and returns ccmwrap's full exit code (32 bits). */
uint32_t launcher_run(const launcher_settings *settings);

/* The wait between busy checks: a tenth of busy_wait, at most a second,
 * at least a millisecond. */
uint64_t launcher_busy_poll_ms(uint64_t busy_wait_ms);

#endif
