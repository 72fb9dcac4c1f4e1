#include "config/ini-reader.h"

#include <ctype.h>
#include <ini.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

typedef struct reader_state {
	const char *file_name;
	const char *text;
	size_t length;
	size_t position;
	int line;
	size_t section;
	inireader_document *doc;
	strlist *errors;
	size_t error_count_at_start;
} reader_state;

static void add_error(reader_state *state, const char *format, ...)
    PRINTF_LIKE(2, 3);

static void add_error(reader_state *state, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	inireader_add_error_va(state->errors, state->file_name, state->line, format, args);
	va_end(args);
}

/* Length of the UTF-8 sequence at s, or 0 when it is not well formed. */
static size_t utf8_sequence_length(const unsigned char *s, size_t available)
{
	size_t length;
	unsigned minimum_second = 0x80, maximum_second = 0xBF;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		length = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		length = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		length = 4;
	else
		return 0;
	if (s[0] == 0xE0)
		minimum_second = 0xA0;
	else if (s[0] == 0xED)
		maximum_second = 0x9F;  /* no surrogates */
	else if (s[0] == 0xF0)
		minimum_second = 0x90;
	else if (s[0] == 0xF4)
		maximum_second = 0x8F;
	if (length > available || s[1] < minimum_second || s[1] > maximum_second)
		return 0;
	for (size_t i = 2; i < length; i++)
		if ((s[i] & 0xC0) != 0x80)
			return 0;
	return length;
}

static bool is_valid_utf8(const char *text, size_t length)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < length;) {
		size_t step = utf8_sequence_length(s + i, length - i);
		if (step == 0)
			return false;
		i += step;
	}
	return true;
}

static void add_section(reader_state *state, const char *name)
{
	inireader_document *doc = state->doc;

	doc->sections = xrealloc(doc->sections, (doc->section_count + 1) * sizeof *doc->sections);
	doc->sections[doc->section_count].name = name != NULL ? xstrdup(name) : NULL;
	doc->sections[doc->section_count].line = state->line;
	state->section = doc->section_count++;
}

/* Where libinih's own scan for `stop` characters ends: at one of them, at
 * a ';' that follows white space (an inline comment), or at the end. */
static char *find_separator_or_comment(char *s, const char *stop)
{
	bool was_space = false;

	for (; *s; s++) {
		if (stop != NULL && strchr(stop, *s) != NULL)
			break;
		if (was_space && *s == ';')
			break;
		was_space = isspace((unsigned char)*s) != 0;
	}
	return s;
}

/* A trimmed line starting with '['; rewrites it as "[name]". A bad header
 * still opens a section, a nameless one, so that the keys under it are not
 * mistaken for keys of the section before. */
static void clean_section_line(reader_state *state, char *line)
{
	char *close = strchr(line, ']');

	if (close == NULL) {
		add_error(state, "section header has no closing ']'; expected [NAME]");
		add_section(state, NULL);
		line[0] = '\0';
		return;
	}
	char *rest = text_trim(close + 1);
	if (*rest != '\0' && *rest != ';') {
		add_error(state, "text '%s' after the section header; expected nothing or a ; comment", rest);
		add_section(state, NULL);
		line[0] = '\0';
		return;
	}
	*close = '\0';
	char *name = text_trim(line + 1);
	if (*name == '\0' || strchr(name, ';') != NULL || strchr(name, '[') != NULL) {
		add_error(state, "section name '%s' is not valid; expected [NAME] without ';' or '['", name);
		add_section(state, NULL);
		line[0] = '\0';
		return;
	}
	add_section(state, name);
	size_t length = strlen(name);
	memmove(line + 1, name, length);
	line[0] = '[';
	line[length + 1] = ']';
	line[length + 2] = '\0';
}

/* A trimmed "name = value ; comment" line; rewrites it as "name=value". */
static void clean_key_line(reader_state *state, char *line)
{
	char *separator = find_separator_or_comment(line, "=:");

	if (*separator != '=') {
		if (*separator == ':')
			add_error(state, "line has ':' before any '='; expected NAME = VALUE");
		else
			add_error(state, "line is not NAME = VALUE, a [section] or a ; comment; expected NAME = VALUE");
		line[0] = '\0';
		return;
	}
	*separator = '\0';
	char *name = text_trim(line);
	char *value = separator + 1;
	*find_separator_or_comment(value, NULL) = '\0';
	value = text_trim(value);
	if (*name == '\0') {
		add_error(state, "line has no key name before '='; expected NAME = VALUE");
		line[0] = '\0';
		return;
	}
	strbuf clean = STRBUF_INIT;
	strbuf_printf(&clean, "%s=%s", name, value);
	memcpy(line, clean.data, clean.length + 1);
	strbuf_free(&clean);
}

