/* ccmwrap push HOST... [--hosts FILE] [-c INI] [--with PATH]... [--parallel
 * N] [--results DIR] [--timeout D] [--keep] [--hosts-root DIR]: client push
 * with ccmwrap on the client (docs/DESIGN.md "Push and the one-shot
 * service"). Each host gets ccmwrap, the INI and the --with files in
 * ADMIN$\ccmwrap and the one-shot service `ccmwrap`; its result lands in
 * RESULTS\HOST.json, and at the end the summary `report` prints over
 * RESULTS. Exit 0 when every host ended successful (success, current,
 * skipped, reboot), 10009 when one did not or was unreachable, or when
 * the results folder cannot be made; 10001 for a bad command line or an
 * invalid INI, as the other commands. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/values.h"
#include "wrapper/commands/command.h"
#include "wrapper/push/push.h"
#include "wrapper/push/pushhosts.h"
#include "wrapper/push/pushtarget.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/report/fleetreport.h"

#define DEFAULT_RESULTS_FOLDER "ccmwrap-results"

typedef struct push_settings {
	unsigned parallel;
	uint64_t timeout_ms;      /* 0: the INI's (push_default_timeout_ms) */
} push_settings;

static bool read_settings(const cli_options *options, push_settings *settings,
                          error_message *err)
{
	settings->parallel = PUSH_PARALLEL_DEFAULT;
	settings->timeout_ms = 0;
	if (options->parallel != NULL &&
	    !configvalue_parse_count(options->parallel, 1, PUSH_PARALLEL_MAX, &settings->parallel,
	                             err))
		return error_prefix(err, "--parallel");
	if (options->timeout != NULL &&
	    !configvalue_parse_duration(options->timeout, &settings->timeout_ms, err))
		return error_prefix(err, "--timeout");
	if (options->timeout != NULL && settings->timeout_ms == 0)
		return error_set(err, "--timeout: '%s' is no time at all; expected a duration such as "
		                      "90m", options->timeout);
	return true;
}

static bool is_kind(const char *path, unsigned kind, bool follow)
{
	unsigned found;

	return fileio_kind(path, follow, &found) == 0 && found == kind;
}

static bool check_with_paths(const strlist *paths, error_message *err)
{
	for (size_t i = 0; i < paths->count; i++) {
		const char *path = paths->items[i];
		if (!is_kind(path, S_IFREG, false) && !is_kind(path, S_IFDIR, false))
			return error_set(err, "--with %s: no such file or folder (a link is not copied)",
			                 path);
	}
	return true;
}

/* Everything the command line says, checked before the INI is read: the
 * hosts (the positional arguments become the whole list, --hosts lines
 * included, each once), the numbers, the --with paths. */
static bool check_push_arguments(cli_options *options, error_message *err)
{
	pushhosts hosts = PUSHHOSTS_INIT;
	push_settings settings;
	bool simulated = options->hosts_root != NULL;
	bool ok = true;

	if (!simulated && pushtarget_native.unavailable != NULL)
		return error_set(err, "%s", pushtarget_native.unavailable);
	for (size_t i = 0; ok && i < options->arguments.count; i++)
		ok = pushhosts_add(&hosts, options->arguments.items[i], simulated, err);
	if (ok && options->hosts_file != NULL)
		ok = pushhosts_read_file(&hosts, options->hosts_file, simulated, err);
	if (ok && hosts.names.count == 0)
		ok = error_set(err, "no host given; expected HOST... or --hosts FILE");
	ok = ok && read_settings(options, &settings, err) &&
	     check_with_paths(&options->with_paths, err);
	if (ok && simulated && !is_kind(options->hosts_root, S_IFDIR, true))
		ok = error_set(err, "--hosts-root %s: no such folder", options->hosts_root);
	if (ok) {
		strlist_free(&options->arguments);
		options->arguments = hosts.names;
		hosts.names = (strlist)STRLIST_INIT;
	}
	pushhosts_free(&hosts);
	return ok;
}

