/* A fleet's result files summed up for `ccmwrap report`: runs by outcome,
 * by signature, attempts needed, and the hosts that did not succeed, as
 * text, CSV or JSON. */
#ifndef CCMWRAP_FLEETREPORT_H
#define CCMWRAP_FLEETREPORT_H

#include <stddef.h>

#include "config/base/text.h"
#include "wrapper/report/outcome.h"
#include "wrapper/report/result.h"

typedef struct fleetreport_host {
	char *host;
	outcome_kind outcome;
	uint32_t exit_code;
	char *finished;
	char *file;
} fleetreport_host;

typedef struct fleetreport {
	size_t files_read;
	size_t files_skipped;
	size_t outcome_runs[OUTCOME_KIND_COUNT];
	strlist signature_names;
	size_t *signature_runs;          /* parallel to signature_names */
	size_t *attempts_runs;           /* [n] = successful runs that took n attempts */
	size_t attempts_size;
	fleetreport_host *failed;
	size_t failed_count;
	size_t failed_capacity;
} fleetreport;

#define FLEETREPORT_INIT { 0 }

/* Counts one run read from `file`. */
void fleetreport_add(fleetreport *report, const run_result *result, const char *file);
void fleetreport_skip(fleetreport *report);

/* Reads every result file of paths, each a file or a folder searched with
 * its subfolders for *.json (in name order; links to folders are not
 * followed), into report (fleetfiles.c). What cannot be read is said on
 * stderr ("ccmwrap COMMAND: PATH: why; skipped") and counted as skipped. */
void fleetreport_read_paths(fleetreport *report, const strlist *paths, const char *command);

void fleetreport_format_text(const fleetreport *report, strbuf *out);
void fleetreport_format_csv(const fleetreport *report, strbuf *out);
void fleetreport_format_json(const fleetreport *report, strbuf *out);

void fleetreport_free(fleetreport *report);

#endif
