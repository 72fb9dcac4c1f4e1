/* Runs that need not install (docs/DESIGN.md "INI" [ccmsetup]): a client
 * already at least at target_version, as the registry value
 * version_key\version_value says, is left alone (outcome "current"); a run
 * within min_interval of the last one (LastRun under state_key) is skipped
 * (outcome "skipped"). */
#ifndef CCMWRAP_SKIP_H
#define CCMWRAP_SKIP_H

#include <stdbool.h>
#include <stdint.h>

#include "checks/registry/registry.h"
#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"

/* Compares dotted versions number by number ("4.00.6487.2000" <
 * "4.0.6487.2111"; a missing part counts as 0). False when either is not
 * digits and dots; *order is <0, 0 or >0. */
bool skip_compare_versions(const char *left, const char *right, int *order);

/* Whether the installed client is at least target_version. A missing key
 * or value means no client (not current). why gets the installed version
 * or what was found instead, for the console. False when the registry
 * could not be read or the value is no version. */
bool skip_client_is_current(registry *reg, const config *cfg, bool *current, strbuf *why,
                            error_message *err);

/* Whether a run at now_ms comes less than min_interval after LastRun.
 * min_interval 0 never skips and reads nothing. why gets when the last run
 * was and, when skipping, when the next is allowed. False when LastRun is
 * there but unusable: not a time, or later than now (the clock went back). */
bool skip_within_min_interval(registry *reg, const config *cfg, int64_t now_ms, bool *skip,
                              strbuf *why, error_message *err);

#endif
