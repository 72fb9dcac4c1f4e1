/* Replacing a file so that readers see the old or the new content, never a
 * mix: write a temporary file in the same folder, flush it to disk, rename
 * it over the target. Through libuv, so it behaves alike on Windows. */
#ifndef CCMWRAP_ATOMICFILE_H
#define CCMWRAP_ATOMICFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"

typedef struct atomicfile {
	char *path;
	char *temp_path;
	int file;
	unsigned char *buffer;
	size_t used;
} atomicfile;

/* Creates "PATH.tmp-XXXXXXXX" beside path, with path's permissions when it
 * exists. */
bool atomicfile_begin(atomicfile *out, const char *path, error_message *err);
bool atomicfile_write(atomicfile *file, const void *bytes, size_t size, error_message *err);
/* Flushes to disk and renames over the target; on failure the temporary
 * file is removed and the target left as it was. Always releases file. */
bool atomicfile_commit(atomicfile *file, error_message *err);
/* Removes the temporary file; the target is untouched. */
void atomicfile_abandon(atomicfile *file);

/* Waits ms milliseconds before a refused rename is tried again: uv_sleep
 * when committing; a test passes its own to act between two attempts. */
typedef void atomicfile_pause(unsigned ms, void *context);
/* Renames from over to. Windows refuses while another program has `to`
 * open (a virus scanner, an editor, `ccmwrap report` reading a result):
 * such a rename is tried again, pausing 1, 2, 4... ms, until about two
 * seconds of pauses have passed. A libuv error code, 0 on success. */
int atomicfile_rename_over(const char *from, const char *to, atomicfile_pause *pause,
                           void *context);

/* The whole of begin, write, commit for content that is already in memory. */
bool atomicfile_replace(const char *path, const void *bytes, size_t size, error_message *err);

#endif
