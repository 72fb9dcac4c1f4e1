#include "config/base/text.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/casefold.h"

/* The UTF-8 sequence at s (at most available bytes): its length and code
 * point. On a fault, *fault says what is wrong and the length is what a
 * lenient reader skips: the whole sequence when it is complete but not a
 * character (overlong, surrogate, beyond U+10FFFF), else one byte. The
 * bytes are read in order and no further than the first one that cannot
 * continue the sequence, so a NUL-terminated string is never overrun. */
static size_t utf8_sequence(const unsigned char *s, size_t available, uint32_t *codepoint,
                            const char **fault)
{
	static const uint32_t minimum[] = { 0, 0, 0x80, 0x800, 0x10000 };
	size_t length;
	uint32_t value;

	*fault = NULL;
	*codepoint = s[0];
	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC0) {
		*fault = "a continuation byte where a character starts";
		return 1;
	}
	if (s[0] >= 0xF5) {
		*fault = "a byte that never occurs in UTF-8";
		return 1;
	}
	length = s[0] < 0xE0 ? 2 : s[0] < 0xF0 ? 3 : 4;
	value = s[0] & (0x7Fu >> length);
	for (size_t i = 1; i < length; i++) {
		if (i >= available || (s[i] & 0xC0) != 0x80) {
			*fault = "a sequence cut short";
			return 1;
		}
		value = (value << 6) | (s[i] & 0x3F);
	}
	if (value < minimum[length])
		*fault = "an overlong form";
	else if (value > 0x10FFFF)
		*fault = "beyond U+10FFFF";
	else if (value >= 0xD800 && value <= 0xDFFF)
		*fault = "an encoded surrogate (U+D800 to U+DFFF)";
	*codepoint = value;
	return length;
}

