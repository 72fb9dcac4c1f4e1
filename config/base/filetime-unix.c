#include "config/base/filetime.h"

/* A POSIX birth time (statx) can be read but never set, and nothing on
 * POSIX reads a status MIF: only Windows needs it right. */
bool filetime_set_created(const char *path, int64_t unix_ms, error_message *err)
{
	(void)path;
	(void)unix_ms;
	(void)err;
	return true;
}
