/* A file's creation time, which ConfigMgr reads from a status MIF
 * (docs/DESIGN.md "Reporting"), and the conversion between Windows'
 * FILETIME and ccmwrap's times (milliseconds since 1970, UTC). */
#ifndef CCMWRAP_FILETIME_H
#define CCMWRAP_FILETIME_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"

/* Sets the creation time of an existing file. On Windows the file system
 * may have given a new file the creation time of one removed under the
 * same name moments before (tunnelling); this replaces it. POSIX file
 * systems have no settable creation time: there it does nothing. */
bool filetime_set_created(const char *path, int64_t unix_ms, error_message *err);

#ifdef _WIN32
#include <windows.h>

/* FILETIME counts 100 ns from 1601. */
FILETIME filetime_from_unix_ms(int64_t unix_ms);
int64_t filetime_to_unix_ms(FILETIME time);
#endif

#endif
