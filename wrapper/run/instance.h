/* One ccmwrap per machine: two would repair and install at the same time
 * and overwrite each other's result (docs/DESIGN.md "Windows specifics").
 * Windows: the named mutex Global\ccmwrap, created for SYSTEM and
 * Administrators only. One that exists with another owner was made by
 * someone to keep ccmwrap from running (squatting): that is reported as
 * hostile and the lock is taken on a file in the state folder instead.
 * POSIX: an exclusive lock on ccmwrap.lock in the state folder, a state
 * file (config/base/statefile.h). The environment variable
 * CCMWRAP_INSTANCE_LOCK names another lock file or mutex, so that tests
 * running side by side do not see each other. */
#ifndef CCMWRAP_INSTANCE_H
#define CCMWRAP_INSTANCE_H

#include <stdbool.h>

#include "config/base/error.h"

/* The lock file in a state folder (POSIX, and Windows' fallback). */
#define INSTANCE_LOCK_FILE "ccmwrap.lock"

typedef struct instance_lock instance_lock;

/* The lock's name: `name` when given, else CCMWRAP_INSTANCE_LOCK, else the
 * platform's default (caller frees). */
char *instance_lock_name(const char *name, const char *state_dir);

/* Takes the lock named by instance_lock_name(name, state_dir). When another
 * process (or another instance_lock in this one) holds it, returns true
 * with *lock = NULL and *held_elsewhere = true. *hostile (caller frees)
 * says how a squatted mutex, or a lock file that could not be trusted and
 * was set aside, was found; NULL when neither was. False only when
 * the lock could not be tried at all. The lock is never passed on to child
 * processes. */
bool instance_lock_acquire(const char *name, const char *state_dir, instance_lock **lock,
                           bool *held_elsewhere, char **hostile, error_message *err);
void instance_lock_release(instance_lock *lock);

/* The platform's lock when none is named (caller frees). */
char *instance_default_name(const char *state_dir);
/* The report of a lock file set aside (statefile_append_or_set_aside's
 * note, which it takes), NULL for none (caller frees). */
char *instance_set_aside_note(char *set_aside);

#endif
