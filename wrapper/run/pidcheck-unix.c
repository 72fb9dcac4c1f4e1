#include "wrapper/run/pidcheck.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <unistd.h>

bool pidcheck_alive(unsigned long process_id)
{
	if (process_id == 0 || process_id > (unsigned long)INT32_MAX)
		return false;
	return kill((pid_t)process_id, 0) == 0 || errno != ESRCH;
}

unsigned long pidcheck_self(void)
{
	return (unsigned long)getpid();
}
