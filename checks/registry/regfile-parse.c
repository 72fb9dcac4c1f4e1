/* The lines of a .reg file as regedit reads them (docs/DESIGN.md "Registry
 * model and the registry file"): what it imports, what it skips, and the
 * few lines at which it stops importing altogether. */
#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/registry/regfile.h"
#include "config/base/windows1252.h"

/* How much of a bad line a message quotes. */
#define QUOTE_MAX 60

static const char *skip_blanks(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* Whether only a ; comment (or nothing) follows p. */
static bool ends_here(const char *p)
{
	p = skip_blanks(p);
	return *p == '\0' || *p == ';';
}

static regfile_parse_result skipped(error_message *why, const char *format, ...)
    PRINTF_LIKE(2, 3);

static regfile_parse_result skipped(error_message *why, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	error_set_va(why, format, args);
	va_end(args);
	return REGFILE_PARSE_SKIPPED;
}

/* ---- keys */

/* regedit creates HKLM\A\\B\ as HKLM\A\B: a run of backslashes is one, a
 * trailing one is none. */
static char *collapse_backslashes(const char *text, size_t length)
{
	char *out = xmalloc(length + 1);
	size_t used = 0;

	for (size_t i = 0; i < length; i++)
		if (text[i] != '\\' || (used > 0 && out[used - 1] != '\\'))
			out[used++] = text[i];
	if (used > 0 && out[used - 1] == '\\')
		used--;
	out[used] = '\0';
	return out;
}

static size_t depth_of(const char *path)
{
	size_t depth = 0;

	for (const char *p = path; *p; p++)
		depth += *p == '\\';
	return depth;
}

/* The key between "[" (or "[-") and the last "]" of the line. */
static regfile_parse_result key_path(const char *name, size_t length, regfile_entry *entry,
                                     error_message *why)
{
	bool deletion = entry->kind == REGFILE_ENTRY_DELETE_KEY;
	char *collapsed = collapse_backslashes(name, length);
	error_message bad;
	char *path;

	if (!regpath_normalize(collapsed, &path, &bad)) {
		regfile_parse_result result = deletion ? REGFILE_PARSE_REFUSED : REGFILE_PARSE_SKIPPED;
		error_set(why, deletion ? "'[-%.*s]' deletes a key under an unknown root, where regedit "
		                          "stops importing; expected [-HKEY_LOCAL_MACHINE\\...]"
		                        : "'%.*s' is under no registry root; the values below it are "
		                          "skipped too", QUOTE_MAX, collapsed);
		free(collapsed);
		return result;
	}
	free(collapsed);
	if (deletion && strchr(path, '\\') == NULL) {
		error_set(why, "'[-%s]' would delete a whole root, where regedit stops importing; "
		               "expected a key below the root", regpath_long_root(path));
		free(path);
		return REGFILE_PARSE_REFUSED;
	}
	if (!deletion && depth_of(path) > REGFILE_MAX_DEPTH) {
		size_t depth = depth_of(path);
		free(path);
		return skipped(why, "the key is nested %zu levels deep and Windows allows at most %d "
		                    "below a root; the values below it are skipped too", depth,
		               REGFILE_MAX_DEPTH);
	}
	entry->path = path;
	return REGFILE_PARSE_DONE;
}

/* p is past the "[". */
static regfile_parse_result key_line(const char *p, regfile_entry *entry, error_message *why)
{
	if (*p == ' ' || *p == '\t')
		return skipped(why, "'[%.*s' has blanks after '['; regedit reads no key in it",
		               QUOTE_MAX, p);
	const char *close = strrchr(p, ']');
	if (close == NULL)
		return skipped(why, "'[%.*s' has no closing ']'", QUOTE_MAX, p);
	if (*p != '-') {
		entry->kind = REGFILE_ENTRY_KEY;
		return key_path(p, (size_t)(close - p), entry, why);
	}
	entry->kind = REGFILE_ENTRY_DELETE_KEY;
	p++;
	if (*p != 'H' && *p != 'h')
		return skipped(why, "'[-%.*s' names no key to delete (regedit wants HKEY_... right "
		                    "after '[-'); the values below it are skipped too", QUOTE_MAX, p);
	return key_path(p, (size_t)(close - p), entry, why);
}

/* ---- strings */

/* A quoted string with regedit's escapes: \\ \" \n \r; regedit skips a
 * line with \0, and reads any other \c as c (with a warning). p is past
 * the opening quote; *end ends past the closing one. */
static regfile_parse_result unquote(const char *p, const char **end, strbuf *out,
                                    regfile_entry *entry, const char *what, error_message *why)
{
	strbuf_add(out, "", 0);
	for (;;) {
		size_t plain = strcspn(p, "\"\\");
		strbuf_add(out, p, plain);
		p += plain;
		if (*p == '"')
			break;
		if (*p == '\0')
			return skipped(why, "the %s has no closing '\"'", what);
		char c = *++p;
		if (c == '\0')
			return skipped(why, "the %s ends in '\\' and has no closing '\"'", what);
		if (c == '0')
			return skipped(why, "the %s holds \\0, which regedit does not import", what);
		if (c == 'n' || c == 'r')
			c = c == 'n' ? '\n' : '\r';
		else if (c != '\\' && c != '"' && entry->note == NULL) {
			uint32_t codepoint;
			size_t size = text_next_codepoint(p, strlen(p), &codepoint);
			strbuf note = STRBUF_INIT;
			strbuf_printf(&note, "unknown escape '\\%.*s' in the %s is read as '%.*s', as "
			                     "regedit reads it", (int)size, p, what, (int)size, p);
			entry->note = strbuf_detach(&note);
		}
		strbuf_add_char(out, c);
		p++;
	}
	*end = p + 1;
	return REGFILE_PARSE_DONE;
}

static void store_utf16(registry_value *value, const char *utf8, size_t length)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(utf8, length, &size);

	wide[size] = 0;
	wide[size + 1] = 0;
	value->type = REGISTRY_SZ;
	value->data = wide;
	value->size = size + 2;
}

