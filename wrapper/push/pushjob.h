/* One host's push, start to end, as one blocking call on a thread of
 * libuv's pool (docs/DESIGN.md "Push and the one-shot service"): ccmwrap,
 * its INI and the --with files copied to ADMIN$\ccmwrap, the one-shot
 * service created with the command line that puts the result there,
 * started and waited for (asked to stop at the timeout), the result
 * fetched to RESULTS\HOST.json, the service and the folder removed. */
#ifndef CCMWRAP_PUSHJOB_H
#define CCMWRAP_PUSHJOB_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/push/pushtarget.h"
#include "wrapper/report/outcome.h"

/* ADMIN$\ccmwrap: the folder push fills on each host. */
#define PUSHJOB_FOLDER "ccmwrap"
#define PUSHJOB_INI "ccmwrap.ini"
#define PUSHJOB_RESULT "result.json"

/* What every host gets; shared read-only by the threads. */
typedef struct pushjob_plan {
	const pushtarget_ops *ops;
	const char *hosts_root;        /* the simulation's; NULL natively */
	const char *executable;        /* ccmwrap's own, copied under its base name */
	const char *ini;               /* copied as ccmwrap.ini */
	const strlist *with_paths;     /* each copied under its base name */
	const char *results_dir;
	char *command_line;            /* the service's (pushjob_plan_init) */
	uint64_t timeout_ms;
	uint64_t stop_grace_ms;        /* after the stop request, before the host is left */
	bool keep;
} pushjob_plan;

/* Builds the service's command line: "%windir%\ccmwrap\EXE" service -c
 * "%windir%\ccmwrap\ccmwrap.ini" --result "%windir%\ccmwrap\result.json",
 * and --keep when keep. The caller fills the other fields. */
void pushjob_plan_init(pushjob_plan *plan, const char *executable, bool keep);
void pushjob_plan_free(pushjob_plan *plan);

typedef struct pushjob_result {
	/* The host could not be reached: nothing was written, push may try
	 * again (step and error say where and why). */
	bool unreachable;
	const char *step;
	pushtarget_error error;
	/* Otherwise RESULTS\HOST.json was written (or could not be: written
	 * false, error.message says why), holding this outcome. */
	bool written;
	outcome_kind outcome;
	uint32_t exit_code;
	unsigned fixed;                /* keys whose permissions the host's run repaired */
	/* What went wrong after the result was known (removing the service or
	 * the folder), for stderr; empty when nothing did. */
	error_message cleanup;
} pushjob_result;

/* Pushes to host. */
void pushjob_run(const pushjob_plan *plan, const char *host, pushjob_result *result);

/* RESULTS\HOST.json (caller frees). */
char *pushjob_result_path(const char *results_dir, const char *host);

/* Writes the result push records itself for host: outcome, exit code and
 * one warning (a host it could not reach, a service that left no result). */
bool pushjob_write_own_result(const char *results_dir, const char *host, outcome_kind outcome,
                              uint32_t exit_code, const char *warning, error_message *err);

#endif
