#include "wrapper/push/pushjob.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/filetree.h"
#include "wrapper/report/result.h"

/* Far above any result file, as `report` bounds them. */
#define RESULT_FILE_MAX_SIZE (1024u * 1024)

#define WINDIR_FOLDER "%windir%\\" PUSHJOB_FOLDER "\\"

void pushjob_plan_init(pushjob_plan *plan, const char *executable, bool keep)
{
	strbuf line = STRBUF_INIT;

	memset(plan, 0, sizeof *plan);
	plan->executable = executable;
	plan->keep = keep;
	strbuf_printf(&line, "\"%s%s\" service -c \"%s%s\" --result \"%s%s\"%s", WINDIR_FOLDER,
	              filepath_base_name(executable), WINDIR_FOLDER, PUSHJOB_INI, WINDIR_FOLDER,
	              PUSHJOB_RESULT, keep ? " --keep" : "");
	plan->command_line = strbuf_detach(&line);
}

void pushjob_plan_free(pushjob_plan *plan)
{
	free(plan->command_line);
	plan->command_line = NULL;
}

char *pushjob_result_path(const char *results_dir, const char *host)
{
	strbuf file = STRBUF_INIT;

	strbuf_printf(&file, "%s.json", host);
	char *path = filepath_resolve(results_dir, file.data);
	strbuf_free(&file);
	return path;
}

bool pushjob_write_own_result(const char *results_dir, const char *host, outcome_kind outcome,
                              uint32_t exit_code, const char *warning, error_message *err)
{
	run_result result;
	char *path = pushjob_result_path(results_dir, host);

	result_init(&result);
	free(result.host);
	result.host = xstrdup(host);
	result.outcome = outcome;
	result.exit_code = outcome_exit_code(outcome, exit_code);
	strlist_add(&result.warnings, warning);
	bool ok = result_write(&result, path, err);
	result_free(&result);
	free(path);
	return ok;
}

static bool fail_at(pushjob_result *result, const char *step, const pushtarget_error *error)
{
	result->step = step;
	result->error = *error;
	result->unreachable = error->unreachable;
	return false;
}

static bool copy_into(const char *source, const char *folder, const char *name,
                      pushtarget_error *error)
{
	char *target = filepath_resolve(folder, name);
	pushtarget_copying_begin();
	bool ok = filetree_copy(source, target, &error->message);
	pushtarget_copying_end();

	free(target);
	return ok;
}

/* A folder an earlier push left (--keep) is replaced whole: a link planted
 * in it is removed, never written through. */
static bool fill_folder(const pushjob_plan *plan, const char *folder, pushtarget_error *error)
{
	uv_fs_t req;

	*error = (pushtarget_error){ 0 };
	if (!filetree_remove(folder, &error->message))
		return false;
	int rc = uv_fs_mkdir(NULL, &req, folder, 0755, NULL);
	uv_fs_req_cleanup(&req);
	if (rc < 0)
		return error_set(&error->message, "cannot create the folder %s: %s", folder,
		                 uv_strerror(rc));
	bool ok = copy_into(plan->executable, folder, filepath_base_name(plan->executable), error) &&
	          copy_into(plan->ini, folder, PUSHJOB_INI, error);
	for (size_t i = 0; ok && i < plan->with_paths->count; i++) {
		const char *path = plan->with_paths->items[i];
		ok = copy_into(path, folder, filepath_base_name(path), error);
	}
	return ok;
}

/* The service runs until it stops or the timeout; then it is asked to
 * stop and given the grace. False: it was never started. */
static bool run_service(const pushjob_plan *plan, pushtarget *target, bool *stopped,
                        uint32_t *exit_code, pushjob_result *result)
{
	pushtarget_error error;

	if (!plan->ops->start_service(target, &error))
		return fail_at(result, "starting the service", &error);
	if (!plan->ops->wait_service(target, plan->timeout_ms, stopped, exit_code, &error))
		fail_at(result, "waiting for the service", &error);
	else if (!*stopped && (!plan->ops->stop_service(target, &error) ||
	                       !plan->ops->wait_service(target, plan->stop_grace_ms, stopped,
	                                                exit_code, &error)))
		fail_at(result, "stopping the service after the timeout", &error);
	return true;
}

