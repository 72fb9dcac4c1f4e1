#include "config/base/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

/* Deep enough for any result file, shallow enough that hostile input
 * cannot exhaust the stack. */
#define JSON_MAX_DEPTH 64

typedef struct json_parser {
	const char *text;
	size_t length;
	size_t position;
	int line;
	error_message *err;
} json_parser;

static bool parse_value(json_parser *parser, json_value *value, int depth);

static bool fail(json_parser *parser, const char *what)
{
	return error_set(parser->err, "line %d: %s", parser->line, what);
}

static int peek(const json_parser *parser)
{
	return parser->position < parser->length ? (unsigned char)parser->text[parser->position] : -1;
}

static void skip_whitespace(json_parser *parser)
{
	for (int c = peek(parser); c == ' ' || c == '\t' || c == '\n' || c == '\r'; c = peek(parser)) {
		if (c == '\n')
			parser->line++;
		parser->position++;
	}
}

static bool expect_word(json_parser *parser, const char *word)
{
	size_t length = strlen(word);

	if (parser->length - parser->position < length ||
	    memcmp(parser->text + parser->position, word, length) != 0)
		return fail(parser, "unexpected text; expected a value");
	parser->position += length;
	return true;
}

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static size_t skip_digits(json_parser *parser)
{
	size_t start = parser->position;

	while (is_digit(peek(parser)))
		parser->position++;
	return parser->position - start;
}

static bool parse_number(json_parser *parser, json_value *value)
{
	size_t start = parser->position;
	bool integral = true;

	if (peek(parser) == '-')
		parser->position++;
	if (peek(parser) == '0')
		parser->position++;
	else if (skip_digits(parser) == 0)
		return fail(parser, "invalid number");
	if (peek(parser) == '.') {
		parser->position++;
		integral = false;
		if (skip_digits(parser) == 0)
			return fail(parser, "invalid number: digits expected after '.'");
	}
	if (peek(parser) == 'e' || peek(parser) == 'E') {
		parser->position++;
		integral = false;
		if (peek(parser) == '+' || peek(parser) == '-')
			parser->position++;
		if (skip_digits(parser) == 0)
			return fail(parser, "invalid number: digits expected in the exponent");
	}
	char *number = xstrndup(parser->text + start, parser->position - start);
	value->type = JSON_NUMBER;
	value->number = strtod(number, NULL);
	if (integral) {
		errno = 0;
		long long integer = strtoll(number, NULL, 10);
		value->is_integer = errno == 0;
		value->integer = integer;
	}
	free(number);
	return true;
}

