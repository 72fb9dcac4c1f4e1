/* The simulation of --hosts-root DIR (docs/DESIGN.md "Push and the
 * one-shot service"): DIR/HOST is a host, missing when it cannot be
 * reached (ERROR_BAD_NETPATH); DIR/HOST/windir its ADMIN$ (missing:
 * ERROR_BAD_NET_NAME); DIR/HOST/registry.reg its registry. The service is
 * the file DIR/HOST/services/ccmwrap holding its command line, and
 * starting it runs that command line as the service manager would, with
 * %windir% the host's and --registry its registry file, in an environment
 * of the host's own (windir, ProgramData; no CCMWRAP_INSTANCE_LOCK, so
 * each host has its own lock). Each host's process runs on a loop of its
 * own, on the thread push gave the host. */
#include "wrapper/push/pushtarget.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/text.h"

/* What Windows' service manager reports for a service process that ended
 * without reporting its stop (ERROR_PROCESS_ABORTED): the simulation's
 * answer for a process ended by a signal. */
#define PROCESS_ABORTED 1067u

#define WINDIR_VARIABLE "%windir%"

struct pushtarget {
	char *name;              /* HOST */
	char *host;              /* DIR/HOST */
	char *windir;
	char *program_data;
	char *registry;
	char *services;
	char *service_file;
	char *command_line;
	uv_loop_t loop;
	bool loop_ready;
	uv_process_t process;
	uv_timer_t timer;
	bool process_handle;     /* uv_spawn was called: the handle needs closing */
	bool exited;
	bool stop_requested;
	bool timer_fired;
	int64_t exit_status;
	int term_signal;
};

/* The variables the host's environment sets itself. */
static const char *const host_variables[] = { "windir", "ProgramData", "COMPUTERNAME",
	                                             "CCMWRAP_INSTANCE_LOCK" };

static bool is_folder(const char *path)
{
	unsigned kind;

	return fileio_kind(path, true, &kind) == 0 && kind == S_IFDIR;
}

static bool sim_open(const char *root, const char *host, pushtarget **target, char **admin_share,
                     pushtarget_error *err)
{
	pushtarget *t = xcalloc(1, sizeof *t);

	*target = t;
	t->name = xstrdup(host);
	t->host = filepath_resolve(root, host);
	t->windir = filepath_resolve(t->host, "windir");
	t->program_data = filepath_resolve(t->host, "ProgramData");
	t->registry = filepath_resolve(t->host, "registry.reg");
	t->services = filepath_resolve(t->host, "services");
	t->service_file = filepath_resolve(t->services, "ccmwrap");
	if (!is_folder(t->host))
		return pushtarget_fail(err, PUSHTARGET_BAD_NETPATH, true, PUSHTARGET_BAD_NETPATH_TEXT);
	if (!is_folder(t->windir))
		return pushtarget_fail(err, PUSHTARGET_BAD_NET_NAME, true,
		                       "ADMIN$: " PUSHTARGET_BAD_NET_NAME_TEXT);
	*admin_share = xstrdup(t->windir);
	return true;
}

static bool make_folder(const char *path, pushtarget_error *err)
{
	uv_fs_t req;
	int rc = uv_fs_mkdir(NULL, &req, path, 0755, NULL);

	uv_fs_req_cleanup(&req);
	return rc == 0 || rc == UV_EEXIST ||
	       pushtarget_fail(err, 0, false, "cannot create %s: %s", path, uv_strerror(rc));
}

static bool sim_create_service(pushtarget *t, const char *command_line, pushtarget_error *err)
{
	strbuf text = STRBUF_INIT;

	if (!make_folder(t->services, err))
		return false;
	strbuf_printf(&text, "%s\n", command_line);
	bool ok = atomicfile_replace(t->service_file, text.data, text.length, &err->message);
	strbuf_free(&text);
	if (!ok)
		return pushtarget_fail(err, 0, false, "%s", err->message.text);
	t->command_line = xstrdup(command_line);
	return true;
}

