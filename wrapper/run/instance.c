#include "wrapper/run/instance.h"

#include <stdlib.h>
#include <uv.h>

#include "config/base/text.h"

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

char *instance_set_aside_note(char *set_aside)
{
	if (set_aside == NULL)
		return NULL;
	strbuf note = STRBUF_INIT;
	strbuf_printf(&note, "the instance lock file could not be trusted and was set aside: %s",
	              set_aside);
	free(set_aside);
	return strbuf_detach(&note);
}
