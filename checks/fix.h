/* The permission repair (docs/DESIGN.md "Fix"): plan on a view of the registry,
 * then journal and apply. For each target subtree root with a non-compliant
 * key: add (A;CI;KA;;;trustee) after the explicit deny ACEs (Windows'
 * canonical order: explicit deny, explicit allow, inherited), remove the
 * trustee's explicit deny ACEs when remove_deny = trustee, and re-derive
 * every unprotected descendant that stores a descriptor (one that stores
 * none inherits by itself). Then every target is checked again and a key
 * still lacking the rights gets the same treatment on itself. No allow ACE
 * is ever removed; no key outside acl.scope is ever changed; and a repair
 * widens nobody's access but the trustee's: a descendant that re-deriving
 * would give another principal more than it has today (a descriptor stored
 * out of step with its parent) gets the trustee's ACE explicitly instead,
 * and the plan notes why. A key with no descriptor stored on it or above
 * it (a plain regedit export) is unknown: fix never gives it one, since
 * nothing says what it allows today. */
#ifndef CCMWRAP_FIX_H
#define CCMWRAP_FIX_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "checks/registry/registry.h"

typedef struct fix_options {
	bool dry_run;              /* plan only: nothing journaled, nothing written */
	const char *journal_path;  /* NULL: cfg->acl.journal */
} fix_options;

typedef struct fix_change {
	char *key;
	char *before;   /* NULL: the key stored no descriptor of its own */
	char *after;
} fix_change;

typedef struct fix_summary {
	size_t targets;        /* target keys checked */
	size_t noncompliant;   /* of them, lacking the rights before the fix */
	size_t fixed;          /* of those, holding them after */
	size_t failed;         /* target keys still lacking them (outside scope, or denied by
	                          an ACE fix may not remove) */
	size_t unknown;        /* target keys with no descriptor stored on them or above them:
	                          left alone, counted neither as noncompliant, fixed nor failed */
	fix_change *changes;   /* one per key changed, in the order applied */
	size_t change_count;
	strlist failures;      /* "KEY: why" for each failed key */
	strlist unknown_keys;  /* "KEY: why" for each unknown key */
	strlist missing;       /* configured keys that do not exist */
	char *journal_set_aside;   /* where a journal that could not be used went, and why; NULL */
	strlist notes;         /* "KEY: why" where the plan did other than the usual, or
	                          could not read a key that is not a target */
	strlist vanished;      /* keys deleted by another program while fix read or wrote
	                          them: skipped, not counted, warned of (REGISTRY_VANISHED_WHY) */
} fix_summary;

/* Checks, plans and (unless dry_run) applies: each change is journaled and
 * flushed before it is written, then the registry is committed and the
 * journal gets "done". False only when it could not work (registry or
 * journal error); keys it could not repair are counted in failed. A key
 * that vanishes on the way is skipped: its change, if any, is dropped
 * (its journal line stays; rollback finds the key gone). */
bool fix_run(registry *reg, const config *cfg, const fix_options *options, fix_summary *summary,
             error_message *err);
void fix_summary_free(fix_summary *summary);

#endif