static char *expand_windir(const char *word, const char *windir)
{
	strbuf out = STRBUF_INIT;
	const char *at;

	while ((at = text_find_nocase(word, WINDIR_VARIABLE)) != NULL) {
		strbuf_add(&out, word, (size_t)(at - word));
		strbuf_add_string(&out, windir);
		word = at + strlen(WINDIR_VARIABLE);
	}
	strbuf_add_string(&out, word);
	char *expanded = strbuf_detach(&out);
	filepath_to_native(expanded);
	return expanded;
}

/* The words of a service's command line as Windows splits an ImagePath
 * ccmwrap writes: spaces between them, double quotes around a path. */
static void split_command_line(const char *line, const char *windir, strlist *words)
{
	strbuf word = STRBUF_INIT;
	bool quoted = false;
	bool in_word = false;

	for (const char *p = line;; p++) {
		if (*p == '\0' || ((*p == ' ' || *p == '\t') && !quoted)) {
			if (in_word)
				strlist_add_owned(words, expand_windir(word.data ? word.data : "", windir));
			strbuf_clear(&word);
			in_word = false;
			if (*p == '\0')
				break;
		} else if (*p == '"') {
			quoted = !quoted;
			in_word = true;
		} else {
			strbuf_add_char(&word, *p);
			in_word = true;
		}
	}
	strbuf_free(&word);
}

static bool is_host_variable(const char *name)
{
	for (size_t i = 0; i < sizeof host_variables / sizeof host_variables[0]; i++)
		if (text_equal_nocase(name, host_variables[i]))
			return true;
	return false;
}

static void add_variable(strlist *environment, const char *name, const char *value)
{
	strbuf entry = STRBUF_INIT;

	strbuf_printf(&entry, "%s=%s", name, value);
	strlist_add_owned(environment, strbuf_detach(&entry));
}

static void host_environment(const pushtarget *t, strlist *environment)
{
	uv_env_item_t *items = NULL;
	int count = 0;

	if (uv_os_environ(&items, &count) == 0) {
		for (int i = 0; i < count; i++)
			if (!is_host_variable(items[i].name))
				add_variable(environment, items[i].name, items[i].value);
		uv_os_free_environ(items, count);
	}
	add_variable(environment, "windir", t->windir);
	add_variable(environment, "ProgramData", t->program_data);
	/* The name the host's result file and report give it. */
	add_variable(environment, "COMPUTERNAME", t->name);
	strlist_add_owned(environment, NULL);
}

static void on_exit(uv_process_t *process, int64_t exit_status, int term_signal)
{
	pushtarget *t = process->data;

	t->exited = true;
	t->exit_status = exit_status;
	t->term_signal = term_signal;
}

static bool spawn(pushtarget *t, strlist *words, strlist *environment, pushtarget_error *err)
{
	uv_stdio_container_t stdio[3] = { { .flags = UV_IGNORE }, { .flags = UV_IGNORE },
		                          { .flags = UV_IGNORE } };

	strlist_add_owned(words, NULL);
	uv_process_options_t options = {
		.exit_cb = on_exit,
		.file = words->items[0],
		.args = words->items,
		.env = environment->items,
		.stdio_count = 3,
		.stdio = stdio,
	};

	t->process.data = t;
	t->process_handle = true;
	pushtarget_spawning_begin();
	int rc = uv_spawn(&t->loop, &t->process, &options);
	pushtarget_spawning_end();
	if (rc < 0) {
		t->exited = true;
		return pushtarget_fail(err, 0, false, "cannot start %s: %s", options.file,
		                       uv_strerror(rc));
	}
	return true;
}

