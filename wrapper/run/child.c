#include "wrapper/run/child.h"

#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"

bool child_resolve_program(const char *configured, const char *base_directory,
                           char **program, error_message *err)
{
	unsigned kind;

	if (configured == NULL || configured[0] == '\0')
		return error_set(err, "no program to start: [ccmsetup] path is empty");
	char *path = filepath_resolve(base_directory, configured);
	int rc = fileio_kind(path, true, &kind);
	if (rc < 0 || kind != S_IFREG) {
		error_set(err, "'%s' cannot be started: %s%s%s", configured,
		          rc < 0 ? uv_strerror(rc) : "it is not a file",
		          strcmp(path, configured) != 0 ? "; looked for " : "",
		          strcmp(path, configured) != 0 ? path : "");
		free(path);
		return false;
	}
	*program = path;
	return true;
}

static void child_exited(uv_process_t *handle, int64_t exit_status, int term_signal)
{
	child_process *child = handle->data;
	child_exit how = { exit_status, term_signal };

	child->running = false;
	child->on_exit(child, &how);
}

void child_init(uv_loop_t *loop, child_process *child, child_exit_callback on_exit, void *data)
{
	memset(child, 0, sizeof *child);
	child->loop = loop;
	child->on_exit = on_exit;
	child->data = data;
}

bool child_start(child_process *child, const char *program, const strlist *arguments,
                 error_message *err)
{
	uv_process_options_t options;
	uv_stdio_container_t stdio[3];
	char **argv = xcalloc(arguments->count + 2, sizeof *argv);

	argv[0] = (char *)program;
	for (size_t i = 0; i < arguments->count; i++)
		argv[i + 1] = arguments->items[i];
	/* ccmsetup writes no console output; stdout and stderr are passed on
	 * so that a crash report of the child is not lost. */
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_INHERIT_FD;
	stdio[1].data.fd = 1;
	stdio[2].flags = UV_INHERIT_FD;
	stdio[2].data.fd = 2;
	memset(&options, 0, sizeof options);
	options.file = program;
	options.args = argv;
	options.exit_cb = child_exited;
	options.flags = UV_PROCESS_WINDOWS_HIDE;
	options.stdio = stdio;
	options.stdio_count = 3;

	child->handle.data = child;
	/* libuv initialises the handle whether the spawn succeeds or not, and
	 * wants it closed either way. */
	int rc = uv_spawn(child->loop, &child->handle, &options);
	free(argv);
	if (rc != 0)
		return error_set(err, "cannot start '%s': %s", program, uv_strerror(rc));
	child->running = true;
	return true;
}

static void handle_closed(uv_handle_t *handle)
{
	child_process *child = handle->data;

	if (child->on_closed != NULL)
		child->on_closed(child);
}

void child_close(child_process *child, child_close_callback close_cb)
{
	child->on_closed = close_cb;
	uv_close((uv_handle_t *)&child->handle, handle_closed);
}

bool child_kill(child_process *child)
{
	/* ESRCH only means its exit is already queued on the loop. */
	return child->running && uv_process_kill(&child->handle, SIGKILL) == 0;
}

int child_pid(const child_process *child)
{
	return child->handle.pid;
}
