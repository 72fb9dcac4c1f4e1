/* The INI decides what runs as SYSTEM, so one that a non-administrator
 * can change is refused (unless --allow-insecure-config). The file and
 * its folder are checked: whoever can write the folder can replace the
 * file. One implementation per platform: POSIX owner and mode bits,
 * Windows DACL. */
#ifndef CCMWRAP_FILESAFETY_H
#define CCMWRAP_FILESAFETY_H

#include <stdbool.h>

#include "error.h"

/* True when only administrators (and, on POSIX, the current user) can
 * change the file at path; else says who else can and what to do. */
bool filesafety_check(const char *path, error_message *err);

#endif
