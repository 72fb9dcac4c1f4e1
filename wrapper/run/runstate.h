/* The run state under [ccmsetup] state_key (docs/DESIGN.md), what an
 * administrator sees in regedit and what min_interval measures from:
 * LastRun (REG_SZ, when the run started, ISO 8601 UTC as in the result
 * file), LastOutcome (REG_SZ, the result file's outcome name) and
 * LastExitCode (REG_DWORD, the full 32-bit exit code). */
#ifndef CCMWRAP_RUNSTATE_H
#define CCMWRAP_RUNSTATE_H

#include <stdbool.h>
#include <stdint.h>

#include "checks/registry/registry.h"
#include "config/base/error.h"
#include "wrapper/report/outcome.h"

#define RUNSTATE_LAST_RUN "LastRun"
#define RUNSTATE_LAST_OUTCOME "LastOutcome"
#define RUNSTATE_LAST_EXIT_CODE "LastExitCode"

/* Writes the three values (creating state_key) and commits. The outcome
 * must have a name (not OUTCOME_ALREADY_RUNNING). */
bool runstate_write(registry *reg, const char *state_key, int64_t started_ms,
                    outcome_kind outcome, uint32_t exit_code, error_message *err);

/* LastRun as milliseconds since the epoch. *found is false when the key or
 * the value does not exist (no run recorded yet). False, with a message
 * naming the value, when it exists but is not a time as ccmwrap writes it. */
bool runstate_read_last_run(registry *reg, const char *state_key, bool *found,
                            int64_t *last_run_ms, error_message *err);

#endif
