/* "Is another installation in progress?", asked before ccmsetup starts:
 * Windows Installer runs one installation at a time, and ccmsetup started
 * beside a running one fails with 1618 (docs/DESIGN.md "Logs").
 *
 * Windows: Windows Installer runs an installation (installer.h: its
 * service's state, never its _MSIExecute mutex), a ccmsetup.exe process
 * runs from a ccmsetup folder or as SYSTEM (anyone may start a program of
 * that name elsewhere), or the ccmsetup service is not stopped.
 * POSIX (the test double's world): the file `ccmsetup-busy` in a folder
 * where ccmsetup writes (busy_lock_path), owned by root or by the user
 * running ccmwrap, is locked by another process, which the fake ccmsetup
 * does for as long as it runs, the way an installation holds the MSI
 * mutex. It takes the lock with instance_lock_acquire(path). */
#ifndef CCMWRAP_BUSY_H
#define CCMWRAP_BUSY_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/run/loglocate.h"

/* The POSIX busy lock beside ccmsetup_log (caller frees). */
char *busy_lock_path(const char *ccmsetup_log);

/* Where an installation of ccmsetup runs from: the sites where it writes
 * its logs, and the folder of the configured program (NULL: none). */
typedef struct busy_places {
	const loglocate_list *sites;
	const char *program_folder;
} busy_places;

/* Sets *busy, and when busy appends to reason what is running, for the
 * console and the log. False when the question could not be answered. */
bool busy_check(const busy_places *places, bool *busy, strbuf *reason, error_message *err);

#endif
