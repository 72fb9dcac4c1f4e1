/* ccmwrap scan-log FILE... [--follow] [--json] [-v] [-c INI]: reads
 * ccmsetup.log / client.msi.log files and prints the events that match a
 * signature (every event with -v), then each file's verdict, as text or
 * one JSON object per line. Each file is read as run reads an attempt's
 * logs (logpipeline.h, classify_logs), so an unfinished
 * service-mode log is "not finished", never a success. Exit 0 when no
 * failure signature was found, 1 when one was, 2 on error. With -c, the
 * INI's [signature] rules apply too. */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/filepath.h"
#include "config/base/json.h"
#include "config/values.h"
#include "wrapper/run/classify.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/logs/logpipeline.h"

#define FOLLOW_POLL_MS 2000

typedef struct scan {
	signature_set *signatures;
	bool json;
	bool verbose;
	bool follow;
	strbuf out;
} scan;

typedef struct scan_file {
	const char *path;
	logprogress progress;
	log_source source;            /* as its content said, once it said so */
} scan_file;

/* A guess the content overrides (logparse.h): a name with "msi" in it is
 * an MSI log, anything else ccmsetup's. */
static log_source source_of_path(const char *path)
{
	return text_contains_nocase(filepath_base_name(path), "msi") ? LOG_SOURCE_MSI
	                                                               : LOG_SOURCE_CCMSETUP;
}

/* ---- printing ---- */

/* Every field comes from the log: escaped (text_add_escaped), a message's
 * own line breaks kept and indented. */
static void add_text_event(strbuf *out, const char *path, const log_event *event)
{
	const char *fields[] = { event->date, event->time, event->component };
	const char *after[] = { " ", " ", ": " };

	strbuf_printf(out, "%s:%" PRIu64 ": ", path, event->offset);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		if (fields[i][0] != '\0') {
			text_add_escaped(out, fields[i], false);
			strbuf_add_string(out, after[i]);
		}
	char *message = text_escaped(event->message, true);
	for (const char *p = message; *p; p++) {
		strbuf_add_char(out, *p);
		if (*p == '\n')
			strbuf_add_string(out, "    ");
	}
	free(message);
	if (event->truncated)
		strbuf_printf(out, " [cut at %d bytes]", LOGPARSE_ENTRY_MAX);
	strbuf_add_char(out, '\n');
}

static void add_text_matches(strbuf *out, const signature_match *matches, size_t count,
                             bool handover)
{
	for (size_t i = 0; i < count; i++) {
		strbuf_printf(out, "  signature %s: action %s", matches[i].name,
		              signature_shown_action(&matches[i], handover));
		if (matches[i].has_code) {
			strbuf_add_string(out, ", code ");
			configvalue_format_code(out, matches[i].code);
		}
		strbuf_add_char(out, '\n');
	}
}

static void add_json_event(json_writer *json, const char *path, const log_event *event)
{
	json_member_string(json, "file", path);
	json_member_string(json, "source", log_source_name(event->source));
	json_member_string(json, "format", log_format_name(event->format));
	json_member_unsigned(json, "sequence", event->sequence);
	json_member_unsigned(json, "offset", event->offset);
	json_member_string(json, "date", event->date);
	json_member_string(json, "time", event->time);
	if (event->has_bias)
		json_member_integer(json, "bias", event->bias_minutes);
	json_member_string(json, "component", event->component);
	json_member_integer(json, "type", (int)event->type);
	json_member_string(json, "thread", event->thread);
	json_member_string(json, "message", event->message);
	json_member_bool(json, "truncated", event->truncated);
	if (event->action != LOG_ACTION_NONE) {
		json_member_string(json, "action", event->action == LOG_ACTION_START ? "start" : "end");
		json_member_string(json, "action_name", event->action_name);
		if (event->action_return >= 0)
			json_member_integer(json, "return_value", event->action_return);
	}
}

static void add_json_matches(json_writer *json, const signature_match *matches, size_t count,
                             bool handover)
{
	json_key(json, "signatures");
	json_begin_array(json);
	for (size_t i = 0; i < count; i++) {
		json_begin_object(json);
		json_member_string(json, "name", matches[i].name);
		json_member_string(json, "action", signature_shown_action(&matches[i], handover));
		if (matches[i].has_code)
			json_member_unsigned(json, "code", matches[i].code);
		json_end_object(json);
	}
	json_end_array(json);
}

