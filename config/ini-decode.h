/* The bytes of an INI file as UTF-8 text. Notepad saves "Unicode" as
 * UTF-16LE with a byte-order mark and "UTF-8" with one; both are read.
 * What cannot be read is named exactly rather than misparsed. */
#ifndef CCMWRAP_INI_DECODE_H
#define CCMWRAP_INI_DECODE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/base/error.h"

/* Stores the UTF-8 text without any byte-order mark (caller frees) and
 * its length. Fails only for an encoding that cannot be an INI. */
bool inidecode_to_utf8(const unsigned char *bytes, size_t size, char **text, size_t *length,
                       error_message *err);

#endif
