/* A subcommand, tmux-style: one file each (cmd-*.c), one entry in the table
 * in main.c. What a command needs before it runs (the INI, the state
 * folder, the lock, the own log, the registry) it declares as flags, as
 * git's builtins declare RUN_SETUP: command_execute prepares them in one
 * place, in one order, hands them to the command and undoes them after
 * (docs/DESIGN.md "Command line"). */
#ifndef CCMWRAP_COMMAND_H
#define CCMWRAP_COMMAND_H

#include "checks/registry/registry.h"
#include "config/config.h"
#include "wrapper/commands/cli.h"
#include "wrapper/report/console.h"
#include "wrapper/report/ownlog.h"
#include "wrapper/run/instance.h"

enum command_need {
	/* The INI (-c), loaded and valid; else the command's usage_error_code. */
	COMMAND_NEEDS_CONFIG = 1u << 0,
	/* The INI's state folder made safe (config_prepare_state) first: the
	 * command keeps state there (a result file, the lock, the own log). */
	COMMAND_KEEPS_STATE = 1u << 1,
	/* The same for a command that writes the fix journal: a --dry-run
	 * writes none and needs no state folder. */
	COMMAND_JOURNALS = 1u << 2,
	/* The single-instance lock; another ccmwrap holding it ends the
	 * command with 10007. */
	COMMAND_LOCKS = 1u << 3,
	/* A console for the steps (-v, -q) and, unless --dry-run, the own log,
	 * whose first step names the version and the INI. */
	COMMAND_SHOWS_STEPS = 1u << 4,
	/* The registry: the file of --registry, else the native one. */
	COMMAND_OPENS_REGISTRY = 1u << 5,
	/* The registry, to be written back unless --dry-run: a registry file
	 * whose reading skipped lines is refused. */
	COMMAND_WRITES_REGISTRY = 1u << 6 | COMMAND_OPENS_REGISTRY,
	/* A setup that fails ends as a run does, with a result file and the
	 * status MIF (runreport_without_attempts), not only a message. */
	COMMAND_REPORTS_END = 1u << 7,
	/* The INI only when -c names one (scan-log's own signatures);
	 * without it the configuration stays empty. */
	COMMAND_READS_GIVEN_CONFIG = 1u << 8,
};

/* What command_execute prepared, each as the command's needs asked. */
typedef struct command_context {
	cli_options *options;
	config cfg;                  /* COMMAND_NEEDS_CONFIG, COMMAND_READS_GIVEN_CONFIG */
	registry *reg;               /* COMMAND_OPENS_REGISTRY */
	instance_lock *lock;         /* COMMAND_LOCKS */
	console out;                 /* COMMAND_SHOWS_STEPS */
	ownlog log;                  /* COMMAND_SHOWS_STEPS, unless --dry-run */
	strlist warnings;            /* what the setup found that needs an administrator's eye */
} command_context;

typedef struct command {
	const char *name;
	const char *usage;             /* the arguments, after "ccmwrap NAME" */
	const char *summary;
	unsigned options;              /* enum cli_option_flag */
	int min_arguments;
	int max_arguments;             /* -1 = any number */
	int usage_error_code;          /* exit code for a bad command line or an invalid INI */
	unsigned needs;                /* enum command_need */
	int registry_error_code;       /* exit code when the registry cannot be opened */
	/* Checks (and may rewrite) the positional arguments before anything
	 * is opened; NULL: nothing to check. A failure exits with
	 * usage_error_code. */
	bool (*check_arguments)(cli_options *options, error_message *err);
	int (*run)(command_context *context);
	/* With --detach, what runs instead: the command that starts this one
	 * in the background (run's); NULL: the command takes no --detach. */
	const struct command *detached;
} command;

/* Prepares what cmd needs, runs it and undoes the preparation; returns the
 * exit code. A preparation that fails says why on stderr (or, for
 * COMMAND_REPORTS_END, in the report) and the command does not run. */
int command_execute(const command *cmd, cli_options *options);

/* Where a run writes its result file: --result, else the INI's. */
const char *command_result_path(const command_context *context);

extern const command command_run;
extern const command command_config;
extern const command command_check;
extern const command command_fix;
extern const command command_rollback;
extern const command command_export;
extern const command command_scan_log;
extern const command command_report;
extern const command command_package;
extern const command command_push;
extern const command command_service;

#endif