static regfile_parse_result string_data(const char *p, regfile_entry *entry, error_message *why)
{
	strbuf text = STRBUF_INIT;
	const char *end;
	regfile_parse_result result = unquote(p + 1, &end, &text, entry, "string", why);

	if (result == REGFILE_PARSE_DONE && !ends_here(end))
		result = skipped(why, "'%.*s' follows the string; only a ; comment may",
		                 QUOTE_MAX, skip_blanks(end));
	if (result == REGFILE_PARSE_DONE)
		store_utf16(&entry->value, text.data, text.length);
	strbuf_free(&text);
	return result;
}

/* ---- dword and hex */

static regfile_parse_result dword_data(const char *data, regfile_entry *entry, error_message *why)
{
	const char *p = skip_blanks(data + strlen("dword:"));
	uint32_t number = 0;
	size_t digits = 0;

	for (; hex_digit(*p) >= 0 && digits <= 8; p++, digits++)
		number = number * 16 + (uint32_t)hex_digit(*p);
	if (digits == 0 || digits > 8 || !ends_here(p))
		return skipped(why, "'%.*s' is no dword; expected dword: and 1 to 8 hex digits",
		               QUOTE_MAX, data);
	unsigned char bytes[4] = { (unsigned char)number, (unsigned char)(number >> 8),
	                           (unsigned char)(number >> 16), (unsigned char)(number >> 24) };
	entry->value.type = REGISTRY_DWORD;
	entry->value.data = xmalloc(sizeof bytes);
	memcpy(entry->value.data, bytes, sizeof bytes);
	entry->value.size = sizeof bytes;
	return REGFILE_PARSE_DONE;
}

/* Comma-separated hex bytes as regedit reads them: a byte is hex digits up
 * to ff, a comma may end the list, a ; comment may follow it, and a "\"
 * (then nothing but blanks or a ; comment) continues it on the next line. */
static regfile_parse_result hex_bytes(const char *p, strbuf *bytes, error_message *why)
{
	while (*p != '\0') {
		const char *start = skip_blanks(p);
		unsigned value = 0;
		for (p = start; hex_digit(*p) >= 0; p++) {
			value = value * 16 + (unsigned)hex_digit(*p);
			if (value > 0xFF)
				return skipped(why, "'%.*s' is more than one byte",
				               (int)strspn(start, "0123456789abcdefABCDEF"), start);
		}
		if (p == start && *p == '\\') {
			if (ends_here(p + 1))
				return REGFILE_PARSE_CONTINUES;
			return skipped(why, "'%.*s' follows the '\\' that continues the hex data; only a ; "
			                    "comment may", QUOTE_MAX, skip_blanks(p + 1));
		}
		if (p > start)
			strbuf_add_char(bytes, (char)value);
		if (p > start && *p == ',') {
			p++;
			continue;
		}
		if (p > start ? ends_here(p) : *p == ';')
			return REGFILE_PARSE_DONE;
		return skipped(why, "bad hex data at '%.*s'; expected hex bytes separated by commas",
		               QUOTE_MAX, skip_blanks(p));
	}
	return REGFILE_PARSE_DONE;
}

/* hex:, or hex(N): with N up to ffffffff (not written 0x...). */
static regfile_parse_result hex_data(const char *data, regfile_entry *entry, error_message *why)
{
	const char *p = data + strlen("hex");
	uint64_t type = REGISTRY_BINARY;

	if (*p == '(') {
		p++;
		bool prefixed = *p != '\0' && (p[1] == 'x' || p[1] == 'X');
		for (type = 0; !prefixed && hex_digit(*p) >= 0 && type <= UINT32_MAX; p++)
			type = type * 16 + (uint64_t)hex_digit(*p);
		if (prefixed || type > UINT32_MAX || p[0] != ')' || p[1] != ':')
			return skipped(why, "bad value type in '%.*s'; expected hex(N): with N in hex up to "
			                    "ffffffff", QUOTE_MAX, data);
		p++;
	}
	entry->value.type = (uint32_t)type;
	strbuf_add(&entry->hex, "", 0);
	return hex_bytes(p + 1, &entry->hex, why);
}

