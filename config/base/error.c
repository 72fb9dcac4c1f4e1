#include "config/base/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

/* Messages name files, keys, lines and values that others may have
 * written: no control character reaches the console or a log through one
 * (text_add_escaped). */
static void escape_in_place(error_message *err)
{
	char *escaped = text_escaped(err->text, false);

	snprintf(err->text, sizeof err->text, "%s", escaped);
	free(escaped);
}

bool error_set_va(error_message *err, const char *format, va_list args)
{
	if (err != NULL) {
		vsnprintf(err->text, sizeof err->text, format, args);
		escape_in_place(err);
	}
	return false;
}

bool error_set(error_message *err, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	error_set_va(err, format, args);
	va_end(args);
	return false;
}

bool error_prefix(error_message *err, const char *format, ...)
{
	char old[sizeof err->text];
	va_list args;

	if (err == NULL)
		return false;
	memcpy(old, err->text, sizeof old);
	va_start(args, format);
	int length = vsnprintf(err->text, sizeof err->text, format, args);
	va_end(args);
	if (length < 0 || (size_t)length >= sizeof err->text - 2)
		return false;
	size_t used = (size_t)length;
	memcpy(err->text + used, ": ", 2);
	used += 2;
	size_t room = sizeof err->text - used - 1;
	size_t old_length = strnlen(old, sizeof old);
	if (old_length > room)
		old_length = room;
	memcpy(err->text + used, old, old_length);
	err->text[used + old_length] = '\0';
	escape_in_place(err);
	return false;
}
