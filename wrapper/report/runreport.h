/* The end of every run, success or not (docs/DESIGN.md "Reporting"): the
 * outcome becomes the exit code (outcome.h, the one place), the result
 * file is written atomically, the status MIF is left for ConfigMgr (none
 * when it should run the program again), and the console and own log get
 * the summary line. */
#ifndef CCMWRAP_RUNREPORT_H
#define CCMWRAP_RUNREPORT_H

#include <stdint.h>

#include "config/config.h"
#include "wrapper/report/console.h"
#include "wrapper/report/result.h"

/* Completes and writes `result` (cfg may be NULL when the configuration
 * could not be loaded: no MIF then; result_path NULL or "": no result
 * file) and returns ccmwrap's exit code. `detail` says why, for the MIF
 * description and the last line; it may be NULL. */
uint32_t runreport_finish(const config *cfg, const char *result_path, run_result *result,
                          outcome_kind outcome, uint32_t attempt_code, const char *detail,
                          console *out);

/* The run ended before its first attempt (an invalid configuration, a
 * registry that cannot be opened): runreport_finish of a result without
 * attempts, so that the deployment still sees why. */
uint32_t runreport_without_attempts(const config *cfg, const char *result_path,
                                    outcome_kind outcome, const char *detail, console *out);

/* "success after 2 attempts (exit 0)"-style summary (caller frees). */
char *runreport_describe(const run_result *result, const char *detail);

#endif
