/* ccmwrap service -c INI [--registry FILE] [--result FILE] [--keep]: the
 * one-shot service that push and run --detach create runs this
 * (docs/DESIGN.md "Push and the one-shot service"). It connects to the
 * service manager first, within the time Windows allows a starting
 * service, and only then does everything `run` does, setup included; the
 * run's exit code becomes the service's. Unless --keep, the service
 * deletes itself when the run ends. */
#include <stdio.h>

#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/run/servicemain.h"

static int run_as_service(void *options)
{
	return command_execute(&command_run, options);
}

static int run_service(command_context *context)
{
	error_message err;
	int code;

	if (!servicemain_run(run_as_service, context->options, !context->options->keep, &code,
	                     &err)) {
		fprintf(stderr, "ccmwrap service: %s\n", err.text);
		return EXIT_COMMAND_ERROR;
	}
	return code;
}

const command command_service = {
	.name = "service",
	.usage = "-c INI [--registry FILE] [--result FILE] [--force] [--keep]",
	.summary = "the one-shot service that push and run --detach start (not for a console)",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_RESULT | CLI_VERBOSITY | CLI_FORCE | CLI_KEEP,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.run = run_service,
};
