#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../config/regpath.h"
#include "regfile.h"
#include "windows1252.h"

/* How much of a bad line a message quotes. */
#define QUOTE_MAX 60

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static size_t trimmed_length(const char *text)
{
	size_t length = strlen(text);

	while (length > 0 && isspace((unsigned char)text[length - 1]))
		length--;
	return length;
}

bool regfile_parse_key_line(const char *text, char **path, error_message *err)
{
	size_t length = trimmed_length(text);

	if (text[1] == '-')
		return error_set(err, "deletion entries ([-KEY]) are not supported in a registry file; "
		                      "expected [KEY]");
	if (length < 2 || text[length - 1] != ']')
		return error_set(err, "'%.*s' has no closing ']'; expected [KEY]", QUOTE_MAX, text);
	char *inside = xstrndup(text + 1, length - 2);
	bool ok = regpath_normalize(inside, path, err);
	free(inside);
	if (!ok)
		return false;
	size_t depth = 0;
	for (const char *p = *path; *p; p++)
		depth += *p == '\\';
	if (depth > REGFILE_MAX_DEPTH) {
		free(*path);
		*path = NULL;
		return error_set(err, "the key is nested %zu levels deep; expected at most %d levels "
		                      "below the root", depth, REGFILE_MAX_DEPTH);
	}
	return true;
}

/* A quoted string with regedit's two escapes, \\ and \". p points at the
 * opening quote; on success *end points past the closing one. */
static bool parse_quoted(const char *p, const char **end, strbuf *out, const char *what,
                         error_message *err)
{
	strbuf_add(out, "", 0);
	for (p++; *p != '"'; p++) {
		if (*p == '\0')
			return error_set(err, "the %s has no closing '\"'; expected a complete line", what);
		if (*p == '\\') {
			p++;
			if (*p != '\\' && *p != '"')
				return error_set(err, "unknown escape '\\%c' in the %s; expected \\\\ or \\\"",
				                 *p ? *p : ' ', what);
		}
		strbuf_add_char(out, *p);
	}
	*end = p + 1;
	return true;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Up to max_digits hex digits; *end points past them. */
static bool parse_hex_number(const char *p, size_t max_digits, uint32_t *number, const char **end)
{
	uint32_t value = 0;
	size_t digits = 0;

	for (; hex_digit(*p) >= 0; p++, digits++) {
		if (digits == max_digits)
			return false;
		value = value * 16 + (uint32_t)hex_digit(*p);
	}
	*number = value;
	*end = p;
	return digits > 0;
}

/* "01,ab, 2f" (already joined across continuation lines) to bytes. */
static bool parse_hex_bytes(const char *p, strbuf *bytes, error_message *err)
{
	strbuf_add(bytes, "", 0);
	p = skip_blanks(p);
	if (*p == '\0')
		return true;
	for (;;) {
		const char *start = p;
		while (*p != ',' && *p != '\0')
			p++;
		const char *item_end = p;
		while (item_end > start && isspace((unsigned char)item_end[-1]))
			item_end--;
		start = skip_blanks(start);
		if (item_end - start != 2 || hex_digit(start[0]) < 0 || hex_digit(start[1]) < 0)
			return error_set(err, "bad hex byte '%.*s'; expected two hex digits per byte, "
			                      "separated by commas", (int)(item_end - start) > QUOTE_MAX
			                 ? QUOTE_MAX : (int)(item_end - start), start);
		strbuf_add_char(bytes, (char)(hex_digit(start[0]) * 16 + hex_digit(start[1])));
		if (*p == '\0')
			return true;
		p++;
	}
}

static void store_data(registry_value *value, uint32_t type, const void *data, size_t size)
{
	value->type = type;
	value->data = xmalloc(size);
	memcpy(value->data, data, size);
	value->size = size;
}

static void store_utf16(registry_value *value, uint32_t type, const char *utf8, size_t length)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(utf8, length, &size);

	wide[size] = 0;
	wide[size + 1] = 0;
	value->type = type;
	value->data = wide;
	value->size = size + 2;
}

static void store_ansi_widened(registry_value *value, uint32_t type, const strbuf *bytes)
{
	strbuf utf8 = STRBUF_INIT;

	strbuf_add(&utf8, "", 0);
	for (size_t i = 0; i < bytes->length; i++)
		text_add_codepoint(&utf8, windows1252_to_codepoint((unsigned char)bytes->data[i]));
	value->type = type;
	value->data = text_utf8_to_utf16le(utf8.data, utf8.length, &value->size);
	strbuf_free(&utf8);
}

