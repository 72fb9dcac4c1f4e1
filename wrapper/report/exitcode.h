/* ccmwrap's own exit codes (docs/DESIGN.md "Exit codes"). Every code ccmwrap
 * returns is named here; the mapping from an outcome to a code lives with
 * the launcher's classification, in one place. */
#ifndef CCMWRAP_EXITCODE_H
#define CCMWRAP_EXITCODE_H

enum {
	EXIT_OK = 0,
	EXIT_CHECK_NONCOMPLIANT = 1,   /* check / scan-log: something was found */
	EXIT_COMMAND_ERROR = 2,        /* check / scan-log / usage: could not do it */
	EXIT_REBOOT_REQUIRED = 3010,
	EXIT_REBOOT_INITIATED = 1641,
	EXIT_BUSY = 1618,
	EXIT_CONFIG_INVALID = 10001,
	EXIT_ACL_NOT_REPAIRED = 10002,
	EXIT_SPAWN_FAILED = 10003,
	EXIT_STALLED = 10004,
	EXIT_ROLLBACK_CONFLICTS = 10005,
	EXIT_INTERRUPTED = 10006,
	EXIT_ALREADY_RUNNING = 10007,
	EXIT_UNVERIFIED = 10008,       /* success claimed without evidence */
	EXIT_PUSH_FAILED = 10009,      /* push: a host failed or was unreachable */
};

#endif
