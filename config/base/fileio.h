/* Whole-file reads and complete writes through libuv, so that they behave
 * alike on Windows: the loops every reader of a small file (the INI, the
 * fix journal, result files) and every writer of a record (journal lines,
 * the own log, atomic files) would otherwise repeat. In the bottom layer
 * because the INI is such a file. */
#ifndef CCMWRAP_FILEIO_H
#define CCMWRAP_FILEIO_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* Appends the file's bytes to content, which is NUL-terminated afterwards
 * even when the file is empty. A file larger than max_size is an error, so
 * that a stray huge file is never loaded. When missing is not NULL, a file
 * that does not exist sets *missing and succeeds with nothing added. The
 * error does not name the file: the caller says which file it was. */
bool fileio_read_whole(const char *path, size_t max_size, strbuf *content, bool *missing,
                       error_message *err);

/* fileio_read_whole for a caller that words its own messages: 0, or the
 * libuv error code of opening or reading, UV_EFBIG for a file larger than
 * max_size. */
int fileio_read_file(const char *path, size_t max_size, strbuf *content);

/* The same for a file already open (from its start, whatever its
 * position; the position stays as it is). */
int fileio_read_open(int file, size_t max_size, strbuf *content);

/* Writes all of bytes to an open libuv file, however many writes that
 * takes. Returns 0, or the libuv error code (UV_ENOSPC when the system
 * accepts nothing more) for the caller's message. */
int fileio_write_all(int file, const void *bytes, size_t size);

/* What path names: *kind is its mode's type bits (S_IFREG, S_IFDIR, ...),
 * a link's own unless follow. Returns 0, or the libuv error code (UV_ENOENT
 * for nothing there), with *kind 0. */
int fileio_kind(const char *path, bool follow, unsigned *kind);

#endif