/* Why push writes the host's result itself: the step that failed, and
 * for a service that ran, what became of its result file. */
static void explain_missing_result(const pushjob_result *result, bool ran, bool stopped,
                                   bool missing, const char *why, strbuf *warning)
{
	if (result->step != NULL)
		strbuf_printf(warning, "push: %s: %s", result->step, result->error.message.text);
	if (!ran)
		return;
	strbuf_printf(warning, "%spush: the service left no result file%s%s",
	              result->step != NULL ? "; " : "", missing ? "" : " that could be read: ",
	              missing ? "" : why);
	if (!stopped)
		strbuf_add_string(warning, " (it had not stopped when push left it)");
}

/* The host's result file, copied as it is when it reads as one; else the
 * result push writes for it, failed. */
static void fetch_result(const pushjob_plan *plan, const char *host, const char *folder,
                         bool ran, bool stopped, uint32_t exit_code, pushjob_result *result)
{
	char *source = filepath_resolve(folder, PUSHJOB_RESULT);
	char *target = pushjob_result_path(plan->results_dir, host);
	strbuf text = STRBUF_INIT;
	run_result parsed;
	bool missing = false;
	error_message why = { "" };

	if (ran && fileio_read_whole(source, RESULT_FILE_MAX_SIZE, &text, &missing, &why) &&
	    !missing && result_parse(text.data, text.length, &parsed, &why)) {
		result->outcome = parsed.outcome;
		result->exit_code = parsed.exit_code;
		result->fixed = parsed.acl.fixed;
		result_free(&parsed);
		result->written =
		    atomicfile_replace(target, text.data, text.length, &result->error.message);
	} else {
		strbuf warning = STRBUF_INIT;
		explain_missing_result(result, ran, stopped, missing, why.text, &warning);
		result->outcome = OUTCOME_FAILED;
		result->exit_code = outcome_exit_code(OUTCOME_FAILED, ran && stopped ? exit_code : 0);
		result->written = pushjob_write_own_result(plan->results_dir, host, OUTCOME_FAILED,
		                                           result->exit_code, warning.data,
		                                           &result->error.message);
		strbuf_free(&warning);
	}
	strbuf_free(&text);
	free(source);
	free(target);
}

static void clean_up(const pushjob_plan *plan, pushtarget *target, const char *folder,
                     pushjob_result *result)
{
	pushtarget_error error;

	if (target != NULL && !plan->ops->delete_service(target, plan->keep, &error))
		error_set(&result->cleanup, "deleting the service: %s", error.message.text);
	else if (!plan->keep && !filetree_remove(folder, &error.message))
		error_set(&result->cleanup, "removing ADMIN$\\" PUSHJOB_FOLDER ": %s",
		          error.message.text);
}

void pushjob_run(const pushjob_plan *plan, const char *host, pushjob_result *result)
{
	pushtarget *target = NULL;
	char *admin = NULL;
	pushtarget_error error;

	memset(result, 0, sizeof *result);
	if (!plan->ops->open(plan->hosts_root, host, &target, &admin, &error)) {
		fail_at(result, "reaching the host", &error);
		plan->ops->close(target);
		return;
	}
	char *folder = filepath_resolve(admin, PUSHJOB_FOLDER);
	bool filled = fill_folder(plan, folder, &error);
	bool created = false, ran = false, stopped = false;
	uint32_t exit_code = 0;
	if (!filled)
		fail_at(result, "copying to ADMIN$", &error);
	else if (!plan->ops->create_service(target, plan->command_line, &error))
		fail_at(result, "creating the service", &error);
	else {
		created = true;
		ran = run_service(plan, target, &stopped, &exit_code, result);
	}
	if (!result->unreachable)
		fetch_result(plan, host, folder, ran, stopped, exit_code, result);
	if (filled || !result->unreachable)
		clean_up(plan, created ? target : NULL, folder, result);
	plan->ops->close(target);
	free(folder);
	free(admin);
}
