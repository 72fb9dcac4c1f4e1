/* The result file of a run (docs/DESIGN.md "Reporting"): what ConfigMgr-side
 * tooling and `ccmwrap report` read. Written atomically at the end of every
 * run that owns it, success or not; read back strictly by `report`. */
#ifndef CCMWRAP_RESULT_H
#define CCMWRAP_RESULT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/report/outcome.h"

typedef struct result_attempt {
	unsigned number;          /* "n", from 1 */
	uint32_t exit_code;       /* full 32 bits, as ccmsetup/MSI returned it */
	strlist signatures;       /* names of the signatures seen */
	bool stalled;
	uint64_t duration_ms;
} result_attempt;

typedef struct result_acl {
	unsigned targets;
	unsigned noncompliant;
	unsigned fixed;
	unsigned failed;
	char *journal;            /* NULL = no journal written (JSON null) */
} result_acl;

typedef struct run_result {
	char *version;
	char *host;
	int64_t started_ms;       /* Unix epoch, UTC */
	int64_t finished_ms;
	outcome_kind outcome;
	uint32_t exit_code;
	result_attempt *attempts;
	size_t attempt_count;
	result_acl acl;
	unsigned long process_id; /* "pid": the run's process, written only with outcome
	                             `running` (0: absent) */
	strlist warnings;         /* "warnings": what an administrator should look at (a
	                             state file set aside, a squatted mutex); absent when none */
	/* Read back only: the times as the file holds them. */
	char *started_text;
	char *finished_text;
} run_result;

/* version = CCMWRAP_VERSION, host = this machine's name, started = now. */
void result_init(run_result *result);
/* A new attempt numbered after the last (owned by result). */
result_attempt *result_add_attempt(run_result *result);
void result_free(run_result *result);

/* The JSON text, one line plus a newline (caller frees). */
char *result_format_json(const run_result *result);

/* Sets finished = now unless already set, then replaces path atomically;
 * a folder at path is set aside first, with a warning in the result.
 * The outcome must have a name (not OUTCOME_ALREADY_RUNNING). */
bool result_write(run_result *result, const char *path, error_message *err);

/* Reads a result file's text strictly; the error names the line and field. */
bool result_parse(const char *text, size_t length, run_result *result, error_message *err);

#endif
