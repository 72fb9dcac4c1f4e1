/* ccmwrap [run] [-c INI] [--registry FILE] [--dry-run] [--result FILE]
 * [-v|-q] [--force] [--allow-insecure-config]: what a package runs in place
 * of ccmsetup.exe. Its setup (command.c) loads the configuration (10001
 * with nothing started), takes the single-instance lock (10007), opens the
 * own log and the registry (10002), each failure reported as a run's end;
 * then it hands over to the launcher (launcher.h). */
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/run/launcher.h"

static int run_run(command_context *context)
{
	launcher_settings settings = {
		.cfg = &context->cfg,
		.reg = context->reg,
		.dry_run = context->options->dry_run,
		.force = context->options->force,
		.result_path = command_result_path(context),
		.out = &context->out,
		.warnings = &context->warnings,
	};

	return (int)launcher_run(&settings);
}

const command command_run = {
	.name = "run",
	.usage = "[-c INI] [--registry FILE] [--dry-run] [--result FILE] [-v|-q] [--force]",
	.summary = "repair permissions, run ccmsetup, follow its logs, retry and report (the default)",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_DRY_RUN | CLI_RESULT | CLI_VERBOSITY | CLI_FORCE,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG | COMMAND_KEEPS_STATE | COMMAND_LOCKS | COMMAND_SHOWS_STEPS |
	         COMMAND_WRITES_REGISTRY | COMMAND_REPORTS_END,
	.run = run_run,
};