/* p is past the "=" and its blanks, trailing blanks removed. */
static regfile_parse_result value_data(const char *p, regfile_entry *entry, error_message *why)
{
	if (*p == '-') {
		entry->kind = REGFILE_ENTRY_DELETE_VALUE;
		if (ends_here(p + 1))
			return REGFILE_PARSE_DONE;
		return skipped(why, "'%.*s' follows the '-' that deletes the value; only a ; comment "
		                    "may", QUOTE_MAX, skip_blanks(p + 1));
	}
	if (*p == '"')
		return string_data(p, entry, why);
	if (strncmp(p, "dword:", strlen("dword:")) == 0)
		return dword_data(p, entry, why);
	if (strncmp(p, "hex:", strlen("hex:")) == 0 || strncmp(p, "hex(", strlen("hex(")) == 0)
		return hex_data(p, entry, why);
	return skipped(why, "'%.*s' is of no type regedit knows; expected \"string\", dword:, hex: "
	                    "or hex(N):, in lower case", QUOTE_MAX, p);
}

static regfile_parse_result value_line(const char *p, regfile_entry *entry, error_message *why)
{
	strbuf name = STRBUF_INIT;
	regfile_parse_result result = REGFILE_PARSE_DONE;

	entry->kind = REGFILE_ENTRY_VALUE;
	if (*p == '@') {
		strbuf_add(&name, "", 0);
		p++;
	} else {
		result = unquote(p + 1, &p, &name, entry, "value name", why);
	}
	entry->value.name = strbuf_detach(&name);
	if (result != REGFILE_PARSE_DONE)
		return result;
	p = skip_blanks(p);
	if (*p != '=')
		result = skipped(why, "there is no '=' after the value name");
	if (result == REGFILE_PARSE_DONE) {
		p = skip_blanks(p + 1);
		size_t length = strlen(p);
		while (length > 0 && (p[length - 1] == ' ' || p[length - 1] == '\t'))
			length--;
		char *data = xstrndup(p, length);
		result = value_data(data, entry, why);
		free(data);
	}
	if (result == REGFILE_PARSE_SKIPPED)
		error_prefix(why, "value \"%s\"", entry->value.name);
	return result;
}

regfile_parse_result regfile_parse_line(const char *text, regfile_entry *entry,
                                        error_message *why)
{
	const char *p = skip_blanks(text);

	memset(entry, 0, sizeof *entry);
	if (*p == '\0' || *p == ';' || *p == '#')
		return REGFILE_PARSE_DONE;
	if (*p == '[')
		return key_line(p + 1, entry, why);
	if (*p == '"' || *p == '@')
		return value_line(p, entry, why);
	return skipped(why, "'%.*s' is no .reg line; expected [KEY], \"name\"=value, @=value, a "
	                    "comment or a blank line", QUOTE_MAX, p);
}

regfile_parse_result regfile_parse_continuation(const char *text, regfile_entry *entry,
                                                error_message *why)
{
	const char *p = skip_blanks(text);

	if (hex_digit(*p) < 0)
		return skipped(why, "'%.*s' is not hex data", QUOTE_MAX, p);
	return hex_bytes(p, &entry->hex, why);
}

static bool is_string_type(uint32_t type)
{
	return type == REGISTRY_SZ || type == REGISTRY_EXPAND_SZ || type == REGISTRY_MULTI_SZ;
}

/* A REGEDIT4 file read as ANSI holds string types as ANSI bytes: each is
 * widened to the UTF-16LE unit Windows stores. */
static void widen_ansi(strbuf *bytes)
{
	strbuf wide = STRBUF_INIT;

	strbuf_add(&wide, "", 0);
	for (size_t i = 0; i < bytes->length; i++) {
		uint32_t unit = windows1252_to_codepoint((unsigned char)bytes->data[i]);
		strbuf_add_char(&wide, (char)(unit & 0xFF));
		strbuf_add_char(&wide, (char)(unit >> 8));
	}
	strbuf_free(bytes);
	*bytes = wide;
}

void regfile_entry_finish_value(regfile_entry *entry, bool ansi_strings)
{
	strbuf *bytes = &entry->hex;
	size_t size = bytes->length;

	if (entry->value.data != NULL)
		return;   /* a string or dword: complete already */
	/* regedit ends string types given as hex with a NUL when they lack one. */
	if (is_string_type(entry->value.type) && size > 0) {
		if (ansi_strings && bytes->data[size - 1] != 0)
			strbuf_add(bytes, "", 1);
		else if (!ansi_strings && size % 2 == 0 &&
		         (bytes->data[size - 1] != 0 || bytes->data[size - 2] != 0))
			strbuf_add(bytes, "\0", 2);
		if (ansi_strings)
			widen_ansi(bytes);
	}
	entry->value.size = bytes->length;
	entry->value.data = (unsigned char *)strbuf_detach(bytes);
}

void regfile_entry_free(regfile_entry *entry)
{
	free(entry->path);
	free(entry->value.name);
	free(entry->value.data);
	strbuf_free(&entry->hex);
	free(entry->note);
	memset(entry, 0, sizeof *entry);
}
