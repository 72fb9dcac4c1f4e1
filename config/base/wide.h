/* UTF-8 text (what ccmwrap holds) to and from the UTF-16 of the Win32 API.
 * Windows only: included by *-win.c files alone. */
#ifndef CCMWRAP_WIDE_H
#define CCMWRAP_WIDE_H

#include <wchar.h>

/* A NUL-terminated copy in UTF-16 (caller frees). */
wchar_t *wide_from_utf8(const char *text);
/* units: a count of UTF-16 units, or -1 for a NUL-terminated string
 * (caller frees). */
char *wide_to_utf8(const wchar_t *wide, int units);
/* Windows' own words for a Win32 error code, trimmed, in UTF-8;
 * "unknown error" when it has none (caller frees). */
char *wide_error_text(unsigned long code);

#endif
