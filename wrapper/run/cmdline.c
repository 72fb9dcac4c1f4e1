#include "wrapper/run/cmdline.h"

#include <stdlib.h>
#include <string.h>

/* Where the value of a word that names a secret starts; NULL for any other
 * word. The name is what comes before the first '=' or ':', without the
 * '/' or '-' of a switch. */
static const char *secret_value(const char *word, size_t length)
{
	size_t start = length > 0 && (word[0] == '/' || word[0] == '-') ? 1 : 0;
	size_t end = start;

	while (end < length && word[end] != '=' && word[end] != ':')
		end++;
	if (end == length)
		return NULL;
	char *name = xstrndup(word + start, end - start);
	bool secret = text_contains_nocase(name, "PASSWORD") || text_contains_nocase(name, "TOKEN");
	free(name);
	return secret ? word + end + 1 : NULL;
}

static void add_masked_word(strbuf *out, const char *word, size_t length)
{
	const char *value = secret_value(word, length);

	if (value == NULL) {
		strbuf_add(out, word, length);
		return;
	}
	strbuf_add(out, word, (size_t)(value - word));
	strbuf_add_string(out, CMDLINE_MASK);
}

char *cmdline_format(const char *program, const strlist *arguments)
{
	strbuf line = STRBUF_INIT;

	for (size_t i = 0; i <= arguments->count; i++) {
		const char *word = i == 0 ? program : arguments->items[i - 1];
		bool quote = word[0] == '\0' || strpbrk(word, " \t") != NULL;
		strbuf_printf(&line, "%s%s", i > 0 ? " " : "", quote ? "\"" : "");
		add_masked_word(&line, word, strlen(word));
		strbuf_add_string(&line, quote ? "\"" : "");
	}
	return strbuf_detach(&line);
}

/* The words of a Windows command line: separated by spaces or tabs
 * outside double quotes; a word keeps its quotes. */
char *cmdline_mask(const char *line)
{
	strbuf out = STRBUF_INIT;
	const char *p = line;

	while (*p != '\0') {
		if (*p == ' ' || *p == '\t') {
			strbuf_add_char(&out, *p++);
			continue;
		}
		const char *start = p;
		bool quoted = false;
		for (; *p != '\0' && (quoted || (*p != ' ' && *p != '\t')); p++)
			quoted ^= *p == '"';
		bool whole_quoted = *start == '"';
		size_t skip = whole_quoted ? 1 : 0;
		strbuf_add(&out, start, skip);
		add_masked_word(&out, start + skip, (size_t)(p - start) - skip);
		if (whole_quoted && secret_value(start + 1, (size_t)(p - start) - 1) != NULL &&
		    p[-1] == '"')
			strbuf_add_char(&out, '"');
	}
	return strbuf_detach(&out);
}

void cmdline_quote_word(strbuf *line, const char *word)
{
	if (word[0] != '\0' && strpbrk(word, " \t\"") == NULL) {
		strbuf_add_string(line, word);
		return;
	}
	strbuf_add_char(line, '"');
	for (const char *p = word;; p++) {
		size_t backslashes = 0;
		while (*p == '\\') {
			backslashes++;
			p++;
		}
		/* Backslashes count only before a quote, the added closing one
		 * included: there each must be doubled. */
		size_t doubled = *p == '"' || *p == '\0' ? 2 * backslashes : backslashes;
		for (size_t i = 0; i < doubled; i++)
			strbuf_add_char(line, '\\');
		if (*p == '\0')
			break;
		if (*p == '"')
			strbuf_add_char(line, '\\');
		strbuf_add_char(line, *p);
	}
	strbuf_add_char(line, '"');
}
