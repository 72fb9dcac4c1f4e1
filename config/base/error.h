/* Errors are returned as values: a function that can fail returns false and
 * fills an error_message, which the caller passes up unchanged or prefixes
 * with context, and which is printed only at the edge (main). */
#ifndef CCMWRAP_ERROR_H
#define CCMWRAP_ERROR_H

#include <stdarg.h>
#include <stdbool.h>

/* MinGW checks plain `printf` formats as msvcrt's, which lacks %zu; the
 * Windows build uses MinGW's C99 printf (__USE_MINGW_ANSI_STDIO). */
#if defined(__MINGW32__)
#define PRINTF_LIKE(format_index, first_argument) \
	__attribute__((format(gnu_printf, format_index, first_argument)))
#else
#define PRINTF_LIKE(format_index, first_argument) \
	__attribute__((format(printf, format_index, first_argument)))
#endif

typedef struct error_message {
	char text[1024];
} error_message;

/* Sets the message and returns false, so that `return error_set(err, ...)`
 * reads as what it does. err may be NULL. */
bool error_set(error_message *err, const char *format, ...)
    PRINTF_LIKE(2, 3);
bool error_set_va(error_message *err, const char *format, va_list args);

/* Puts "context: " in front of the message already there; returns false. */
bool error_prefix(error_message *err, const char *format, ...)
    PRINTF_LIKE(2, 3);

#endif
