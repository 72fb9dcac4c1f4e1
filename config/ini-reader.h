/* An INI file's lines through libinih, with the line numbers and checks
 * libinih does not give. libinih is fed one cleaned line at a time by our
 * own reader, which knows the line number, rejects what libinih would cut
 * or misread (a line longer than its buffer, a continuation line, an
 * unclosed [section, a line without '='), reports it as FILE:LINE and
 * hands libinih a blank line instead, so one bad line never becomes a key
 * and every error of the file is found in one pass. */
#ifndef CCMWRAP_INI_READER_H
#define CCMWRAP_INI_READER_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#include "config/base/text.h"

#define INIREADER_NO_SECTION ((size_t)-1)

typedef struct inireader_section {
	char *name;       /* trimmed text between the brackets; NULL when the header was bad */
	int line;
} inireader_section;

typedef struct inireader_entry {
	size_t section;   /* index into sections, or INIREADER_NO_SECTION */
	char *name;
	char *value;      /* trimmed, inline ; comment removed */
	int line;
} inireader_entry;

typedef struct inireader_document {
	inireader_section *sections;
	size_t section_count;
	inireader_entry *entries;
	size_t entry_count;
} inireader_document;

/* Parses UTF-8 text; file_name only names the file in messages, each
 * appended to errors as "FILE:LINE: what is wrong; what is expected".
 * Returns true when the file had no error. */
bool inireader_parse(const char *file_name, const char *text, size_t length,
                     inireader_document *doc, strlist *errors);
void inireader_document_free(inireader_document *doc);

/* Appends "FILE:LINE: detail" to errors, the form of every INI message;
 * line 0 is about the file as a whole. */
void inireader_add_error(strlist *errors, const char *file_name, int line, const char *format, ...)
    PRINTF_LIKE(4, 5);
void inireader_add_error_va(strlist *errors, const char *file_name, int line, const char *format,
                            va_list args);

#endif
