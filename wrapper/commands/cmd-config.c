/* ccmwrap config: validates the INI and prints the effective
 * configuration, which config_load accepts again unchanged. */
#include <stdio.h>
#include <stdlib.h>

#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"

static int run_config(command_context *context)
{
	char *text = config_format(&context->cfg);

	fputs(text, stdout);
	free(text);
	return EXIT_OK;
}

const command command_config = {
	.name = "config",
	.usage = "[-c INI] [--allow-insecure-config]",
	.summary = "validate the INI and print the effective configuration",
	.options = CLI_CONFIG,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG,
	.run = run_config,
};