/* Puts the cleaned form of one raw line into buffer (size bytes). */
static void clean_line(reader_state *state, const char *raw, size_t raw_length, char *buffer,
                       int size)
{
	size_t longest = (size_t)size - 3;  /* libinih's room, less "\r\n\0" */

	buffer[0] = '\0';
	if (memchr(raw, '\0', raw_length) != NULL) {
		add_error(state, "line contains a NUL character; expected text without NUL");
		return;
	}
	if (raw_length > longest) {
		add_error(state, "line is longer than %zu characters; expected at most %zu "
		                 "(libinih's limit): shorten it, e.g. with a %%VARIABLE%%",
		          longest, longest);
		return;
	}
	if (!is_valid_utf8(raw, raw_length)) {
		add_error(state, "line is not valid UTF-8; expected UTF-8 text "
		                 "(save the INI as UTF-8 or as Unicode)");
		return;
	}
	memcpy(buffer, raw, raw_length);
	buffer[raw_length] = '\0';
	text_trim(buffer);
	if (buffer[0] == '\0' || buffer[0] == ';' || buffer[0] == '#')
		buffer[0] = '\0';
	else if (buffer[0] == '[')
		clean_section_line(state, buffer);
	else
		clean_key_line(state, buffer);
}

/* libinih's fgets-like reader. Lines reach libinih left-trimmed, so its
 * multi-line continuation (an indented line extends the previous value)
 * never happens: indentation means nothing in a ccmwrap INI. */
static char *read_next_line(char *buffer, int size, void *stream)
{
	reader_state *state = stream;

	if (state->position >= state->length || size < 4)
		return NULL;
	const char *start = state->text + state->position;
	size_t available = state->length - state->position;
	const char *newline = memchr(start, '\n', available);
	size_t length = newline != NULL ? (size_t)(newline - start) : available;

	state->position += newline != NULL ? length + 1 : length;
	state->line++;
	if (length > 0 && start[length - 1] == '\r')
		length--;
	clean_line(state, start, length, buffer, size);
	return buffer;
}

static int record_entry(void *user, const char *section, const char *name, const char *value)
{
	reader_state *state = user;
	inireader_document *doc = state->doc;

	(void)section;  /* ours is kept by index, with bad headers too */
	if (name == NULL || value == NULL)
		return 1;
	doc->entries = xrealloc(doc->entries, (doc->entry_count + 1) * sizeof *doc->entries);
	inireader_entry *entry = &doc->entries[doc->entry_count++];
	entry->section = state->section;
	entry->name = xstrdup(name);
	entry->value = xstrdup(value);
	entry->line = state->line;
	return 1;
}

bool inireader_parse(const char *file_name, const char *text, size_t length,
                     inireader_document *doc, strlist *errors)
{
	reader_state state = {
		.file_name = file_name, .text = text, .length = length,
		.section = INIREADER_NO_SECTION, .doc = doc, .errors = errors,
		.error_count_at_start = errors->count,
	};

	memset(doc, 0, sizeof *doc);
	int rc = ini_parse_stream(read_next_line, &state, record_entry, &state);
	if (rc != 0) {
		state.line = rc > 0 ? rc : 0;
		add_error(&state, "libinih could not read this (code %d); expected NAME = VALUE lines", rc);
	}
	return errors->count == state.error_count_at_start;
}

void inireader_add_error_va(strlist *errors, const char *file_name, int line, const char *format,
                            va_list args)
{
	strbuf message = STRBUF_INIT;

	strbuf_printf(&message, "%s:%d: ", file_name, line);
	strbuf_vprintf(&message, format, args);
	strlist_add_owned(errors, strbuf_detach(&message));
}

void inireader_add_error(strlist *errors, const char *file_name, int line, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	inireader_add_error_va(errors, file_name, line, format, args);
	va_end(args);
}

void inireader_document_free(inireader_document *doc)
{
	for (size_t i = 0; i < doc->section_count; i++)
		free(doc->sections[i].name);
	for (size_t i = 0; i < doc->entry_count; i++) {
		free(doc->entries[i].name);
		free(doc->entries[i].value);
	}
	free(doc->sections);
	free(doc->entries);
	memset(doc, 0, sizeof *doc);
}
