/* Text helpers shared by every layer: a growable string, a string list, and
 * the UTF-16LE <-> UTF-8 conversions that Windows files (regedit exports,
 * Notepad-saved INIs, MSI logs) need. Allocation failure aborts: there is
 * nothing sensible a repair tool can do without memory. */
#ifndef CCMWRAP_TEXT_H
#define CCMWRAP_TEXT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"

typedef struct strbuf {
	char *data;      /* always NUL-terminated once anything was added */
	size_t length;
	size_t capacity;
} strbuf;

#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_add(strbuf *buffer, const char *bytes, size_t length);
void strbuf_add_string(strbuf *buffer, const char *string);
void strbuf_add_char(strbuf *buffer, char c);
void strbuf_printf(strbuf *buffer, const char *format, ...)
    PRINTF_LIKE(2, 3);
void strbuf_vprintf(strbuf *buffer, const char *format, va_list args);
void strbuf_clear(strbuf *buffer);
/* Hands the string to the caller (never NULL) and empties the buffer. */
char *strbuf_detach(strbuf *buffer);
void strbuf_free(strbuf *buffer);

typedef struct strlist {
	char **items;
	size_t count;
	size_t capacity;
} strlist;

#define STRLIST_INIT { NULL, 0, 0 }

void strlist_add(strlist *list, const char *string);
void strlist_add_owned(strlist *list, char *string);
void strlist_free(strlist *list);

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *pointer, size_t size);
char *xstrdup(const char *string);
char *xstrndup(const char *string, size_t length);

/* Case-insensitive as Windows compares registry key and value names: each
 * character upper-cased by its table (casefold.h), for all of Unicode.
 * A byte that is not UTF-8 compares as itself. */
int text_compare_nocase(const char *a, const char *b);
bool text_equal_nocase(const char *a, const char *b);
/* a against the first b_length bytes of b, which end where a character
 * ends. */
bool text_equal_nocase_n(const char *a, const char *b, size_t b_length);
bool text_starts_with_nocase(const char *string, const char *prefix);
bool text_contains_nocase(const char *haystack, const char *needle);
/* Where needle first occurs in haystack, or NULL. */
const char *text_find_nocase(const char *haystack, const char *needle);
/* The character at *text as those functions compare it, and *text moved
 * past it; 0 at the end of the string. */
uint32_t text_next_folded(const char **text);

/* Appends text with every control character escaped, so that text from a
 * log, the registry or a result file can neither drive a terminal (ANSI
 * escapes) nor forge a line of its own: C0 controls and DEL as \xHH, the
 * C1 controls U+0080..U+009F as \u00HH, a byte that is not UTF-8 as \xHH.
 * Line breaks stay with keep_newlines. A backslash stays as it is, so text
 * escaped once is unchanged by a second pass. */
void text_add_escaped(strbuf *out, const char *text, bool keep_newlines);
/* The same into a new string (caller frees). */
char *text_escaped(const char *text, bool keep_newlines);
/* Whether text holds a control character: C0, DEL or C1 (U+0080..U+009F). */
bool text_has_control(const char *text);
/* Whether the code point is one of those controls. */
bool text_is_control(uint32_t codepoint);

/* Removes leading and trailing ASCII white space in place; returns string. */
char *text_trim(char *string);

/* UTF-16LE bytes (no BOM handling; an odd trailing byte is ignored) to a
 * NUL-terminated UTF-8 string. Unpaired surrogates become U+FFFD. *out_length
 * may be NULL. */
char *text_utf16le_to_utf8(const unsigned char *bytes, size_t size, size_t *out_length);
/* UTF-8 to UTF-16LE bytes without terminator; invalid bytes become U+FFFD. */
unsigned char *text_utf8_to_utf16le(const char *string, size_t length, size_t *out_size);

/* Appends the UTF-8 form of one code point. */
void text_add_codepoint(strbuf *buffer, uint32_t codepoint);
/* Decodes the UTF-8 sequence at text (available > 0 bytes): stores its code
 * point and returns its length. A byte that starts no complete sequence
 * gives U+FFFD and length 1, so that a caller never stalls on bad bytes;
 * an overlong form, a surrogate or a value beyond U+10FFFF gives U+FFFD for
 * the whole sequence. */
size_t text_next_codepoint(const char *text, size_t available, uint32_t *codepoint);

/* Strict decoders for text read from a file, where the lenient ones above
 * would put U+FFFD: each fails naming the position and the fault. UTF-8
 * as the standard defines it: no overlong form, no encoded surrogate,
 * nothing beyond U+10FFFF, no byte F5..FF, no sequence cut short. */
bool text_check_utf8(const char *bytes, size_t size, error_message *err);
/* UTF-16LE (an odd last byte is ignored) appended to out as UTF-8; a
 * surrogate without its other half fails. */
bool text_decode_utf16le(const unsigned char *bytes, size_t size, strbuf *out,
                         error_message *err);

#endif
