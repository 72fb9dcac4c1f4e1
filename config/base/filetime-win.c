#include "config/base/filetime.h"

#include <stdlib.h>

#include "config/base/wide.h"

#define FILETIME_TICKS_PER_MS 10000
#define FILETIME_UNIX_EPOCH_MS 11644473600000LL

FILETIME filetime_from_unix_ms(int64_t unix_ms)
{
	ULARGE_INTEGER ticks;
	FILETIME time;

	ticks.QuadPart = (ULONGLONG)(unix_ms + FILETIME_UNIX_EPOCH_MS) * FILETIME_TICKS_PER_MS;
	time.dwLowDateTime = ticks.LowPart;
	time.dwHighDateTime = ticks.HighPart;
	return time;
}

int64_t filetime_to_unix_ms(FILETIME time)
{
	ULARGE_INTEGER ticks;

	ticks.LowPart = time.dwLowDateTime;
	ticks.HighPart = time.dwHighDateTime;
	return (int64_t)(ticks.QuadPart / FILETIME_TICKS_PER_MS) - FILETIME_UNIX_EPOCH_MS;
}

bool filetime_set_created(const char *path, int64_t unix_ms, error_message *err)
{
	wchar_t *wide = wide_from_utf8(path);
	HANDLE file = CreateFileW(wide, FILE_WRITE_ATTRIBUTES,
	                          FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	                          OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);

	free(wide);
	if (file == INVALID_HANDLE_VALUE)
		return error_set(err, "cannot open %s to set its creation time: Windows error %lu", path,
		                 (unsigned long)GetLastError());
	FILETIME created = filetime_from_unix_ms(unix_ms);
	bool set = SetFileTime(file, &created, NULL, NULL) != 0;
	DWORD code = GetLastError();

	CloseHandle(file);
	if (!set)
		return error_set(err, "cannot set the creation time of %s: Windows error %lu", path,
		                 (unsigned long)code);
	return true;
}
