#include "wrapper/run/detach.h"

#include <stdlib.h>
#include <uv.h>

#include "config/base/filepath.h"
#include "wrapper/run/cmdline.h"

bool detach_start(const strlist *arguments, char **started, bool *already_running,
                  error_message *err)
{
	char *program;
	uv_loop_t loop;
	uv_process_t process;
	uv_stdio_container_t stdio[3] = { { .flags = UV_IGNORE }, { .flags = UV_IGNORE },
	                                  { .flags = UV_IGNORE } };

	*started = NULL;
	*already_running = false;
	if (!filepath_own_program(&program, err))
		return false;
	strlist words = STRLIST_INIT;
	strlist_add(&words, "run");
	for (size_t i = 0; i < arguments->count; i++)
		strlist_add(&words, arguments->items[i]);
	char **argv = xcalloc(words.count + 2, sizeof *argv);
	argv[0] = program;
	for (size_t i = 0; i < words.count; i++)
		argv[i + 1] = words.items[i];
	uv_process_options_t options = {
		.file = program, .args = argv, .flags = UV_PROCESS_DETACHED,
		.stdio_count = 3, .stdio = stdio,
	};
	uv_loop_init(&loop);
	int rc = uv_spawn(&loop, &process, &options);
	if (rc == 0) {
		char *line = cmdline_format(program, &words);
		strbuf what = STRBUF_INIT;
		strbuf_printf(&what, "process %d in a session of its own: %s", process.pid, line);
		*started = strbuf_detach(&what);
		free(line);
	}
	uv_close((uv_handle_t *)&process, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	free(argv);
	free(program);
	strlist_free(&words);
	return rc == 0 || error_set(err, "cannot start the run in the background: %s",
	                            uv_strerror(rc));
}
