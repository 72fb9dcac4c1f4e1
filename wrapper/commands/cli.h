/* Command-line options shared by every subcommand, parsed in one place.
 * Each command says which options it takes; anything else is a usage error
 * that names the option. */
#ifndef CCMWRAP_CLI_H
#define CCMWRAP_CLI_H

#include <stdbool.h>

#include "checks/registry/registry.h"
#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"

enum cli_option_flag {
	CLI_CONFIG = 1u << 0,          /* -c INI, --allow-insecure-config */
	CLI_REGISTRY = 1u << 1,        /* --registry FILE */
	CLI_DRY_RUN = 1u << 2,         /* --dry-run */
	CLI_RESULT = 1u << 3,          /* --result FILE */
	CLI_VERBOSITY = 1u << 4,       /* -v, -q */
	CLI_FORCE = 1u << 5,           /* --force */
	CLI_JSON = 1u << 6,            /* --json */
	CLI_JOURNAL = 1u << 7,         /* --journal FILE */
	CLI_FOLLOW = 1u << 8,          /* --follow */
	CLI_OUTPUT = 1u << 9,          /* -o FILE */
	CLI_FORMAT = 1u << 10,         /* --format text|csv|json */
	CLI_DETACH = 1u << 11,         /* --detach */
	CLI_PUSH = 1u << 12,           /* --hosts FILE, --with PATH..., --parallel N, --results DIR,
	                                  --timeout D, --hosts-root DIR */
	CLI_KEEP = 1u << 13,           /* --keep */
};

typedef struct cli_options {
	const char *argv0;
	const char *config_path;       /* NULL: ccmwrap.ini beside the executable */
	bool allow_insecure_config;
	const char *registry_file;     /* NULL: the native registry */
	bool dry_run;
	const char *result_file;
	int verbosity;                 /* -1 quiet, 0 normal, 1 verbose */
	bool force;
	bool json;
	const char *journal_file;
	bool follow;
	const char *output_file;
	const char *format;
	bool detach;
	const char *hosts_file;
	strlist with_paths;            /* --with, in order; repeatable */
	const char *parallel;          /* as given; the command checks it */
	const char *results_dir;
	const char *timeout;           /* as given; the command checks it */
	bool keep;
	const char *hosts_root;
	strlist arguments;             /* positional arguments, in order */
} cli_options;

/* Parses argv[first..argc) for a command taking `accepted` options and
 * between min_arguments and max_arguments positionals (-1 = any number). */
bool cli_parse(int argc, char **argv, int first, unsigned accepted, int min_arguments,
               int max_arguments, cli_options *options, error_message *err);
void cli_options_free(cli_options *options);

/* Loads the INI named by the options, printing every error to stderr.
 * Returns false when the configuration is invalid (exit 10001). */
bool cli_load_config(const cli_options *options, config *cfg);

/* Before a command keeps state (journal, own log, lock): the state folder
 * made safe and the INI's state paths checked (config_prepare_state),
 * problems printed to stderr. False: exit 10001, as for an insecure INI. */
bool cli_prepare_state(const cli_options *options, const config *cfg);

/* Opens the registry file of --registry, or the native registry, and
 * prints to stderr what reading it passed over, a "ccmwrap: FILE:LINE:
 * ..." line each. A command that writes the registry back (writes)
 * refuses a file whose reading skipped lines (registry_check_rewritable). */
bool cli_open_registry(const cli_options *options, bool writes, registry **reg,
                       error_message *err);

#endif