static bool parse_hex_value(const char *data, bool ansi_strings, registry_value *value,
                            error_message *err)
{
	uint32_t type = REGISTRY_BINARY;
	const char *p = data + 3;
	strbuf bytes = STRBUF_INIT;

	if (*p == '(') {
		if (!parse_hex_number(p + 1, 8, &type, &p) || *p != ')')
			return error_set(err, "bad value type in '%.*s'; expected hex(N): with N in hex",
			                 QUOTE_MAX, data);
		p++;
	}
	if (*p != ':')
		return error_set(err, "unknown value type in '%.*s'; expected \"string\", dword:, "
		                      "hex: or hex(N):", QUOTE_MAX, data);
	if (!parse_hex_bytes(p + 1, &bytes, err)) {
		strbuf_free(&bytes);
		return false;
	}
	if (ansi_strings && (type == REGISTRY_EXPAND_SZ || type == REGISTRY_MULTI_SZ))
		store_ansi_widened(value, type, &bytes);
	else
		store_data(value, type, bytes.data, bytes.length);
	strbuf_free(&bytes);
	return true;
}

static bool parse_dword(const char *data, registry_value *value, error_message *err)
{
	uint32_t number;
	const char *end;

	if (!parse_hex_number(data + 6, 8, &number, &end) || end - (data + 6) != 8 || *end != '\0')
		return error_set(err, "bad dword '%.*s'; expected dword: and 8 hex digits", QUOTE_MAX,
		                 data);
	unsigned char bytes[4] = { (unsigned char)number, (unsigned char)(number >> 8),
	                           (unsigned char)(number >> 16), (unsigned char)(number >> 24) };
	store_data(value, REGISTRY_DWORD, bytes, sizeof bytes);
	return true;
}

static bool parse_data(const char *data, bool ansi_strings, registry_value *value,
                       error_message *err)
{
	if (strcmp(data, "-") == 0)
		return error_set(err, "deleting a value (=-) is not supported in a registry file; "
		                      "expected a value");
	if (data[0] == '"') {
		strbuf text = STRBUF_INIT;
		const char *end;
		if (!parse_quoted(data, &end, &text, "string", err)) {
			strbuf_free(&text);
			return false;
		}
		bool trailing = *skip_blanks(end) != '\0';
		if (!trailing)
			store_utf16(value, REGISTRY_SZ, text.data, text.length);
		strbuf_free(&text);
		return trailing ? error_set(err, "unexpected text '%.*s' after the string; expected the "
		                                 "end of the line", QUOTE_MAX, skip_blanks(end)) : true;
	}
	if (text_starts_with_nocase(data, "dword:"))
		return parse_dword(data, value, err);
	if (text_starts_with_nocase(data, "hex"))
		return parse_hex_value(data, ansi_strings, value, err);
	return error_set(err, "unknown value type in '%.*s'; expected \"string\", dword:, hex: or "
	                      "hex(N):", QUOTE_MAX, data);
}

bool regfile_value_continues(const char *text)
{
	size_t length = trimmed_length(text);

	if (length == 0 || text[length - 1] != '\\')
		return false;
	const char *equals = text[0] == '@' ? text + 1 : NULL;
	if (equals == NULL) {
		strbuf name = STRBUF_INIT;
		bool ok = text[0] == '"' && parse_quoted(text, &equals, &name, "value name", NULL);
		strbuf_free(&name);
		if (!ok)
			return false;
	}
	equals = skip_blanks(equals);
	return *equals == '=' && text_starts_with_nocase(skip_blanks(equals + 1), "hex");
}

bool regfile_parse_value_line(const char *text, bool ansi_strings, registry_value *value,
                              error_message *err)
{
	strbuf name = STRBUF_INIT;
	const char *p = text + 1;

	memset(value, 0, sizeof *value);
	if (text[0] == '"' && !parse_quoted(text, &p, &name, "value name", err)) {
		strbuf_free(&name);
		return false;
	}
	strbuf_add(&name, "", 0);
	p = skip_blanks(p);
	if (*p != '=') {
		bool ok = error_set(err, "'%.*s' has no '=' after the value name; expected \"name\"=value",
		                    QUOTE_MAX, text);
		strbuf_free(&name);
		return ok;
	}
	p = skip_blanks(p + 1);
	char *data = xstrndup(p, trimmed_length(p));
	bool ok = parse_data(data, ansi_strings, value, err);
	free(data);
	if (!ok) {
		error_prefix(err, "value \"%s\"", name.data);
		strbuf_free(&name);
		return false;
	}
	value->name = strbuf_detach(&name);
	return true;
}
