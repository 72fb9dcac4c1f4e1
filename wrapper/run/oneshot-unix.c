#include "wrapper/run/oneshot.h"

#include <stdlib.h>

static bool no_service_manager(oneshot_error *err)
{
	err->win32 = 0;
	return error_set(&err->message, "this platform has no service manager");
}

bool oneshot_create(const char *host, const char *command_line, oneshot_service **service,
                    oneshot_error *err)
{
	(void)host;
	(void)command_line;
	*service = NULL;
	return no_service_manager(err);
}

bool oneshot_start(oneshot_service *service, oneshot_error *err)
{
	(void)service;
	return no_service_manager(err);
}

bool oneshot_wait(oneshot_service *service, uint64_t timeout_ms, bool *stopped,
                  uint32_t *exit_code, oneshot_error *err)
{
	(void)service;
	(void)timeout_ms;
	(void)exit_code;
	*stopped = false;
	return no_service_manager(err);
}

bool oneshot_stop(oneshot_service *service, oneshot_error *err)
{
	(void)service;
	return no_service_manager(err);
}

bool oneshot_delete(oneshot_service *service, oneshot_error *err)
{
	(void)service;
	return no_service_manager(err);
}

void oneshot_close(oneshot_service *service)
{
	(void)service;
}
