/* ccmwrap [run] [-c INI] [--registry FILE] [--dry-run] [--result FILE]
 * [-v|-q] [--force] [--allow-insecure-config]: what a package runs in place
 * of ccmsetup.exe. Loads the configuration (10001 with nothing started),
 * takes the single-instance lock (10007), opens the registry (10002),
 * opens the own log, then hands over to the launcher (launcher.h). */
#include <stdio.h>
#include <stdlib.h>

#include "wrapper/commands/command.h"
#include "wrapper/report/console.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/run/instance.h"
#include "wrapper/run/launcher.h"
#include "wrapper/report/ownlog.h"
#include "wrapper/report/runreport.h"

/* The run ends before the launcher: a report without attempts, so that
 * the deployment still sees why. */
static uint32_t report_early_end(const config *cfg, const char *result_path, outcome_kind outcome,
                                 const char *detail, console *out)
{
	run_result result;

	result_init(&result);
	uint32_t code = runreport_finish(cfg, result_path, &result, outcome, 0, detail, out);
	result_free(&result);
	return code;
}

static void open_own_log(const config *cfg, ownlog *log, console *out, strlist *warnings)
{
	char *set_aside = NULL;
	error_message err;

	if (!ownlog_open(log, cfg->logs.own, cfg->logs.own_max_size, &set_aside, &err)) {
		fprintf(stderr, "ccmwrap: own log: %s; going on without it\n", err.text);
		return;
	}
	out->log = log;
	if (set_aside == NULL)
		return;
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "the own log %s could not be trusted; it was set aside to %s",
	              cfg->logs.own, set_aside);
	strlist_add_owned(warnings, strbuf_detach(&text));
	free(set_aside);
}

static int launch(cli_options *options, const config *cfg, console *out, strlist *warnings)
{
	registry *reg = NULL;
	ownlog log = { .file = -1 };
	error_message err;
	const char *result_path = options->result_file != NULL ? options->result_file
	                                                      : cfg->report.result;

	if (!options->dry_run)
		open_own_log(cfg, &log, out, warnings);
	console_step(out, OWNLOG_INFO, "ccmwrap %s: configuration %s", CCMWRAP_VERSION, cfg->file);
	uint32_t code;
	if (!cli_open_registry(options, !options->dry_run, &reg, &err)) {
		console_step(out, OWNLOG_ERROR, "cannot open the registry: %s", err.text);
		code = report_early_end(cfg, result_path, OUTCOME_ACL, err.text, out);
	} else {
		launcher_settings settings = {
			.cfg = cfg,
			.reg = reg,
			.dry_run = options->dry_run,
			.force = options->force,
			.result_path = result_path,
			.out = out,
			.warnings = warnings,
		};
		code = launcher_run(&settings);
		registry_close(reg);
	}
	out->log = NULL;
	ownlog_close(&log);
	return (int)code;
}

static int run_run(cli_options *options)
{
	config cfg = { 0 };
	console out;
	instance_lock *lock = NULL;
	bool held_elsewhere = false;
	char *hostile = NULL;
	strlist warnings = STRLIST_INIT;
	error_message err;

	console_init(&out, options->verbosity, NULL);
	if (!cli_load_config(options, &cfg) || !cli_prepare_state(options, &cfg)) {
		config_free(&cfg);
		/* No configuration (or nowhere safe to keep state): only --result
		 * can name the result file. */
		return (int)report_early_end(NULL, options->result_file, OUTCOME_CONFIG,
		                             "the configuration is invalid", &out);
	}
	char *state_dir = config_state_dir(&cfg);
	bool locked = instance_lock_acquire(NULL, state_dir, &lock, &held_elsewhere, &hostile, &err);
	free(state_dir);
	if (hostile != NULL)
		strlist_add_owned(&warnings, hostile);
	if (!locked || lock == NULL) {
		for (size_t i = 0; i < warnings.count; i++)
			fprintf(stderr, "ccmwrap: %s\n", warnings.items[i]);
		fprintf(stderr, "ccmwrap: %s\n", held_elsewhere
		        ? "another ccmwrap is running on this machine; this one does nothing"
		        : err.text);
		strlist_free(&warnings);
		config_free(&cfg);
		return EXIT_ALREADY_RUNNING;
	}
	int code = launch(options, &cfg, &out, &warnings);
	instance_lock_release(lock);
	strlist_free(&warnings);
	config_free(&cfg);
	return code;
}

const command command_run = {
	.name = "run",
	.usage = "[-c INI] [--registry FILE] [--dry-run] [--result FILE] [-v|-q] [--force]",
	.summary = "repair permissions, run ccmsetup, follow its logs, retry and report (the default)",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_DRY_RUN | CLI_RESULT | CLI_VERBOSITY | CLI_FORCE,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.run = run_run,
};
