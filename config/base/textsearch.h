/* Whether any of a few texts occurs in a buffer, ASCII letters compared
 * without case as the log signatures compare them (docs/DESIGN.md "Logs"):
 * the buffer is read as raw bytes, not NUL-terminated, and a byte outside
 * ASCII compares as itself. The search steps over the buffer by pairs of
 * bytes (Wu and Manber's multi-pattern skip): a pair that ends no text's
 * first `window` bytes lets it jump ahead, so most bytes of a buffer where
 * no text occurs are never looked at. That is what lets scan-log leave the
 * log entries no signature can match unparsed (docs/DESIGN.md "Logs"). */
#ifndef CCMWRAP_TEXTSEARCH_H
#define CCMWRAP_TEXTSEARCH_H

#include <stddef.h>

typedef struct textsearch textsearch;

/* texts[0..count-1]: at least one, none empty; copied. */
textsearch *textsearch_new(const char *const *texts, size_t count);
void textsearch_free(textsearch *search);

/* Where the leftmost occurrence of any text in bytes[0..length-1] starts,
 * or NULL. */
const char *textsearch_find(const textsearch *search, const char *bytes, size_t length);

#endif
