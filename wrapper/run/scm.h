/* The Windows service control manager as ccmwrap asks it (docs/DESIGN.md
 * "Logs", "Windows specifics"): the ccmsetup service that ccmsetup hands an
 * installation to, and the Windows Installer service, whose state says
 * whether an installation runs. POSIX has no service manager: scm_present
 * is false there and every service is absent. */
#ifndef CCMWRAP_SCM_H
#define CCMWRAP_SCM_H

#include <stdbool.h>

#include "config/base/error.h"

/* The service ccmsetup creates for an installation it hands over. */
#define SCM_CCMSETUP "ccmsetup"
/* Windows Installer. */
#define SCM_INSTALLER "msiserver"

typedef struct scm_status {
	bool exists;
	bool running;                /* exists and not stopped */
	unsigned long process_id;    /* 0 when it runs in no process */
	unsigned long controls;      /* the controls it accepts now (SERVICE_ACCEPT_*) */
} scm_status;

/* Whether this platform has a service manager to ask. */
bool scm_present(void);

/* The service's state; a service that does not exist is not an error. */
bool scm_query(const char *name, scm_status *status, error_message *err);

/* The service's command line as its ImagePath holds it, environment
 * variables expanded (caller frees); NULL when the service does not exist. */
bool scm_command_line(const char *name, char **command_line, error_message *err);

/* Sends SERVICE_CONTROL_STOP. *requested is false when there was nothing
 * to ask: the service is absent, stopped or already stopping. */
bool scm_request_stop(const char *name, bool *requested, error_message *err);

/* Ends the service's process (TerminateProcess), for a service that
 * ignored a stop request. *terminated is false when no process ran. */
bool scm_terminate(const char *name, bool *terminated, error_message *err);

#endif
