#include "ccmservice.h"

bool ccmservice_running(bool *running, error_message *err)
{
	(void)err;
	*running = false;
	return true;
}

bool ccmservice_request_stop(bool *requested, error_message *err)
{
	(void)err;
	*requested = false;
	return true;
}

bool ccmservice_terminate(bool *terminated, error_message *err)
{
	(void)err;
	*terminated = false;
	return true;
}