static void out_of_memory(void)
{
	fputs("ccmwrap: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t size)
{
	void *pointer = malloc(size == 0 ? 1 : size);

	if (pointer == NULL)
		out_of_memory();
	return pointer;
}

void *xcalloc(size_t count, size_t size)
{
	void *pointer = calloc(count == 0 ? 1 : count, size == 0 ? 1 : size);

	if (pointer == NULL)
		out_of_memory();
	return pointer;
}

void *xrealloc(void *pointer, size_t size)
{
	void *grown = realloc(pointer, size == 0 ? 1 : size);

	if (grown == NULL)
		out_of_memory();
	return grown;
}

char *xstrndup(const char *string, size_t length)
{
	char *copy = xmalloc(length + 1);

	memcpy(copy, string, length);
	copy[length] = '\0';
	return copy;
}

char *xstrdup(const char *string)
{
	return xstrndup(string, strlen(string));
}

static void strbuf_reserve(strbuf *buffer, size_t extra)
{
	size_t needed = buffer->length + extra + 1;

	if (needed <= buffer->capacity)
		return;
	size_t capacity = buffer->capacity ? buffer->capacity : 64;
	while (capacity < needed)
		capacity *= 2;
	buffer->data = xrealloc(buffer->data, capacity);
	buffer->capacity = capacity;
}

void strbuf_add(strbuf *buffer, const char *bytes, size_t length)
{
	strbuf_reserve(buffer, length);
	if (length > 0)
		memcpy(buffer->data + buffer->length, bytes, length);
	buffer->length += length;
	buffer->data[buffer->length] = '\0';
}

void strbuf_add_string(strbuf *buffer, const char *string)
{
	strbuf_add(buffer, string, strlen(string));
}

void strbuf_add_char(strbuf *buffer, char c)
{
	strbuf_add(buffer, &c, 1);
}

void strbuf_vprintf(strbuf *buffer, const char *format, va_list args)
{
	va_list copy;

	va_copy(copy, args);
	int needed = vsnprintf(NULL, 0, format, copy);
	va_end(copy);
	if (needed > 0) {
		strbuf_reserve(buffer, (size_t)needed);
		vsnprintf(buffer->data + buffer->length, (size_t)needed + 1, format, args);
		buffer->length += (size_t)needed;
	}
}

void strbuf_printf(strbuf *buffer, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	strbuf_vprintf(buffer, format, args);
	va_end(args);
}

void strbuf_clear(strbuf *buffer)
{
	buffer->length = 0;
	if (buffer->data != NULL)
		buffer->data[0] = '\0';
}

char *strbuf_detach(strbuf *buffer)
{
	char *data = buffer->data != NULL ? buffer->data : xstrdup("");

	buffer->data = NULL;
	buffer->length = 0;
	buffer->capacity = 0;
	return data;
}

void strbuf_free(strbuf *buffer)
{
	free(buffer->data);
	buffer->data = NULL;
	buffer->length = 0;
	buffer->capacity = 0;
}

void strlist_add_owned(strlist *list, char *string)
{
	if (list->count == list->capacity) {
		list->capacity = list->capacity ? list->capacity * 2 : 8;
		list->items = xrealloc(list->items, list->capacity * sizeof *list->items);
	}
	list->items[list->count++] = string;
}

void strlist_add(strlist *list, const char *string)
{
	strlist_add_owned(list, xstrdup(string));
}

void strlist_free(strlist *list)
{
	for (size_t i = 0; i < list->count; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->count = 0;
	list->capacity = 0;
}

/* A byte that is not UTF-8 folds to a value of its own beyond Unicode, so
 * that two different such bytes never compare equal. */
#define TEXT_RAW_BYTE_BASE 0x110000u

static uint32_t ascii_folded(unsigned char c)
{
	return c >= 'a' && c <= 'z' ? (uint32_t)(c - 'a' + 'A') : c;
}

uint32_t text_next_folded(const char **text)
{
	const unsigned char *s = (const unsigned char *)*text;
	uint32_t codepoint;
	const char *fault;

	if (s[0] < 0x80) {
		(*text)++;
		return ascii_folded(s[0]);
	}
	/* The string ends with a NUL, which no sequence continues through. */
	size_t length = utf8_sequence(s, SIZE_MAX, &codepoint, &fault);
	if (fault != NULL) {
		(*text)++;
		return TEXT_RAW_BYTE_BASE + s[0];
	}
	*text += length;
	return casefold_upper(codepoint);
}

int text_compare_nocase(const char *a, const char *b)
{
	for (;;) {
		uint32_t ca = text_next_folded(&a);
		uint32_t cb = text_next_folded(&b);
		if (ca != cb || ca == 0)
			return ca < cb ? -1 : ca > cb;
	}
}

bool text_equal_nocase(const char *a, const char *b)
{
	return text_compare_nocase(a, b) == 0;
}

bool text_equal_nocase_n(const char *a, const char *b, size_t b_length)
{
	const char *b_end = b + b_length;

	while (b < b_end)
		if (text_next_folded(&a) != text_next_folded(&b))
			return false;
	return *a == '\0';
}

bool text_starts_with_nocase(const char *string, const char *prefix)
{
	while (*prefix != '\0')
		if (text_next_folded(&string) != text_next_folded(&prefix))
			return false;
	return true;
}

/* An ASCII character folds on its own (text_next_folded), so one whose fold
 * differs from the needle's first character is passed over at once. */
const char *text_find_nocase(const char *haystack, const char *needle)
{
	const char *rest = needle;
	uint32_t first = text_next_folded(&rest);

	if (first == 0)
		return haystack;
	for (const char *at = haystack; *at != '\0';) {
		unsigned char c = (unsigned char)*at;
		if (c < 0x80) {
			if (ascii_folded(c) == first &&
			    text_starts_with_nocase(at + 1, rest))
				return at;
			at++;
		} else if (text_starts_with_nocase(at, needle)) {
			return at;
		} else {
			text_next_folded(&at);
		}
	}
	return NULL;
}

bool text_contains_nocase(const char *haystack, const char *needle)
{
	return text_find_nocase(haystack, needle) != NULL;
}

char *text_trim(char *string)
{
	size_t length = strlen(string);
	size_t start = 0;

	while (length > 0 && isspace((unsigned char)string[length - 1]))
		length--;
	while (start < length && isspace((unsigned char)string[start]))
		start++;
	memmove(string, string + start, length - start);
	string[length - start] = '\0';
	return string;
}

void text_add_codepoint(strbuf *buffer, uint32_t codepoint)
{
	char out[4];
	size_t n;

	if (codepoint > 0x10FFFF || (codepoint >= 0xD800 && codepoint <= 0xDFFF))
		codepoint = 0xFFFD;
	if (codepoint < 0x80) {
		out[0] = (char)codepoint;
		n = 1;
	} else if (codepoint < 0x800) {
		out[0] = (char)(0xC0 | (codepoint >> 6));
		out[1] = (char)(0x80 | (codepoint & 0x3F));
		n = 2;
	} else if (codepoint < 0x10000) {
		out[0] = (char)(0xE0 | (codepoint >> 12));
		out[1] = (char)(0x80 | ((codepoint >> 6) & 0x3F));
		out[2] = (char)(0x80 | (codepoint & 0x3F));
		n = 3;
	} else {
		out[0] = (char)(0xF0 | (codepoint >> 18));
		out[1] = (char)(0x80 | ((codepoint >> 12) & 0x3F));
		out[2] = (char)(0x80 | ((codepoint >> 6) & 0x3F));
		out[3] = (char)(0x80 | (codepoint & 0x3F));
		n = 4;
	}
	strbuf_add(buffer, out, n);
}

/* The character at UTF-16LE unit *i of units: a surrogate pair is one
 * (and *i moves to its second unit); a surrogate without its other half
 * comes back as itself. */
static uint32_t utf16_character(const unsigned char *bytes, size_t units, size_t *i)
{
	uint32_t unit = (uint32_t)bytes[2 * *i] | ((uint32_t)bytes[2 * *i + 1] << 8);

	if (unit < 0xD800 || unit > 0xDBFF || *i + 1 >= units)
		return unit;
	uint32_t low = (uint32_t)bytes[2 * *i + 2] | ((uint32_t)bytes[2 * *i + 3] << 8);
	if (low < 0xDC00 || low > 0xDFFF)
		return unit;
	(*i)++;
	return 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
}

char *text_utf16le_to_utf8(const unsigned char *bytes, size_t size, size_t *out_length)
{
	strbuf out = STRBUF_INIT;
	size_t units = size / 2;

	strbuf_add(&out, "", 0);
	for (size_t i = 0; i < units; i++)
		text_add_codepoint(&out, utf16_character(bytes, units, &i));
	if (out_length != NULL)
		*out_length = out.length;
	return strbuf_detach(&out);
}

size_t text_next_codepoint(const char *text, size_t available, uint32_t *codepoint)
{
	const char *fault;
	size_t length = utf8_sequence((const unsigned char *)text, available, codepoint, &fault);

	if (fault != NULL)
		*codepoint = 0xFFFD;
	return length;
}

/* How many bytes from s on are ASCII, eight at a time: most of every file
 * ccmwrap reads is. */
static size_t ascii_run(const unsigned char *s, size_t size)
{
	size_t i = 0;

	for (; i + sizeof(uint64_t) <= size; i += sizeof(uint64_t)) {
		uint64_t word;
		memcpy(&word, s + i, sizeof word);
		if ((word & 0x8080808080808080u) != 0)
			break;
	}
	while (i < size && s[i] < 0x80)
		i++;
	return i;
}

bool text_check_utf8(const char *bytes, size_t size, error_message *err)
{
	const unsigned char *s = (const unsigned char *)bytes;

	for (size_t i = ascii_run(s, size); i < size; i += ascii_run(s + i, size - i)) {
		uint32_t codepoint;
		const char *fault;
		size_t length = utf8_sequence(s + i, size - i, &codepoint, &fault);
		if (fault != NULL) {
			strbuf shown = STRBUF_INIT;
			for (size_t k = 0; k < length; k++)
				strbuf_printf(&shown, k > 0 ? " %02X" : "%02X", s[i + k]);
			error_set(err, "not UTF-8 at byte %zu: %s is %s", i + 1, shown.data, fault);
			strbuf_free(&shown);
			return false;
		}
		i += length;
	}
	return true;
}

bool text_decode_utf16le(const unsigned char *bytes, size_t size, strbuf *out, error_message *err)
{
	size_t units = size / 2;

	strbuf_add(out, "", 0);
	for (size_t i = 0; i < units; i++) {
		size_t at = i;
		uint32_t character = utf16_character(bytes, units, &i);
		if (character >= 0xD800 && character <= 0xDBFF)
			return error_set(err, "not UTF-16 at character %zu: a high surrogate (U+%04X) "
			                      "without its low half", at + 1, (unsigned)character);
		if (character >= 0xDC00 && character <= 0xDFFF)
			return error_set(err, "not UTF-16 at character %zu: a low surrogate (U+%04X) "
			                      "without its high half", at + 1, (unsigned)character);
		text_add_codepoint(out, character);
	}
	return true;
}

unsigned char *text_utf8_to_utf16le(const char *string, size_t length, size_t *out_size)
{
	unsigned char *out = xmalloc(length * 2 + 2);
	size_t used = 0;

	for (size_t i = 0; i < length;) {
		uint32_t codepoint;
		i += text_next_codepoint(string + i, length - i, &codepoint);
		if (codepoint >= 0x10000) {
			uint32_t v = codepoint - 0x10000;
			uint32_t high = 0xD800 + (v >> 10);
			uint32_t low = 0xDC00 + (v & 0x3FF);
			out[used++] = (unsigned char)(high & 0xFF);
			out[used++] = (unsigned char)(high >> 8);
			out[used++] = (unsigned char)(low & 0xFF);
			out[used++] = (unsigned char)(low >> 8);
		} else {
			out[used++] = (unsigned char)(codepoint & 0xFF);
			out[used++] = (unsigned char)(codepoint >> 8);
		}
	}
	*out_size = used;
	return out;
}

bool text_is_control(uint32_t codepoint)
{
	return codepoint < 0x20 || (codepoint >= 0x7F && codepoint <= 0x9F);
}

bool text_has_control(const char *text)
{
	size_t length = strlen(text);

	for (size_t i = 0; i < length;) {
		uint32_t codepoint;
		i += text_next_codepoint(text + i, length - i, &codepoint);
		if (text_is_control(codepoint))
			return true;
	}
	return false;
}

void text_add_escaped(strbuf *out, const char *text, bool keep_newlines)
{
	size_t length = strlen(text);

	for (size_t i = 0; i < length;) {
		unsigned char byte = (unsigned char)text[i];
		uint32_t codepoint;
		size_t size = text_next_codepoint(text + i, length - i, &codepoint);
		if (byte < 0x20 || byte == 0x7F) {
			if (byte == '\n' && keep_newlines)
				strbuf_add_char(out, '\n');
			else
				strbuf_printf(out, "\\x%02x", byte);
		} else if (codepoint == 0xFFFD && !(size == 3 && memcmp(text + i, "\xEF\xBF\xBD", 3) == 0)) {
			for (size_t k = 0; k < size; k++)   /* not UTF-8: each byte */
				strbuf_printf(out, "\\x%02x", (unsigned char)text[i + k]);
		} else if (codepoint >= 0x80 && codepoint <= 0x9F) {
			strbuf_printf(out, "\\u%04x", (unsigned)codepoint);
		} else {
			strbuf_add(out, text + i, size);
		}
		i += size;
	}
}

char *text_escaped(const char *text, bool keep_newlines)
{
	strbuf out = STRBUF_INIT;

	strbuf_add_string(&out, "");
	text_add_escaped(&out, text, keep_newlines);
	return strbuf_detach(&out);
}
