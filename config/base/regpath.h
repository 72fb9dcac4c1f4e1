/* Registry key paths as text: "HKLM\SYSTEM\CurrentControlSet". Roots are
 * normalised to their short names; names compare case-insensitively as
 * Windows does; '*' is an ordinary character in a key name. */
#ifndef CCMWRAP_REGPATH_H
#define CCMWRAP_REGPATH_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/hashindex.h"
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
/* Distinct paths, member i being paths.items[i], that answer "is path
 * within a member" in time linear in the path's depth: a fix plans for
 * tens of thousands of subtree roots (regpath_is_within_any is linear in
 * their number). */
typedef struct regpath_set {
	strlist paths;
	hashindex index;
} regpath_set;

#define REGPATH_SET_INIT { STRLIST_INIT, { 0 } }

void regpath_set_add(regpath_set *set, const char *path);
/* Whether path is within a member. With marks (one per member) NULL, the
 * first member found answers; otherwise marks[i] is set for every member
 * i that path is within. */
bool regpath_set_holds(const regpath_set *set, const char *path, bool *marks);
void regpath_set_free(regpath_set *set);
/* The last component (points into path). */
const char *regpath_leaf(const char *path);
/* Everything before the last component (caller frees), or NULL for a root. */
char *regpath_parent(const char *path);
/* parent + "\\" + child (caller frees). */
char *regpath_join(const char *parent, const char *child);
bool regpath_equal(const char *a, const char *b);

#endif
