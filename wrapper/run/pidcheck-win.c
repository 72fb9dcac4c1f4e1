#include "wrapper/run/pidcheck.h"

#include <windows.h>

bool pidcheck_alive(unsigned long process_id)
{
	HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, (DWORD)process_id);

	if (process == NULL)
		return GetLastError() != ERROR_INVALID_PARAMETER;
	bool alive = WaitForSingleObject(process, 0) == WAIT_TIMEOUT;
	CloseHandle(process);
	return alive;
}

unsigned long pidcheck_self(void)
{
	return (unsigned long)GetCurrentProcessId();
}
