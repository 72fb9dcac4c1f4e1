#include "wrapper/run/scm.h"

#include <string.h>

bool scm_present(void)
{
	return false;
}

bool scm_query(const char *name, scm_status *status, error_message *err)
{
	(void)name;
	(void)err;
	memset(status, 0, sizeof *status);
	return true;
}

bool scm_command_line(const char *name, char **command_line, error_message *err)
{
	(void)name;
	(void)err;
	*command_line = NULL;
	return true;
}

bool scm_request_stop(const char *name, bool *requested, error_message *err)
{
	(void)name;
	(void)err;
	*requested = false;
	return true;
}

bool scm_terminate(const char *name, bool *terminated, error_message *err)
{
	(void)name;
	(void)err;
	*terminated = false;
	return true;
}