static bool sim_start_service(pushtarget *t, pushtarget_error *err)
{
	strlist words = STRLIST_INIT;
	strlist environment = STRLIST_INIT;

	if (t->command_line == NULL || t->loop_ready)
		return pushtarget_fail(err, 0, false, "the service is not installed or already started");
	split_command_line(t->command_line, t->windir, &words);
	if (words.count == 0)
		return pushtarget_fail(err, 0, false, "the service's command line is empty");
	if (!make_folder(t->program_data, err)) {
		strlist_free(&words);
		return false;
	}
	strlist_add(&words, "--registry");
	strlist_add(&words, t->registry);
	host_environment(t, &environment);
	uv_loop_init(&t->loop);
	uv_timer_init(&t->loop, &t->timer);
	t->loop_ready = true;
	bool ok = spawn(t, &words, &environment, err);
	strlist_free(&environment);
	strlist_free(&words);
	return ok;
}

static void on_timer(uv_timer_t *timer)
{
	pushtarget *t = timer->data;
	t->timer_fired = true;
}

static void run_until_exit(pushtarget *t)
{
	while (!t->exited)
		uv_run(&t->loop, UV_RUN_ONCE);
}

/* After a stop request the grace's end ends the process (SIGKILL), as
 * nothing but the service manager's patience would on Windows. */
static bool sim_wait_service(pushtarget *t, uint64_t timeout_ms, bool *stopped,
                             uint32_t *exit_code, pushtarget_error *err)
{
	if (!t->loop_ready)
		return pushtarget_fail(err, 0, false, "the service was not started");
	t->timer_fired = false;
	t->timer.data = t;
	uv_timer_start(&t->timer, on_timer, timeout_ms, 0);
	while (!t->exited && !t->timer_fired)
		uv_run(&t->loop, UV_RUN_ONCE);
	uv_timer_stop(&t->timer);
	if (!t->exited && t->stop_requested) {
		uv_process_kill(&t->process, SIGKILL);
		run_until_exit(t);
	}
	*stopped = t->exited;
	*exit_code = t->term_signal != 0 ? PROCESS_ABORTED : (uint32_t)t->exit_status;
	return true;
}

static bool sim_stop_service(pushtarget *t, pushtarget_error *err)
{
	if (!t->loop_ready)
		return pushtarget_fail(err, 0, false, "the service was not started");
	t->stop_requested = true;
	if (t->exited)
		return true;
	int rc = uv_process_kill(&t->process, SIGTERM);
	return rc == 0 || rc == UV_ESRCH ||
	       pushtarget_fail(err, 0, false, "cannot stop the service: %s", uv_strerror(rc));
}

static bool sim_delete_service(pushtarget *t, bool keep, pushtarget_error *err)
{
	uv_fs_t req;

	if (keep)
		return true;
	int rc = uv_fs_unlink(NULL, &req, t->service_file, NULL);
	uv_fs_req_cleanup(&req);
	return rc == 0 || rc == UV_ENOENT ||
	       pushtarget_fail(err, 0, false, "cannot remove %s: %s", t->service_file,
	                       uv_strerror(rc));
}

static void sim_close(pushtarget *t)
{
	if (t == NULL)
		return;
	if (t->loop_ready) {
		if (!t->exited) {
			uv_process_kill(&t->process, SIGKILL);
			run_until_exit(t);
		}
		if (t->process_handle)
			uv_close((uv_handle_t *)&t->process, NULL);
		uv_close((uv_handle_t *)&t->timer, NULL);
		uv_run(&t->loop, UV_RUN_DEFAULT);
		uv_loop_close(&t->loop);
	}
	free(t->name);
	free(t->host);
	free(t->windir);
	free(t->program_data);
	free(t->registry);
	free(t->services);
	free(t->service_file);
	free(t->command_line);
	free(t);
}

const pushtarget_ops pushtarget_simulation = {
	.open = sim_open,
	.create_service = sim_create_service,
	.start_service = sim_start_service,
	.wait_service = sim_wait_service,
	.stop_service = sim_stop_service,
	.delete_service = sim_delete_service,
	.close = sim_close,
};
