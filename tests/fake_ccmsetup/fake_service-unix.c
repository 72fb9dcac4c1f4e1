#include "tests/fake_ccmsetup/fake_service.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "tests/fake_ccmsetup/fake_stop.h"
#include "config/base/text.h"

bool fake_service_start(int argc, char **argv, error_message *err)
{
	char program[4096];
	size_t size = sizeof program;
	uv_process_t child;
	uv_process_options_t spawn = { 0 };
	char **args = xcalloc((size_t)argc + 2, sizeof *args);

	uv_exepath(program, &size);
	args[0] = program;
	for (int i = 1; i < argc; i++)
		args[i] = strcmp(argv[i], "/fake-service") == 0 ? "/fake-service-instance" : argv[i];
	spawn.file = program;
	spawn.args = args;
	spawn.flags = UV_PROCESS_DETACHED | UV_PROCESS_WINDOWS_HIDE;
	int rc = uv_spawn(uv_default_loop(), &child, &spawn);
	free(args);
	if (rc != 0)
		return error_set(err, "%s", uv_strerror(rc));
	uv_unref((uv_handle_t *)&child);
	return true;
}

int fake_service_run(const fake_options *options, fake_service_work work)
{
	int code = work(options);

	fake_stop_wait(options->service_linger_ms);
	return code;
}
