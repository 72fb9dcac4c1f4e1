/* Who may change what a SYSTEM program reads and keeps (docs/DESIGN.md
 * "Hardening"): SYSTEM, Administrators, TrustedInstaller, and the
 * administrator running ccmwrap (POSIX: root and the user running it).
 * Whoever else can write a file, its folder, or a folder above (rename
 * it away and put another in its place) could change what runs as SYSTEM
 * or what it trusts. One implementation per platform: POSIX owner and mode
 * bits, Windows owner and DACL. Each refusal says who else could change it
 * and what to do. */
#ifndef CCMWRAP_FILESAFETY_H
#define CCMWRAP_FILESAFETY_H

#include <stdbool.h>

#include "config/base/error.h"

/* The INI at path: the file, its folder and every folder above. A folder
 * others may add to but not rename in (POSIX sticky bit) is fine here. */
bool filesafety_check(const char *path, error_message *err);

/* A folder ccmwrap keeps state in (journal, own log): it and every folder
 * above. Stricter than the INI's: nobody else may add files to it, since
 * a state file someone put there before ccmwrap would be trusted. */
bool filesafety_check_folder(const char *folder, error_message *err);

/* ccmwrap's own state folder (%ProgramData%\ccmwrap): created for SYSTEM
 * and Administrators only when missing; an existing one that lets anyone
 * else write is given back that protection when ccmwrap may, else
 * refused, as is one that is a link or not a folder. */
bool filesafety_prepare_state_folder(const char *folder, error_message *err);

#endif
