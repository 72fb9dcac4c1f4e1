/* A file or a folder with everything in it, copied or removed: what push
 * does with the host's ADMIN$\ccmwrap folder (docs/DESIGN.md "Push and the
 * one-shot service"). Neither ever follows a link: a symbolic link or
 * reparse point planted in a folder being removed is removed itself, and
 * what it points to stays; one in a tree being copied is refused, so that
 * a copy never carries more (or other) than the folder holds. */
#ifndef CCMWRAP_FILETREE_H
#define CCMWRAP_FILETREE_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* Copies source, a plain file or a folder, to target, which must not
 * exist: files are created exclusively, so nothing is written through a
 * link planted at target. A file keeps its mode without group and other
 * write (POSIX); on Windows the copy takes its folder's permissions.
 * Stops at the first failure, naming the path. */
bool filetree_copy(const char *source, const char *target, error_message *err);

/* Removes path and, for a folder, everything in it; a link is removed,
 * never followed. A missing path is no error. */
bool filetree_remove(const char *path, error_message *err);

/* ---- shared by the platforms' files (filetree.c) ---- */

/* Copies each of names, listed in the folder source, into the folder
 * target with filetree_copy; stops at the first failure. */
bool filetree_copy_names(const char *source, const char *target, const strlist *names,
                         error_message *err);

#endif
