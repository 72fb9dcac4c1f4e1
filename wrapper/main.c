/* ccmwrap: finds the command in the table, parses its options in one
 * place (cli.c) and runs it. Without a command name, `run` is meant, as a
 * drop-in for a ccmsetup call. The program's entry is the platform's
 * (main-unix.c, main-win.c). */
#include "wrapper/main.h"

#include <stdio.h>
#include <string.h>

#include "wrapper/commands/cli.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static const command *const command_table[] = {
	&command_run,
	&command_check,
	&command_fix,
	&command_rollback,
	&command_config,
	&command_export,
	&command_scan_log,
	&command_report,
	&command_package,
	&command_push,
	&command_service,
};

#define COMMAND_COUNT (sizeof command_table / sizeof command_table[0])

static void print_usage(FILE *out)
{
	fprintf(out, "usage:\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  ccmwrap %-9s %s\n", command_table[i]->name, command_table[i]->usage);
	fprintf(out, "  ccmwrap --help | --version\n\n");
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		fprintf(out, "  %-9s %s\n", command_table[i]->name, command_table[i]->summary);
}

static const command *find_command(const char *name)
{
	for (size_t i = 0; i < COMMAND_COUNT; i++)
		if (strcmp(command_table[i]->name, name) == 0)
			return command_table[i];
	return NULL;
}

int ccmwrap_main(int argc, char **argv)
{
	const char *name = argc > 1 && argv[1][0] != '-' ? argv[1] : "run";
	int first = argc > 1 && argv[1][0] != '-' ? 2 : 1;
	cli_options options = { .argv0 = argv[0] };
	error_message err;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		print_usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		printf("ccmwrap %s\n", CCMWRAP_VERSION);
		return EXIT_OK;
	}
	const command *cmd = find_command(name);
	if (cmd == NULL) {
		fprintf(stderr, "ccmwrap: unknown command '%s'\n", name);
		print_usage(stderr);
		return EXIT_COMMAND_ERROR;
	}
	if (!cli_parse(argc, argv, first, cmd->options, cmd->min_arguments, cmd->max_arguments,
	               &options, &err)) {
		fprintf(stderr, "ccmwrap %s: %s\nusage: ccmwrap %s %s\n", cmd->name, err.text,
		        cmd->name, cmd->usage);
		cli_options_free(&options);
		return cmd->usage_error_code;
	}
	int code = command_execute(cmd, &options);
	cli_options_free(&options);
	return code;
}
