/* Windows ACE inheritance for registry keys (every key is a container),
 * following "ACE Inheritance Rules" (learn.microsoft.com, secauthz):
 *   - a parent ACE with CI reaches the child as an effective ACE marked ID;
 *     it stays inheritable (keeps CI, and OI when set) unless NP is set, in
 *     which case the copy has no inheritance flags (NP stops at one level);
 *   - IO on the parent ACE only keeps it from applying to the parent: the
 *     copy drops IO;
 *   - when the inheritable ACE holds generic rights (GA GR GW GX) or CREATOR
 *     OWNER / CREATOR GROUP, the child gets two ACEs, as Windows does: an
 *     effective one with the rights mapped to key rights and the creator SID
 *     replaced by the child's owner / group, then an inherit-only one
 *     (IO ID plus the original CI/OI) that carries the generic form on;
 *   - an OI-only ACE reaches a container child as an inherit-only ACE
 *     (OI IO ID), and not at all with NP;
 *   - ACEs without CI or OI are not inherited.
 * A protected DACL (P) keeps only its own ACEs. */
#ifndef CCMWRAP_INHERIT_H
#define CCMWRAP_INHERIT_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/hashindex.h"
#include "config/base/text.h"
#include "checks/registry/registry.h"
#include "checks/sddltext.h"

/* Appends to child->aces the ACEs a container child receives from parent
 * (mapping creator SIDs to child->owner / child->group). */
void inherit_append_inherited(const security_descriptor *parent, security_descriptor *child);

/* The descriptor a child has under parent_effective. child_stored is the
 * child's own descriptor or NULL when it stores none: then it is an
 * unprotected key without explicit ACEs, owned like its parent. A
 * protected child stays as stored; an unprotected one keeps its explicit
 * (non-ID) ACEs, in order, followed by the inherited ones. Under a parent
 * that grants everything (no DACL or NULL DACL) a child storing nothing has
 * no DACL either. */
void inherit_derive(const security_descriptor *parent_effective,
                    const security_descriptor *child_stored, security_descriptor *out);

/* A key whose descriptor in force was worked out. */
typedef struct inherit_memo {
	char *key;                       /* NULL when none */
	security_descriptor effective;
	bool known;
} inherit_memo;

/* Where descriptors come from: the registry, seen through descriptors that
 * are planned but not yet written (fix plans on this view, so that --dry-run
 * and the real run compute the same thing). */
typedef struct inherit_source {
	registry *reg;
	strlist pending_keys;      /* each key once, its latest descriptor at the same place */
	strlist pending_sddl;
	hashindex pending_index;   /* key -> its place (a fix plans many thousands) */
	strlist warnings;          /* "KEY: why" for each ancestor whose descriptor was passed over */
	hashindex warning_index;   /* warning text -> its place */
	/* The descriptor in force on the parent of the last key asked about
	 * that stores none, and that key (NULL when none): a key storing none
	 * under either derives from it without reading and parsing its
	 * ancestors again (siblings under a large descriptor; a chain of keys
	 * hundreds of levels deep, parents first). The last key's own
	 * descriptor is derived only when a child of it is asked about, so
	 * that siblings do not copy theirs. Forgotten when a change is
	 * planned. */
	inherit_memo parent;
	char *last_key;
} inherit_source;

void inherit_source_init(inherit_source *source, registry *reg);
void inherit_source_free(inherit_source *source);
/* Records a planned descriptor for key; later lookups see it. */
void inherit_source_set(inherit_source *source, const char *key, const char *sddl);
/* The descriptor key stores (planned, else in the registry) as text
 * (caller frees); NULL when it stores none or does not exist. */
bool inherit_source_stored(inherit_source *source, const char *key, char **sddl,
                           error_message *err);
/* The descriptor in force on key: the stored one, or, for a key storing
 * none, derived from its nearest ancestor that stores one (no DACL at all
 * when none does). key's own descriptor must be readable; an ancestor's
 * that is not (it cannot be read, or is not SDDL) goes to
 * source->warnings and ends the walk there: a key that is not a target
 * never stops a check or a fix (docs/DESIGN.md "Access semantics").
 * *known (unless NULL) says whether a descriptor was found: false when
 * none is stored up the path (a plain regedit export) or the walk ended
 * at an unreadable one, and then out says nothing of what the key allows. */
bool inherit_effective(inherit_source *source, const char *key, security_descriptor *out,
                       bool *known, error_message *err);

#endif
