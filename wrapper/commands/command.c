#include "wrapper/commands/command.h"

#include <stdio.h>
#include <stdlib.h>

#include "wrapper/report/exitcode.h"
#include "wrapper/report/runreport.h"

const char *command_result_path(const command_context *context)
{
	return context->options->result_file != NULL ? context->options->result_file
	                                             : context->cfg.report.result;
}

static bool needs(const command *cmd, unsigned need)
{
	return (cmd->needs & need) == need;
}

static bool reads_config(const command *cmd, const cli_options *options)
{
	return needs(cmd, COMMAND_NEEDS_CONFIG) ||
	       (needs(cmd, COMMAND_READS_GIVEN_CONFIG) && options->config_path != NULL);
}

/* The lock lives in the state folder, so a command that locks keeps
 * state even on a dry run. */
static bool keeps_state(const command *cmd, const cli_options *options)
{
	return needs(cmd, COMMAND_KEEPS_STATE) || needs(cmd, COMMAND_LOCKS) ||
	       (needs(cmd, COMMAND_JOURNALS) && !options->dry_run);
}

/* cli_load_config and cli_prepare_state have printed what is wrong; a run
 * reports it too, where only --result can name the result file. */
static int config_failed(const command *cmd, command_context *context)
{
	if (!needs(cmd, COMMAND_REPORTS_END))
		return cmd->usage_error_code;
	return (int)runreport_without_attempts(NULL, context->options->result_file, OUTCOME_CONFIG,
	                                       "the configuration is invalid", &context->out);
}

static int registry_failed(const command *cmd, command_context *context, const char *why)
{
	if (!needs(cmd, COMMAND_REPORTS_END)) {
		fprintf(stderr, "ccmwrap %s: %s\n", cmd->name, why);
		return cmd->registry_error_code;
	}
	console_step(&context->out, OWNLOG_ERROR, "cannot open the registry: %s", why);
	return (int)runreport_without_attempts(&context->cfg, command_result_path(context),
	                                       OUTCOME_ACL, why, &context->out);
}

static bool take_lock(command_context *context)
{
	bool held_elsewhere = false;
	char *hostile = NULL;
	error_message err;
	char *state_dir = config_state_dir(&context->cfg);
	bool locked = instance_lock_acquire(NULL, state_dir, &context->lock, &held_elsewhere,
	                                    &hostile, &err);

	free(state_dir);
	if (hostile != NULL)
		strlist_add_owned(&context->warnings, hostile);
	if (locked && context->lock != NULL)
		return true;
	for (size_t i = 0; i < context->warnings.count; i++)
		fprintf(stderr, "ccmwrap: %s\n", context->warnings.items[i]);
	fprintf(stderr, "ccmwrap: %s\n", held_elsewhere
	        ? "another ccmwrap is running on this machine; this one does nothing"
	        : err.text);
	return false;
}

/* An own log that cannot be opened or trusted does not stop the command:
 * it goes on without it, or with a fresh one and a warning. */
static void open_own_log(command_context *context)
{
	const config *cfg = &context->cfg;
	char *set_aside = NULL;
	error_message err;

	if (!ownlog_open(&context->log, cfg->logs.own, cfg->logs.own_max_size, &set_aside, &err)) {
		fprintf(stderr, "ccmwrap: own log: %s; going on without it\n", err.text);
		return;
	}
	context->out.log = &context->log;
	if (set_aside == NULL)
		return;
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "the own log %s could not be trusted; it was set aside to %s",
	              cfg->logs.own, set_aside);
	strlist_add_owned(&context->warnings, strbuf_detach(&text));
	free(set_aside);
}

static void start_steps(command_context *context)
{
	if (!context->options->dry_run)
		open_own_log(context);
	console_step(&context->out, OWNLOG_INFO, "ccmwrap %s: configuration %s", CCMWRAP_VERSION,
	             context->cfg.file);
}

/* In the order each needs the one before: false with *code when the
 * command cannot run. */
static bool set_up(const command *cmd, command_context *context, int *code)
{
	cli_options *options = context->options;
	error_message err;

	if (cmd->check_arguments != NULL && !cmd->check_arguments(options, &err)) {
		fprintf(stderr, "ccmwrap %s: %s\n", cmd->name, err.text);
		*code = cmd->usage_error_code;
		return false;
	}
	console_init(&context->out, options->verbosity, NULL);
	if (reads_config(cmd, options) &&
	    (!cli_load_config(options, &context->cfg) ||
	     (keeps_state(cmd, options) && !cli_prepare_state(options, &context->cfg)))) {
		*code = config_failed(cmd, context);
		return false;
	}
	if (needs(cmd, COMMAND_LOCKS) && !take_lock(context)) {
		*code = EXIT_ALREADY_RUNNING;
		return false;
	}
	if (needs(cmd, COMMAND_SHOWS_STEPS))
		start_steps(context);
	if (needs(cmd, COMMAND_OPENS_REGISTRY) &&
	    !cli_open_registry(options, needs(cmd, COMMAND_WRITES_REGISTRY) && !options->dry_run,
	                       &context->reg, &err)) {
		*code = registry_failed(cmd, context, err.text);
		return false;
	}
	return true;
}

static void tear_down(command_context *context)
{
	registry_close(context->reg);
	context->out.log = NULL;
	ownlog_close(&context->log);
	instance_lock_release(context->lock);
	strlist_free(&context->warnings);
	config_free(&context->cfg);
}

int command_execute(const command *cmd, cli_options *options)
{
	command_context context = { .options = options, .log = { .file = -1 } };
	int code;

	if (options->detach && cmd->detached != NULL)
		cmd = cmd->detached;
	if (set_up(cmd, &context, &code))
		code = cmd->run(&context);
	tear_down(&context);
	return code;
}
