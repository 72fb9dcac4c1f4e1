/* One ccmwrap per machine: two would repair and install at the same time
 * and overwrite each other's result. POSIX: an exclusive lock on a lock
 * file (default ccmwrap.lock in the system's temporary folder); Windows:
 * the named mutex Global\ccmwrap. The environment variable
 * CCMWRAP_INSTANCE_LOCK names another lock file or mutex, so that tests
 * running side by side do not see each other. */
#ifndef CCMWRAP_INSTANCE_H
#define CCMWRAP_INSTANCE_H

#include <stdbool.h>

#include "../config/error.h"

typedef struct instance_lock instance_lock;

/* The lock's name: `name` when given, else CCMWRAP_INSTANCE_LOCK, else the
 * platform's default (caller frees). */
char *instance_lock_name(const char *name);

/* Takes the lock named by instance_lock_name(name). When another process
 * (or another instance_lock in this one) holds it, returns true with
 * *lock = NULL and *held_elsewhere = true. False only when the lock could
 * not be tried at all. The lock is never passed on to child processes. */
bool instance_lock_acquire(const char *name, instance_lock **lock, bool *held_elsewhere,
                           error_message *err);
void instance_lock_release(instance_lock *lock);

/* The platform's lock when none is named (caller frees). */
char *instance_default_name(void);

#endif
