/* The trace a run leaves as it starts, so that a run cut off (Group
 * Policy's startup-script limit, a shutdown, a killed service) is still
 * seen (docs/DESIGN.md "Reporting"): LastRun, LastOutcome `running` and
 * the exit code such a run ends with (10006) under state_key, and the
 * result file with outcome `running` and the run's process id. The final
 * result and run state replace them. The next run that finds a `running`
 * result whose process is gone reports it as interrupted. */
#ifndef CCMWRAP_TRACE_H
#define CCMWRAP_TRACE_H

#include <stdbool.h>

#include "checks/registry/registry.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/report/result.h"

/* A result at result_path left `running` by a process that is gone: *note
 * (caller frees) says which run was cut off; NULL when there is none (no
 * file, another outcome, a process that still runs). False, with a
 * message, when the file exists but cannot be read as a result. */
bool trace_find_cut_off(const char *result_path, char **note, error_message *err);

/* Writes the run state and the `running` result for result (its
 * started time and this process's id); result is left as it was. */
bool trace_leave(registry *reg, const char *state_key, const char *result_path,
                 run_result *result, error_message *err);

#endif
