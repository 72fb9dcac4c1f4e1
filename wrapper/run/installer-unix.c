#include "wrapper/run/installer.h"

bool installer_busy(bool *busy, error_message *err)
{
	(void)err;
	*busy = false;
	return true;
}

bool installer_end_custom_actions(int64_t since_ms, strlist *ended, error_message *err)
{
	(void)since_ms;
	(void)ended;
	(void)err;
	return true;
}
