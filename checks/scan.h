/* The keys whose permissions matter (docs/DESIGN.md "Access semantics",
 * Targets): every configured `key`, plus every key under `scope` whose
 * name, value names or string data (REG_SZ, REG_EXPAND_SZ, REG_MULTI_SZ)
 * contain a `search` term, case-insensitive; each with its whole subtree.
 * Works through the registry interface only. */
#ifndef CCMWRAP_SCAN_H
#define CCMWRAP_SCAN_H

#include <stdbool.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "checks/registry/registry.h"

typedef struct scan_result {
	strlist roots;     /* subtree roots: configured keys first, then matches; none below an earlier one */
	strlist keys;      /* every key of every root's subtree, each once, parents first */
	strlist missing;   /* configured keys that do not exist (reported, not an error) */
	strlist vanished;  /* keys deleted by another program during the walk: skipped, warned of */
} scan_result;

#define SCAN_RESULT_INIT { STRLIST_INIT, STRLIST_INIT, STRLIST_INIT, STRLIST_INIT }

bool scan_targets(registry *reg, const config *cfg, scan_result *result, error_message *err);
void scan_result_free(scan_result *result);

/* Every key of key's subtree, key first, depth first in the backend's
 * order, appended to keys; keys that vanish meanwhile go to vanished
 * (registry_walk). */
bool scan_subtree(registry *reg, const char *key, strlist *keys, strlist *vanished,
                  error_message *err);

#endif