static int hex_digit(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool parse_hex4(json_parser *parser, uint32_t *unit)
{
	*unit = 0;
	for (int i = 0; i < 4; i++) {
		int digit = hex_digit(peek(parser));
		if (digit < 0)
			return fail(parser, "invalid \\u escape: four hex digits expected");
		*unit = *unit * 16 + (uint32_t)digit;
		parser->position++;
	}
	return true;
}

/* After "\u": one code point, joining a surrogate pair. */
static bool parse_unicode_escape(json_parser *parser, strbuf *out)
{
	uint32_t unit;

	if (!parse_hex4(parser, &unit))
		return false;
	if (unit == 0)
		return fail(parser, "\\u0000 is not supported in a string");
	if (unit >= 0xDC00 && unit <= 0xDFFF)
		return fail(parser, "invalid \\u escape: unpaired low surrogate");
	if (unit >= 0xD800 && unit <= 0xDBFF) {
		uint32_t low;
		if (peek(parser) != '\\' || parser->position + 1 >= parser->length ||
		    parser->text[parser->position + 1] != 'u')
			return fail(parser, "invalid \\u escape: unpaired high surrogate");
		parser->position += 2;
		if (!parse_hex4(parser, &low))
			return false;
		if (low < 0xDC00 || low > 0xDFFF)
			return fail(parser, "invalid \\u escape: unpaired high surrogate");
		unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
	}
	text_add_codepoint(out, unit);
	return true;
}

static bool parse_escape(json_parser *parser, strbuf *out)
{
	int c = peek(parser);

	parser->position++;
	switch (c) {
	case '"': strbuf_add_char(out, '"'); return true;
	case '\\': strbuf_add_char(out, '\\'); return true;
	case '/': strbuf_add_char(out, '/'); return true;
	case 'b': strbuf_add_char(out, '\b'); return true;
	case 'f': strbuf_add_char(out, '\f'); return true;
	case 'n': strbuf_add_char(out, '\n'); return true;
	case 'r': strbuf_add_char(out, '\r'); return true;
	case 't': strbuf_add_char(out, '\t'); return true;
	case 'u': return parse_unicode_escape(parser, out);
	default: return fail(parser, "invalid escape in a string");
	}
}

/* At the opening quote; the string is returned in *string (caller frees). */
static bool parse_string_text(json_parser *parser, char **string)
{
	strbuf out = STRBUF_INIT;

	parser->position++;
	strbuf_add(&out, "", 0);
	for (;;) {
		int c = peek(parser);
		bool ok = true;
		if (c < 0) {
			ok = fail(parser, "unterminated string");
		} else if (c == '"') {
			parser->position++;
			*string = strbuf_detach(&out);
			return true;
		} else if (c < 0x20) {
			ok = fail(parser, "control character in a string");
		} else if (c == '\\') {
			parser->position++;
			ok = parse_escape(parser, &out);
		} else {
			strbuf_add_char(&out, (char)c);
			parser->position++;
		}
		if (!ok) {
			strbuf_free(&out);
			return false;
		}
	}
}

static json_value *add_item(json_value *container, size_t *capacity)
{
	if (container->count == *capacity) {
		*capacity = *capacity ? *capacity * 2 : 4;
		container->items = xrealloc(container->items, *capacity * sizeof *container->items);
		if (container->type == JSON_OBJECT)
			container->keys = xrealloc(container->keys, *capacity * sizeof *container->keys);
	}
	json_value *item = &container->items[container->count];
	memset(item, 0, sizeof *item);
	return item;
}

static bool parse_array(json_parser *parser, json_value *value, int depth)
{
	size_t capacity = 0;

	value->type = JSON_ARRAY;
	parser->position++;
	skip_whitespace(parser);
	if (peek(parser) == ']') {
		parser->position++;
		return true;
	}
	for (;;) {
		json_value *item = add_item(value, &capacity);
		value->count++;
		if (!parse_value(parser, item, depth + 1))
			return false;
		skip_whitespace(parser);
		int c = peek(parser);
		parser->position++;
		if (c == ']')
			return true;
		if (c != ',')
			return fail(parser, "expected ',' or ']' in an array");
	}
}

static bool parse_member(json_parser *parser, json_value *object, size_t *capacity, int depth)
{
	char *key;

	skip_whitespace(parser);
	if (peek(parser) != '"')
		return fail(parser, "expected a member name in double quotes");
	if (!parse_string_text(parser, &key))
		return false;
	if (json_object_get(object, key) != NULL) {
		bool result = error_set(parser->err, "line %d: member '%s' appears twice", parser->line, key);
		free(key);
		return result;
	}
	json_value *item = add_item(object, capacity);
	object->keys[object->count] = key;
	object->count++;
	skip_whitespace(parser);
	if (peek(parser) != ':')
		return fail(parser, "expected ':' after a member name");
	parser->position++;
	return parse_value(parser, item, depth + 1);
}

static bool parse_object(json_parser *parser, json_value *value, int depth)
{
	size_t capacity = 0;

	value->type = JSON_OBJECT;
	parser->position++;
	skip_whitespace(parser);
	if (peek(parser) == '}') {
		parser->position++;
		return true;
	}
	for (;;) {
		if (!parse_member(parser, value, &capacity, depth))
			return false;
		skip_whitespace(parser);
		int c = peek(parser);
		parser->position++;
		if (c == '}')
			return true;
		if (c != ',')
			return fail(parser, "expected ',' or '}' in an object");
	}
}

static bool parse_value(json_parser *parser, json_value *value, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return fail(parser, "nested too deeply");
	skip_whitespace(parser);
	value->line = parser->line;
	switch (peek(parser)) {
	case '{': return parse_object(parser, value, depth);
	case '[': return parse_array(parser, value, depth);
	case '"':
		value->type = JSON_STRING;
		return parse_string_text(parser, &value->string);
	case 't':
		value->type = JSON_BOOL;
		value->boolean = true;
		return expect_word(parser, "true");
	case 'f':
		value->type = JSON_BOOL;
		return expect_word(parser, "false");
	case 'n':
		value->type = JSON_NULL;
		return expect_word(parser, "null");
	case -1: return fail(parser, "unexpected end of the text; expected a value");
	default:
		if (peek(parser) == '-' || is_digit(peek(parser)))
			return parse_number(parser, value);
		return fail(parser, "unexpected character; expected a value");
	}
}

bool json_parse(const char *text, size_t length, json_value *root, error_message *err)
{
	json_parser parser = { text, length, 0, 1, err };

	memset(root, 0, sizeof *root);
	if (length >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		parser.position = 3;
	bool ok = parse_value(&parser, root, 0);
	if (ok) {
		skip_whitespace(&parser);
		if (parser.position != parser.length)
			ok = fail(&parser, "unexpected text after the end of the value");
	}
	if (!ok)
		json_free(root);
	return ok;
}

void json_free(json_value *value)
{
	for (size_t i = 0; i < value->count; i++) {
		json_free(&value->items[i]);
		if (value->keys != NULL)
			free(value->keys[i]);
	}
	free(value->items);
	free(value->keys);
	free(value->string);
	memset(value, 0, sizeof *value);
}

const json_value *json_object_get(const json_value *object, const char *key)
{
	if (object->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < object->count; i++)
		if (strcmp(object->keys[i], key) == 0)
			return &object->items[i];
	return NULL;
}

const char *json_type_name(json_type type)
{
	static const char *const names[] = { "null", "a boolean", "a number", "a string",
	                                     "an array", "an object" };
	return names[type];
}

/* ---- writing ---- */

void json_add_string(strbuf *out, const char *text)
{
	size_t length = strlen(text);

	strbuf_add_char(out, '"');
	for (size_t i = 0; i < length;) {
		uint32_t codepoint;
		size_t size = text_next_codepoint(text + i, length - i, &codepoint);
		switch (codepoint) {
		case '"': strbuf_add_string(out, "\\\""); break;
		case '\\': strbuf_add_string(out, "\\\\"); break;
		case '\n': strbuf_add_string(out, "\\n"); break;
		case '\r': strbuf_add_string(out, "\\r"); break;
		case '\t': strbuf_add_string(out, "\\t"); break;
		default:
			if (text_is_control(codepoint))
				strbuf_printf(out, "\\u%04x", (unsigned)codepoint);
			else if (codepoint == 0xFFFD)
				text_add_codepoint(out, codepoint);
			else
				strbuf_add(out, text + i, size);
		}
		i += size;
	}
	strbuf_add_char(out, '"');
}

void json_writer_init(json_writer *writer, strbuf *out)
{
	writer->out = out;
	writer->follows = false;
}

/* Before a value or a member name: the comma that separates it from the
 * one before. */
static void separate(json_writer *writer)
{
	if (writer->follows)
		strbuf_add_char(writer->out, ',');
	writer->follows = true;
}

static void open_level(json_writer *writer, char bracket)
{
	separate(writer);
	strbuf_add_char(writer->out, bracket);
	writer->follows = false;
}

static void close_level(json_writer *writer, char bracket)
{
	strbuf_add_char(writer->out, bracket);
	writer->follows = true;
}

void json_begin_object(json_writer *writer)
{
	open_level(writer, '{');
}

void json_end_object(json_writer *writer)
{
	close_level(writer, '}');
}

void json_begin_array(json_writer *writer)
{
	open_level(writer, '[');
}

void json_end_array(json_writer *writer)
{
	close_level(writer, ']');
}

void json_key(json_writer *writer, const char *name)
{
	separate(writer);
	json_add_string(writer->out, name);
	strbuf_add_char(writer->out, ':');
	writer->follows = false;
}

void json_string(json_writer *writer, const char *text)
{
	if (text == NULL) {
		json_null(writer);
		return;
	}
	separate(writer);
	json_add_string(writer->out, text);
}

void json_integer(json_writer *writer, int64_t value)
{
	separate(writer);
	strbuf_printf(writer->out, "%" PRId64, value);
}

void json_unsigned(json_writer *writer, uint64_t value)
{
	separate(writer);
	strbuf_printf(writer->out, "%" PRIu64, value);
}

void json_bool(json_writer *writer, bool value)
{
	separate(writer);
	strbuf_add_string(writer->out, value ? "true" : "false");
}

void json_null(json_writer *writer)
{
	separate(writer);
	strbuf_add_string(writer->out, "null");
}

void json_strings(json_writer *writer, const strlist *strings)
{
	json_begin_array(writer);
	for (size_t i = 0; i < strings->count; i++)
		json_string(writer, strings->items[i]);
	json_end_array(writer);
}

void json_member_string(json_writer *writer, const char *name, const char *text)
{
	json_key(writer, name);
	json_string(writer, text);
}

void json_member_integer(json_writer *writer, const char *name, int64_t value)
{
	json_key(writer, name);
	json_integer(writer, value);
}

void json_member_unsigned(json_writer *writer, const char *name, uint64_t value)
{
	json_key(writer, name);
	json_unsigned(writer, value);
}

void json_member_bool(json_writer *writer, const char *name, bool value)
{
	json_key(writer, name);
	json_bool(writer, value);
}
