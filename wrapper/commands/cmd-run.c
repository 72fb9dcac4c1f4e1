/* ccmwrap [run] [-c INI] [--registry FILE] [--dry-run] [--result FILE]
 * [-v|-q] [--force] [--detach] [--allow-insecure-config]: what a package
 * runs in place of ccmsetup.exe. Its setup (command.c) loads the
 * configuration (10001 with nothing started), takes the single-instance
 * lock (10007), opens the own log and the registry (10002), each failure
 * reported as a run's end; then it hands over to the launcher
 * (launcher.h). With --detach only the INI is checked here; the run goes
 * on in the background (detach.h) and this process returns at once. */
#include <stdio.h>
#include <stdlib.h>

#include "config/base/filepath.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/run/detach.h"
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

static bool check_run_arguments(cli_options *options, error_message *err)
{
	if (options->detach && options->dry_run)
		return error_set(err, "--detach starts the run in the background and --dry-run only "
		                      "shows the plan here: give one of them");
	return true;
}

/* The background run starts elsewhere (a service starts in the system
 * folder): every path it is given is absolute. */
static bool add_path(strlist *arguments, const char *option, const char *path,
                     error_message *err)
{
	char *absolute;

	if (path == NULL)
		return true;
	absolute = filepath_absolute(path);
	if (absolute == NULL)
		return error_set(err, "cannot tell where %s is: the current folder is unknown", path);
	strlist_add(arguments, option);
	strlist_add_owned(arguments, absolute);
	return true;
}

static bool detached_arguments(const command_context *context, strlist *arguments,
                               error_message *err)
{
	const cli_options *options = context->options;

	if (!add_path(arguments, "-c", context->cfg.file, err) ||
	    !add_path(arguments, "--registry", options->registry_file, err) ||
	    !add_path(arguments, "--result", options->result_file, err))
		return false;
	if (options->force)
		strlist_add(arguments, "--force");
	if (options->allow_insecure_config)
		strlist_add(arguments, "--allow-insecure-config");
	if (options->verbosity != 0)
		strlist_add(arguments, options->verbosity > 0 ? "-v" : "-q");
	return true;
}

static int run_detached(command_context *context)
{
	strlist arguments = STRLIST_INIT;
	char *started = NULL;
	bool already_running = false;
	error_message err;
	int code = EXIT_OK;

	if (!detached_arguments(context, &arguments, &err) ||
	    !detach_start(&arguments, &started, &already_running, &err)) {
		fprintf(stderr, "ccmwrap: %s\n", already_running
		        ? "another ccmwrap is running on this machine; this one does nothing"
		        : err.text);
		code = already_running ? EXIT_ALREADY_RUNNING : EXIT_SPAWN_FAILED;
	} else {
		printf("ccmwrap: the run goes on in the background, as %s\n"
		       "ccmwrap: its result will be %s\n", started, command_result_path(context));
	}
	free(started);
	strlist_free(&arguments);
	return code;
}

#define RUN_USAGE "[-c INI] [--registry FILE] [--dry-run] [--result FILE] [-v|-q] [--force] [--detach]"
#define RUN_OPTIONS                                                                          \
	(CLI_CONFIG | CLI_REGISTRY | CLI_DRY_RUN | CLI_RESULT | CLI_VERBOSITY | CLI_FORCE |      \
	 CLI_DETACH)

static const command command_run_detached = {
	.name = "run",
	.usage = RUN_USAGE,
	.options = RUN_OPTIONS,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG,
	.check_arguments = check_run_arguments,
	.run = run_detached,
};

const command command_run = {
	.name = "run",
	.usage = RUN_USAGE,
	.summary = "repair permissions, run ccmsetup, follow its logs, retry and report (the default)",
	.options = RUN_OPTIONS,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG | COMMAND_KEEPS_STATE | COMMAND_LOCKS | COMMAND_SHOWS_STEPS |
	         COMMAND_WRITES_REGISTRY | COMMAND_REPORTS_END,
	.check_arguments = check_run_arguments,
	.detached = &command_run_detached,
	.run = run_run,
};
