/* File paths as the INI gives them: Windows-style ("..\logs\x.log",
 * "\\server\share\ccmsetup.exe", "C:\Windows") and resolved against the
 * INI's folder. On POSIX every '\' becomes '/', on Windows every '/'
 * becomes '\'. */
#ifndef CCMWRAP_FILEPATH_H
#define CCMWRAP_FILEPATH_H

#include <stdbool.h>

#include "config/base/error.h"

/* Rewrites the separators of path in place for this platform. */
void filepath_to_native(char *path);
/* "/x", "\\server\share", "C:\x" (a drive path is absolute everywhere). */
bool filepath_is_absolute(const char *path);
/* path itself when absolute, else folder + separator + path, with native
 * separators and "." and ".." components resolved (caller frees). */
char *filepath_resolve(const char *folder, const char *path);
/* path resolved against the current folder, with native separators and
 * "." and ".." resolved (caller frees); NULL when the current folder
 * cannot be found. */
char *filepath_absolute(const char *path);

/* ccmwrap's own program, as the system started it (caller frees); false,
 * saying why, when the system cannot tell. */
bool filepath_own_program(char **path, error_message *err);

/* The absolute folder holding file (caller frees); NULL when the current
 * folder cannot be found. */
char *filepath_folder_of(const char *file);
/* The part after the last '\' or '/' (points into path). */
const char *filepath_base_name(const char *path);

#endif