/* One JSON line: the event and the signatures it matched. */
static void add_json_line(strbuf *out, const char *path, const log_event *event,
                          const signature_match *matches, size_t count, bool handover)
{
	json_writer json;

	json_writer_init(&json, out);
	json_begin_object(&json);
	add_json_event(&json, path, event);
	add_json_matches(&json, matches, count, handover);
	json_end_object(&json);
	strbuf_add_char(out, '\n');
}

/* ---- events ---- */

static void on_event(void *context, logpipeline_file *log, const logpipeline_event *event)
{
	scan *state = context;
	scan_file *file = log->data;

	file->source = event->log->source;
	if (event->match_count == 0 && !state->verbose)
		return;
	strbuf_clear(&state->out);
	if (state->json) {
		add_json_line(&state->out, file->path, event->log, event->matches,
		              event->match_count, event->handover);
	} else {
		add_text_event(&state->out, file->path, event->log);
		add_text_matches(&state->out, event->matches, event->match_count, event->handover);
	}
	fputs(state->out.data, stdout);
	/* Whoever reads a follower's output sees each event as it is found. */
	if (state->follow)
		fflush(stdout);
}

/* ---- verdicts ---- */

/* What a file's lines say of the installation, in words and as a name. */
static const char *verdict_of(const scan_file *file, classify_result *result, const char **why)
{
	*why = NULL;
	if (classify_logs(&file->progress, result))
		return classify_verdict_name(result->verdict);
	if (file->source == LOG_SOURCE_MSI) {
		*why = "an MSI log alone does not tell whether ccmsetup finished";
		return "no-failure";
	}
	*why = logprogress_service_pending(&file->progress)
	           ? "the ccmsetup service has not logged its end"
	           : "no ccmsetup instance has logged its end";
	return "not-finished";
}

static void add_verdict(strbuf *out, const scan_file *file, bool json)
{
	classify_result result = { 0 };
	const char *why;
	const char *verdict = verdict_of(file, &result, &why);
	bool has_code = why == NULL;

	if (json) {
		json_writer writer;
		json_writer_init(&writer, out);
		json_begin_object(&writer);
		json_member_string(&writer, "file", file->path);
		json_member_string(&writer, "verdict", verdict);
		if (has_code)
			json_member_unsigned(&writer, "code", result.code);
		if (why != NULL)
			json_member_string(&writer, "why", why);
		json_end_object(&writer);
		strbuf_add_char(out, '\n');
		return;
	}
	text_add_escaped(out, file->path, false);
	strbuf_printf(out, ": verdict %s", verdict);
	if (has_code) {
		strbuf_add_string(out, ", code ");
		configvalue_format_code(out, result.code);
	}
	if (why != NULL)
		strbuf_printf(out, " (%s)", why);
	strbuf_add_char(out, '\n');
}

static void print_verdicts(scan *state, const scan_file *files, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		strbuf_clear(&state->out);
		add_verdict(&state->out, &files[i], state->json);
		fputs(state->out.data, stdout);
	}
}

/* ---- reading ---- */

static void on_follow_error(void *context, logpipeline_file *file, const char *message)
{
	(void)context;
	fprintf(stderr, "ccmwrap scan-log: %s: %s\n", file->path, message);
}

/* Every file once; one that cannot be read is named and the others are
 * read all the same. */
static bool read_files(logpipeline *pipeline)
{
	error_message err;
	bool ok = true;

	for (size_t i = 0; i < pipeline->file_count; i++) {
		if (!logpipeline_read_file(&pipeline->files[i], &err)) {
			fprintf(stderr, "ccmwrap scan-log: %s\n", err.text);
			ok = false;
		}
	}
	return ok;
}

/* Ctrl-C and a service manager's SIGTERM end following the same way, so
 * that the exit code still says whether a failure was seen. */
static const int stop_signals[] = { SIGINT, SIGTERM };
#define STOP_SIGNAL_COUNT (sizeof stop_signals / sizeof stop_signals[0])

typedef struct follow_run {
	logpipeline *pipeline;
	uv_signal_t stop[STOP_SIGNAL_COUNT];
} follow_run;

