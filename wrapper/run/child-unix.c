#include "wrapper/run/child.h"

#include <signal.h>

bool child_ask_to_close(child_process *child)
{
	return child->running && uv_process_kill(&child->handle, SIGTERM) == 0;
}
