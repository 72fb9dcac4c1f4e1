#include "config/base/textsearch.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"

#define PAIR_COUNT 65536

typedef struct searched_text {
	unsigned char *folded;     /* ASCII lower-cased */
	size_t length;
	unsigned tail_pair;        /* the folded pair that ends its first `window` bytes */
} searched_text;

struct textsearch {
	searched_text *texts;
	size_t count;
	size_t window;             /* the shortest text's length */
	/* How far the window's end may move when its last two bytes are this
	 * raw pair: 0 where the pair ends some text's window (a candidate). */
	unsigned char shift[PAIR_COUNT];
};

static unsigned char fold(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

static unsigned char other_case(unsigned char c)
{
	if (c >= 'a' && c <= 'z')
		return (unsigned char)(c - 'a' + 'A');
	return c;
}

static unsigned pair_at(const unsigned char *bytes)
{
	return (unsigned)bytes[0] << 8 | bytes[1];
}

/* The shift for a folded pair, in every spelling of its letters' case. */
static void lower_shift(textsearch *search, unsigned char first, unsigned char second,
                        size_t shift)
{
	const unsigned char firsts[2] = { first, other_case(first) };
	const unsigned char seconds[2] = { second, other_case(second) };

	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			unsigned pair = (unsigned)firsts[i] << 8 | seconds[j];
			if (shift < search->shift[pair])
				search->shift[pair] = (unsigned char)shift;
		}
}

/* A window longer than a byte can say is cut: a shorter window only jumps
 * less far. */
static void build_shifts(textsearch *search)
{
	size_t window = search->window < UINT8_MAX ? search->window : UINT8_MAX;

	search->window = window;
	memset(search->shift, (int)(window - 1), sizeof search->shift);
	for (size_t i = 0; i < search->count; i++) {
		searched_text *text = &search->texts[i];
		for (size_t end = 1; end < window; end++)
			lower_shift(search, text->folded[end - 1], text->folded[end], window - 1 - end);
		if (window > 1)
			text->tail_pair = pair_at(text->folded + window - 2);
	}
}

textsearch *textsearch_new(const char *const *texts, size_t count)
{
	textsearch *search = xcalloc(1, sizeof *search);

	search->texts = xcalloc(count, sizeof *search->texts);
	search->count = count;
	search->window = SIZE_MAX;
	for (size_t i = 0; i < count; i++) {
		searched_text *text = &search->texts[i];
		text->length = strlen(texts[i]);
		text->folded = (unsigned char *)xstrdup(texts[i]);
		for (size_t j = 0; j < text->length; j++)
			text->folded[j] = fold(text->folded[j]);
		if (text->length < search->window)
			search->window = text->length;
	}
	build_shifts(search);
	return search;
}

void textsearch_free(textsearch *search)
{
	if (search == NULL)
		return;
	for (size_t i = 0; i < search->count; i++)
		free(search->texts[i].folded);
	free(search->texts);
	free(search);
}

static bool text_at(const searched_text *text, const unsigned char *at, size_t room)
{
	if (text->length > room)
		return false;
	for (size_t i = 0; i < text->length; i++)
		if (fold(at[i]) != text->folded[i])
			return false;
	return true;
}

/* Whether a text starts at `start`, its window's last pair being `pair`
 * folded (any pair with a window of one byte). */
static bool any_text_at(const textsearch *search, const unsigned char *bytes, size_t length,
                        size_t start, unsigned folded_pair)
{
	for (size_t i = 0; i < search->count; i++) {
		const searched_text *text = &search->texts[i];
		if ((search->window == 1 || text->tail_pair == folded_pair) &&
		    text_at(text, bytes + start, length - start))
			return true;
	}
	return false;
}

const char *textsearch_find(const textsearch *search, const char *bytes, size_t length)
{
	const unsigned char *raw = (const unsigned char *)bytes;
	size_t window = search->window;

	if (length < window)
		return NULL;
	if (window == 1) {
		for (size_t start = 0; start < length; start++)
			if (any_text_at(search, raw, length, start, 0))
				return bytes + start;
		return NULL;
	}
	for (size_t end = window - 1; end < length;) {
		size_t shift = search->shift[pair_at(raw + end - 1)];
		if (shift > 0) {
			end += shift;
			continue;
		}
		size_t start = end + 1 - window;
		unsigned folded_pair = (unsigned)fold(raw[end - 1]) << 8 | fold(raw[end]);
		if (any_text_at(search, raw, length, start, folded_pair))
			return bytes + start;
		end++;
	}
	return NULL;
}
