#include <stdlib.h>
#include <string.h>

#include "atomicfile.h"
#include "regfile.h"

/* Output in the file's own encoding, for the lines ccmwrap writes itself. */
typedef struct writer {
	regfile_document *doc;
	atomicfile file;
	strbuf text;
	strbuf encoded;
} writer;

static bool put_raw(writer *w, const void *bytes, size_t size, error_message *err)
{
	return atomicfile_write(&w->file, bytes, size, err);
}

/* Writes w->text (UTF-8) in the file's encoding and empties it. */
static bool put_text(writer *w, error_message *err)
{
	strbuf_clear(&w->encoded);
	regfile_encode(&w->encoded, w->text.data ? w->text.data : "", w->text.length,
	               w->doc->encoding);
	strbuf_clear(&w->text);
	return put_raw(w, w->encoded.data, w->encoded.length, err);
}

static size_t unit_size(const regfile_document *doc)
{
	return doc->encoding == REGFILE_UTF16LE ? 2 : 1;
}

static bool ends_with_newline(const regfile_document *doc, const regfile_line *line)
{
	size_t unit = unit_size(doc);

	return line->size >= unit && line->raw[line->size - unit] == '\n';
}

/* The line break of an existing line ("" for the last line without one). */
static const char *newline_of(const regfile_document *doc, const regfile_line *line)
{
	size_t unit = unit_size(doc);

	if (!ends_with_newline(doc, line))
		return "";
	return line->size >= 2 * unit && line->raw[line->size - 2 * unit] == '\r' ? "\r\n" : "\n";
}

/* A key that only its subkeys implied gets its own section when it is
 * given a descriptor, written just before the subkey that implied it. */
static bool put_implied_key(writer *w, const regfile_key *key, error_message *err)
{
	regfile_format_key_line(&w->text, key->path, w->doc->newline);
	regfile_format_sddl_line(&w->text, key->sddl, w->doc->newline);
	strbuf_add_string(&w->text, w->doc->newline);
	return put_text(w, err);
}

static bool put_key_line(writer *w, const regfile_line *line, error_message *err)
{
	const regfile_key *key = &w->doc->keys[line->key];

	if (!put_raw(w, line->raw, line->size, err))
		return false;
	if (key->sddl_line != REGFILE_NONE || key->sddl == NULL || &w->doc->lines[key->key_line] != line)
		return true;
	if (!ends_with_newline(w->doc, line))
		strbuf_add_string(&w->text, w->doc->newline);
	regfile_format_sddl_line(&w->text, key->sddl, ends_with_newline(w->doc, line)
	                                                  ? newline_of(w->doc, line) : "");
	return put_text(w, err);
}

static bool put_sddl_line(writer *w, const regfile_line *line, error_message *err)
{
	const regfile_key *key = &w->doc->keys[line->key];

	if (key->sddl == key->file_sddl)
		return put_raw(w, line->raw, line->size, err);
	if (key->sddl == NULL)
		return true;
	regfile_format_sddl_line(&w->text, key->sddl, newline_of(w->doc, line));
	return put_text(w, err);
}

static int by_anchor(const void *a, const void *b)
{
	const regfile_key *x = *(const regfile_key *const *)a;
	const regfile_key *y = *(const regfile_key *const *)b;

	if (x->anchor_line != y->anchor_line)
		return x->anchor_line < y->anchor_line ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Implied keys that now carry a descriptor, in the order they are written:
 * by the line they go before, parents (created first) before children. */
static const regfile_key **implied_keys_to_write(const regfile_document *doc, size_t *count)
{
	const regfile_key **list = xmalloc(doc->key_count * sizeof *list);

	*count = 0;
	for (size_t i = 0; i < doc->key_count; i++)
		if (doc->keys[i].key_line == REGFILE_NONE && doc->keys[i].sddl != NULL)
			list[(*count)++] = &doc->keys[i];
	qsort(list, *count, sizeof *list, by_anchor);
	return list;
}

static bool put_lines(writer *w, error_message *err)
{
	size_t implied_count;
	const regfile_key **implied = implied_keys_to_write(w->doc, &implied_count);
	size_t next_implied = 0;
	bool ok = put_raw(w, w->doc->bom, w->doc->bom_size, err);

	for (size_t i = 0; ok && i < w->doc->line_count; i++) {
		const regfile_line *line = &w->doc->lines[i];
		while (ok && next_implied < implied_count && implied[next_implied]->anchor_line == i)
			ok = put_implied_key(w, implied[next_implied++], err);
		if (!ok)
			break;
		if (line->kind == REGFILE_LINE_KEY)
			ok = put_key_line(w, line, err);
		else if (line->kind == REGFILE_LINE_SDDL)
			ok = put_sddl_line(w, line, err);
		else
			ok = put_raw(w, line->raw, line->size, err);
	}
	free(implied);
	return ok;
}

bool regfile_document_write(regfile_document *doc, error_message *err)
{
	writer w = { .doc = doc, .text = STRBUF_INIT, .encoded = STRBUF_INIT };

	if (!atomicfile_begin(&w.file, doc->path, err))
		return false;
	bool ok = put_lines(&w, err);
	strbuf_free(&w.text);
	strbuf_free(&w.encoded);
	if (!ok) {
		atomicfile_abandon(&w.file);
		return false;
	}
	if (!atomicfile_commit(&w.file, err))
		return false;
	doc->changed = false;
	return true;
}
