#include "instance.h"

#include <uv.h>

#include "../config/text.h"

char *instance_lock_name(const char *name, const char *state_dir)
{
	char from_environment[4096];
	size_t environment_size = sizeof from_environment;

	if (name != NULL)
		return xstrdup(name);
	if (uv_os_getenv("CCMWRAP_INSTANCE_LOCK", from_environment, &environment_size) == 0 &&
	    from_environment[0] != '\0')
		return xstrdup(from_environment);
	return instance_default_name(state_dir);
}
