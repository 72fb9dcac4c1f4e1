/* A subcommand, tmux-style: one file each (cmd-*.c), one entry in the table
 * in main.c. */
#ifndef CCMWRAP_COMMAND_H
#define CCMWRAP_COMMAND_H

#include "wrapper/commands/cli.h"

typedef struct command {
	const char *name;
	const char *usage;             /* the arguments, after "ccmwrap NAME" */
	const char *summary;
	unsigned options;              /* enum cli_option_flag */
	int min_arguments;
	int max_arguments;             /* -1 = any number */
	int usage_error_code;          /* exit code for a bad command line */
	int (*run)(cli_options *options);
} command;

extern const command command_run;
extern const command command_config;
extern const command command_check;
extern const command command_fix;
extern const command command_rollback;
extern const command command_export;
extern const command command_scan_log;
extern const command command_report;

#endif