static void on_stop_signal(uv_signal_t *handle, int signal_number)
{
	follow_run *run = handle->data;

	(void)signal_number;
	logpipeline_read_now(run->pipeline);
	logpipeline_stop(run->pipeline);
	for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++)
		uv_close((uv_handle_t *)&run->stop[i], NULL);
}

/* Follows every file until Ctrl-C or SIGTERM, then reads what is left and
 * stops. */
static bool follow_files(uv_loop_t *loop, logpipeline *pipeline)
{
	follow_run run = { .pipeline = pipeline };
	error_message err;

	for (size_t i = 0; i < pipeline->file_count; i++) {
		if (!logpipeline_start_file(&pipeline->files[i], &err)) {
			fprintf(stderr, "ccmwrap scan-log: cannot follow %s: %s\n", pipeline->files[i].path,
			        err.text);
			return false;
		}
	}
	for (size_t i = 0; i < STOP_SIGNAL_COUNT; i++) {
		uv_signal_init(loop, &run.stop[i]);
		run.stop[i].data = &run;
		uv_signal_start(&run.stop[i], on_stop_signal, stop_signals[i]);
	}
	uv_run(loop, UV_RUN_DEFAULT);
	logpipeline_finish(pipeline);
	return true;
}

static bool scan_files(scan *state, logpipeline_file *logs, size_t count)
{
	static const logpipeline_callbacks callbacks = {
		.on_event = on_event,
		.on_error = on_follow_error,
	};
	uv_loop_t loop;
	logpipeline pipeline = { 0 };

	uv_loop_init(&loop);
	logpipeline_init(&loop, &pipeline, logs, count, state->signatures, LOGFOLLOW_FROM_BEGINNING,
	                 FOLLOW_POLL_MS, &callbacks, state);
	/* Only events with signatures are printed. */
	if (!state->verbose)
		logpipeline_skim(&pipeline);
	bool ok = state->follow ? follow_files(&loop, &pipeline) : read_files(&pipeline);
	logpipeline_close(&pipeline, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return ok;
}

/* ---- the command ---- */

/* The built-in signatures, and the INI's when -c named one. */
static bool load_signatures(const config *cfg, signature_set **signatures)
{
	error_message err;

	if (signature_set_new(cfg->signatures, cfg->signature_count, signatures, &err))
		return true;
	fprintf(stderr, "ccmwrap scan-log: %s\n", err.text);
	return false;
}

static int run_scan_log(command_context *context)
{
	const cli_options *options = context->options;
	scan state = { .json = options->json, .verbose = options->verbosity > 0,
	               .follow = options->follow };
	size_t count = options->arguments.count;
	scan_file *files = xcalloc(count, sizeof *files);
	logpipeline_file *logs = xcalloc(count, sizeof *logs);

	if (!load_signatures(&context->cfg, &state.signatures)) {
		free(logs);
		free(files);
		return EXIT_COMMAND_ERROR;
	}
	for (size_t i = 0; i < count; i++) {
		files[i].path = options->arguments.items[i];
		files[i].source = source_of_path(files[i].path);
		logprogress_init(&files[i].progress, 0);
		logs[i].path = files[i].path;
		logs[i].source = files[i].source;
		logs[i].progress = &files[i].progress;
		logs[i].data = &files[i];
	}
	bool ok = scan_files(&state, logs, count);
	if (ok)
		print_verdicts(&state, files, count);
	bool failure_found = false;
	for (size_t i = 0; i < count; i++)
		failure_found = failure_found || files[i].progress.has_failure_action;
	free(logs);
	free(files);
	strbuf_free(&state.out);
	signature_set_free(state.signatures);
	if (!ok)
		return EXIT_COMMAND_ERROR;
	return failure_found ? EXIT_CHECK_NONCOMPLIANT : EXIT_OK;
}

const command command_scan_log = {
	.name = "scan-log",
	.usage = "FILE... [--follow] [--json] [-v] [-c INI]",
	.summary = "print the failure and success signatures found in ccmsetup / MSI logs",
	.options = CLI_FOLLOW | CLI_JSON | CLI_VERBOSITY | CLI_CONFIG,
	.min_arguments = 1,
	.max_arguments = -1,
	.usage_error_code = EXIT_COMMAND_ERROR,
	.needs = COMMAND_READS_GIVEN_CONFIG,
	.run = run_scan_log,
};