/* As given when the current folder cannot be found. */
static char *absolute_path(const char *path)
{
	char *absolute = filepath_absolute(path);

	return absolute != NULL ? absolute : filepath_resolve(".", path);
}

static bool make_results_folder(const char *folder, error_message *err)
{
	uv_fs_t req;
	int rc = uv_fs_mkdir(NULL, &req, folder, 0755, NULL);

	uv_fs_req_cleanup(&req);
	if (rc != 0 && rc != UV_EEXIST)
		return error_set(err, "--results %s: cannot create the folder: %s", folder,
		                 uv_strerror(rc));
	return is_kind(folder, S_IFDIR, true) ||
	       error_set(err, "--results %s: not a folder", folder);
}

static void print_summary(const char *results_dir)
{
	fleetreport report = FLEETREPORT_INIT;
	strlist paths = STRLIST_INIT;
	strbuf out = STRBUF_INIT;

	strlist_add(&paths, results_dir);
	fleetreport_read_paths(&report, &paths, "push");
	fleetreport_format_text(&report, &out);
	fputs(out.data, stdout);
	strbuf_free(&out);
	strlist_free(&paths);
	fleetreport_free(&report);
}

static bool push_to_hosts(command_context *context, const pushjob_plan *plan,
                          unsigned parallel, bool *all_succeeded, error_message *err)
{
	pushprogress progress;
	push_request request = {
		.plan = plan,
		.hosts = &context->options->arguments,
		.parallel = parallel,
		.cfg = &context->cfg,
		.progress = &progress,
	};

	pushprogress_init(&progress, stdout, uv_guess_handle(1) == UV_TTY,
	                  context->options->arguments.count);
	bool ok = push_run(&request, all_succeeded, err);
	pushprogress_end(&progress);
	return ok;
}

static int run_push(command_context *context)
{
	const cli_options *options = context->options;
	const pushtarget_ops *ops = options->hosts_root != NULL ? &pushtarget_simulation
	                                                         : &pushtarget_native;
	push_settings settings;
	pushjob_plan plan;
	error_message err;
	bool all_succeeded = false;

	read_settings(options, &settings, &err);
	char *executable;
	filepath_own_program(&executable, &err);
	char *results = absolute_path(options->results_dir != NULL ? options->results_dir
	                                                           : DEFAULT_RESULTS_FOLDER);
	char *root = options->hosts_root != NULL ? absolute_path(options->hosts_root) : NULL;
	bool ok = executable != NULL && make_results_folder(results, &err);
	if (ok) {
		pushjob_plan_init(&plan, executable, options->keep);
		plan.ops = ops;
		plan.hosts_root = root;
		plan.ini = context->cfg.file;
		plan.with_paths = &options->with_paths;
		plan.results_dir = results;
		plan.timeout_ms = settings.timeout_ms != 0 ? settings.timeout_ms
		                                           : push_default_timeout_ms(&context->cfg);
		plan.stop_grace_ms = context->cfg.ccmsetup.stop_grace_ms + PUSH_STOP_MARGIN_MS;
		ok = push_to_hosts(context, &plan, settings.parallel, &all_succeeded, &err);
		pushjob_plan_free(&plan);
	}
	if (ok)
		print_summary(results);
	else
		fprintf(stderr, "ccmwrap push: %s\n", err.text);
	free(root);
	free(results);
	free(executable);
	return ok && all_succeeded ? EXIT_OK : EXIT_PUSH_FAILED;
}

const command command_push = {
	.name = "push",
	.usage = "HOST... [--hosts FILE] [-c INI] [--with PATH]... [--parallel N] [--results DIR] "
	         "[--timeout D] [--keep] [--hosts-root DIR]",
	.summary = "client push with ccmwrap on the client: copy, run as a one-shot service, "
	           "collect the results",
	.options = CLI_CONFIG | CLI_PUSH | CLI_KEEP,
	.min_arguments = 0,
	.max_arguments = -1,
	.usage_error_code = EXIT_CONFIG_INVALID,
	.needs = COMMAND_NEEDS_CONFIG,
	.check_arguments = check_push_arguments,
	.run = run_push,
};
