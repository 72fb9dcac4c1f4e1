#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/registry/regfile.h"
#include "config/base/windows1252.h"

/* regedit wraps hex data so that no line is longer than 80 columns,
 * the trailing "\" included; continued lines start with two spaces. */
#define WRAP_COLUMN 76

void regfile_format_key_line(strbuf *text, const char *key, const char *newline)
{
	char *long_path = regpath_to_long(key);

	strbuf_printf(text, "[%s]%s", long_path, newline);
	free(long_path);
}

void regfile_format_sddl_line(strbuf *text, const char *sddl, const char *newline)
{
	strbuf_printf(text, "%s%s%s", REGFILE_SDDL_PREFIX, sddl, newline);
}

static void add_quoted(strbuf *text, const char *string, size_t length)
{
	strbuf_add_char(text, '"');
	for (size_t i = 0; i < length; i++) {
		if (string[i] == '\\' || string[i] == '"')
			strbuf_add_char(text, '\\');
		strbuf_add_char(text, string[i]);
	}
	strbuf_add_char(text, '"');
}

static size_t columns(const char *text, size_t length)
{
	size_t count = 0;

	for (size_t i = 0; i < length; i++)
		count += ((unsigned char)text[i] & 0xC0) != 0x80;
	return count;
}

static void add_hex(strbuf *text, size_t line_start, const char *prefix,
                    const registry_value *value, const char *newline)
{
	strbuf_add_string(text, prefix);
	size_t column = columns(text->data + line_start, text->length - line_start);
	for (size_t i = 0; i < value->size; i++) {
		strbuf_printf(text, "%02x", value->data[i]);
		column += 2;
		if (i + 1 == value->size)
			break;
		strbuf_add_char(text, ',');
		column++;
		if (column > WRAP_COLUMN) {
			strbuf_printf(text, "\\%s  ", newline);
			column = 2;
		}
	}
}

/* The string when the data is a UTF-16LE string that can be written in
 * quotes: one terminating NUL, no other NUL and no control character (a
 * line break would end the line; an escape would reach whoever reads the
 * export on a terminal). Any other string is written as hex, which keeps
 * it exactly. */
static char *quotable_string(const registry_value *value, size_t *length)
{
	if (value->size < 2 || value->size % 2 != 0 || value->data[value->size - 1] != 0 ||
	    value->data[value->size - 2] != 0)
		return NULL;
	char *string = text_utf16le_to_utf8(value->data, value->size - 2, length);
	if (strlen(string) == *length && !text_has_control(string))
		return string;
	free(string);
	return NULL;
}

bool regfile_format_value(strbuf *text, const registry_value *value, const char *newline,
                          error_message *err)
{
	size_t line_start = text->length;

	if (text_has_control(value->name))
		return error_set(err, "value name '%s' holds a control character, which a .reg file "
		                      "cannot hold", value->name);
	if (value->name[0] == '\0')
		strbuf_add_char(text, '@');
	else
		add_quoted(text, value->name, strlen(value->name));
	strbuf_add_char(text, '=');
	size_t length;
	char *string = value->type == REGISTRY_SZ ? quotable_string(value, &length) : NULL;
	if (string != NULL) {
		add_quoted(text, string, length);
		free(string);
	} else if (value->type == REGISTRY_DWORD && value->size == 4) {
		strbuf_printf(text, "dword:%02x%02x%02x%02x", value->data[3], value->data[2],
		              value->data[1], value->data[0]);
	} else {
		char prefix[24];
		if (value->type == REGISTRY_BINARY)
			snprintf(prefix, sizeof prefix, "hex:");
		else
			snprintf(prefix, sizeof prefix, "hex(%x):", (unsigned)value->type);
		add_hex(text, line_start, prefix, value, newline);
	}
	strbuf_add_string(text, newline);
	return true;
}

static void encode_ansi(strbuf *out, const char *utf8, size_t length)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(utf8, length, &size);

	for (size_t i = 0; i < size; i += 2) {
		uint32_t unit = (uint32_t)wide[i] | ((uint32_t)wide[i + 1] << 8);
		unsigned char byte;
		strbuf_add_char(out, windows1252_from_codepoint(unit, &byte) ? (char)byte : '?');
	}
	free(wide);
}

void regfile_encode(strbuf *out, const char *utf8, size_t length, regfile_encoding encoding)
{
	if (encoding == REGFILE_UTF8) {
		strbuf_add(out, utf8, length);
	} else if (encoding == REGFILE_UTF16LE) {
		size_t size;
		unsigned char *wide = text_utf8_to_utf16le(utf8, length, &size);
		strbuf_add(out, (const char *)wide, size);
		free(wide);
	} else {
		encode_ansi(out, utf8, length);
	}
}
