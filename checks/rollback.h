/* Undoing fixes from the journal (docs/DESIGN.md "Journal"): every
 * "before" is restored in reverse order. A key already at its before needs
 * nothing; a key at neither before nor after was changed by someone else
 * since and is a conflict, left alone unless forced; a key that no longer
 * exists is gone, and holds nothing of the fix to undo. Descriptors are
 * compared parsed (semantically); the exact before text is written back.
 * A rollback that leaves no conflict unresolved (or is forced) marks the
 * journal "rolled-back", so a second one has nothing to do; one that
 * leaves conflicts can be repeated, e.g. with --force.
 *
 * A rollback only undoes what a fix can do, whatever the journal says: a
 * journal of another registry is refused whole; a key outside acl.scope,
 * and a restore that would change an owner or group or give anyone but the
 * trustee more than the fix left them, are refused (not even --force
 * writes them) and counted as unresolved. */
#ifndef CCMWRAP_ROLLBACK_H
#define CCMWRAP_ROLLBACK_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "checks/registry/registry.h"

typedef struct rollback_summary {
	size_t changes;     /* journal changes considered */
	size_t restored;    /* keys written back to their before */
	size_t unchanged;   /* already at their before */
	size_t conflicts;   /* at neither before nor after (forced ones included) */
	size_t gone;        /* no longer there: nothing of the fix left to undo */
	size_t refused;     /* more than an undo of a fix: never written */
	size_t unresolved;  /* conflicts left as they are: exit 10005 */
	bool forced;
	strlist messages;   /* one line each: "conflict KEY: ...", "refused KEY: ..." */
} rollback_summary;

bool rollback_run(registry *reg, const config *cfg, const char *journal_path, bool force,
                  rollback_summary *summary, error_message *err);
void rollback_summary_free(rollback_summary *summary);

#endif
