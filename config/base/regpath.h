/* Registry key paths as text: "HKLM\SYSTEM\CurrentControlSet". Roots are
 * normalised to their short names; names compare case-insensitively as
 * Windows does; '*' is an ordinary character in a key name. */
#ifndef CCMWRAP_REGPATH_H
#define CCMWRAP_REGPATH_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* "HKEY_LOCAL_MACHINE\\a\\b\\" -> "HKLM\\a\\b" (caller frees). Rejects an
 * unknown root and empty components. */
bool regpath_normalize(const char *text, char **out, error_message *err);
/* The long root name ("HKEY_LOCAL_MACHINE") for a normalised path's root. */
const char *regpath_long_root(const char *normalized);
/* Rewrites a normalised path with its long root name (caller frees). */
char *regpath_to_long(const char *normalized);
/* True when path is scope itself or below it (normalised paths). */
bool regpath_is_within(const char *path, const char *scope);
/* True when path is within any of scopes. */
bool regpath_is_within_any(const char *path, const strlist *scopes);
/* The last component (points into path). */
const char *regpath_leaf(const char *path);
/* Everything before the last component (caller frees), or NULL for a root. */
char *regpath_parent(const char *path);
/* parent + "\\" + child (caller frees). */
char *regpath_join(const char *parent, const char *child);
bool regpath_equal(const char *a, const char *b);

#endif
