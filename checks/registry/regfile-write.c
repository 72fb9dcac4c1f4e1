#include <stdlib.h>
#include <string.h>

#include "config/base/atomicfile.h"
#include "checks/registry/regfile.h"

/* A value whose lines in the file are written anew. */
typedef struct replaced_value {
	const regfile_key *key;
	size_t position;
} replaced_value;

/* What differs from the file's lines, each list in the order of the lines
 * it goes at: keys written as sections of their own (before their anchor
 * line, or at the end of the file), values replaced where they are, and
 * keys whose new values follow the last line of their section. */
typedef struct write_plan {
	const regfile_key **sections;
	size_t section_count;
	replaced_value *replaced;
	size_t replaced_count;
	const regfile_key **extended;
	size_t extended_count;
} write_plan;

/* Output in the file's own encoding, for the lines ccmwrap writes itself.
 * It remembers how the output ends, so that what is added at the end of
 * the file starts on a line of its own after a blank line. */
typedef struct writer {
	regfile_document *doc;
	regfile_source source;  /* the file read, for the lines written as they are */
	atomicfile file;
	strbuf text;
	strbuf encoded;
	bool terminated;        /* the output ends with a line break */
	bool last_line_blank;   /* its last line holds nothing but blanks */
} writer;

/* A line's bytes as read back from the file. */
typedef struct line_text {
	const unsigned char *raw;
	size_t size;
} line_text;

static bool read_line(writer *w, size_t i, line_text *text, error_message *err)
{
	text->size = w->doc->lines[i].size;
	return regfile_source_read(&w->source, regfile_document_line_offset(w->doc, i), text->size,
	                           &text->raw, err);
}

static size_t unit_size(const regfile_document *doc)
{
	return doc->encoding == REGFILE_UTF16LE ? 2 : 1;
}

/* The character `back` characters from the line's end when it is ASCII
 * (a UTF-16LE unit with a zero high byte), else 0. */
static unsigned char last_char(const regfile_document *doc, const line_text *line, size_t back)
{
	size_t unit = unit_size(doc);

	if (line->size < back * unit || (unit == 2 && line->raw[line->size - back * unit + 1] != 0))
		return 0;
	return line->raw[line->size - back * unit];
}

static bool ends_with_newline(const regfile_document *doc, const line_text *line)
{
	return last_char(doc, line, 1) == '\n' || last_char(doc, line, 1) == '\r';
}

/* The line break of an existing line ("" for the last line without one). */
static const char *newline_of(const regfile_document *doc, const line_text *line)
{
	if (last_char(doc, line, 1) == '\r')
		return "\r";
	if (last_char(doc, line, 1) != '\n')
		return "";
	return last_char(doc, line, 2) == '\r' ? "\r\n" : "\n";
}

static bool is_blank(unsigned c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool raw_line_is_blank(const regfile_document *doc, const line_text *line)
{
	size_t unit = unit_size(doc);

	for (size_t i = 0; i + unit <= line->size; i += unit)
		if (!is_blank(line->raw[i]) || (unit == 2 && line->raw[i + 1] != 0))
			return false;
	return true;
}

static bool put_raw(writer *w, const void *bytes, size_t size, error_message *err)
{
	return atomicfile_write(&w->file, bytes, size, err);
}

static bool put_line(writer *w, const line_text *line, error_message *err)
{
	bool fresh_line = w->terminated;

	w->terminated = ends_with_newline(w->doc, line);
	w->last_line_blank = raw_line_is_blank(w->doc, line) && (fresh_line || w->last_line_blank);
	return put_raw(w, line->raw, line->size, err);
}

static void note_text_end(writer *w, const char *text, size_t length)
{
	size_t end = length;

	if (length == 0)
		return;
	bool feed = text[end - 1] == '\n';
	bool terminated = feed || text[end - 1] == '\r';
	end -= terminated;
	end -= feed && end > 0 && text[end - 1] == '\r';
	size_t start = end;
	while (start > 0 && text[start - 1] != '\n' && text[start - 1] != '\r')
		start--;
	bool blank = true;
	for (size_t i = start; i < end; i++)
		blank &= is_blank((unsigned char)text[i]);
	w->last_line_blank = blank && (start > 0 || w->terminated || w->last_line_blank);
	w->terminated = terminated;
}

/* Writes w->text (UTF-8) in the file's encoding and empties it. */
static bool put_text(writer *w, error_message *err)
{
	note_text_end(w, w->text.data, w->text.length);
	strbuf_clear(&w->encoded);
	regfile_encode(&w->encoded, w->text.data ? w->text.data : "", w->text.length,
	               w->doc->encoding);
	strbuf_clear(&w->text);
	return put_raw(w, w->encoded.data, w->encoded.length, err);
}

static void drop_final_newline(strbuf *text, const char *newline)
{
	size_t size = strlen(newline);

	if (text->length >= size && strcmp(text->data + text->length - size, newline) == 0) {
		text->length -= size;
		text->data[text->length] = '\0';
	}
}

/* A key without a header of its own (implied by a subkey's header, or
 * created by ccmwrap) that now has a descriptor or values: its section,
 * followed by a blank line as regedit separates sections. */
static bool put_own_section(writer *w, const regfile_key *key, error_message *err)
{
	const char *newline = w->doc->newline;
	char *path = regfile_document_path(w->doc, (size_t)(key - w->doc->keys));

	regfile_format_key_line(&w->text, path, newline);
	free(path);
	if (key->sddl != NULL)
		regfile_format_sddl_line(&w->text, key->sddl, newline);
	for (size_t i = 0; i < key->value_count; i++)
		if (!regfile_format_value(&w->text, &key->values[i].value, newline, err))
			return false;
	strbuf_add_string(&w->text, newline);
	return put_text(w, err);
}

/* Sections at the end of the file (keys ccmwrap created: anchor_line
 * REGFILE_NONE sorts last) come after a blank line. */
static bool put_end_section(writer *w, const regfile_key *key, error_message *err)
{
	if (!w->terminated)
		strbuf_add_string(&w->text, w->doc->newline);
	if (!w->last_line_blank)
		strbuf_add_string(&w->text, w->doc->newline);
	return put_text(w, err) && put_own_section(w, key, err);
}

static bool put_key_line(writer *w, size_t i, const line_text *line, error_message *err)
{
	const regfile_key *key = &w->doc->keys[w->doc->lines[i].key];

	if (!put_line(w, line, err))
		return false;
	if (key->sddl_line != REGFILE_NONE || key->sddl == NULL || key->key_line != i)
		return true;
	/* A descriptor line always ends: one at the very end without a line
	 * break reads as a file cut short (regfile-document.c). */
	bool ends = ends_with_newline(w->doc, line);
	if (!ends)
		strbuf_add_string(&w->text, w->doc->newline);
	regfile_format_sddl_line(&w->text, key->sddl, ends ? newline_of(w->doc, line) : w->doc->newline);
	return put_text(w, err);
}

static bool put_sddl_line(writer *w, size_t i, const line_text *line, error_message *err)
{
	const regfile_key *key = &w->doc->keys[w->doc->lines[i].key];

	if (key->sddl == key->file_sddl)
		return put_line(w, line, err);
	if (key->sddl == NULL)
		return true;
	regfile_format_sddl_line(&w->text, key->sddl, newline_of(w->doc, line));
	return put_text(w, err);
}

/* A changed value in place of its lines, with their line breaks. */
static bool put_replaced_value(writer *w, const replaced_value *replaced, error_message *err)
{
	const regfile_value_lines *lines = &replaced->key->values[replaced->position].lines;
	line_text first, last;

	if (!read_line(w, lines->first, &first, err))
		return false;
	const char *newline = ends_with_newline(w->doc, &first) ? newline_of(w->doc, &first)
	                                                        : w->doc->newline;
	if (!regfile_format_value(&w->text, &replaced->key->values[replaced->position].value,
	                          newline, err) ||
	    !read_line(w, lines->last, &last, err))
		return false;
	if (!ends_with_newline(w->doc, &last))
		drop_final_newline(&w->text, newline);
	return put_text(w, err);
}

/* Values ccmwrap gave a key that has a section: after its last line. */
static bool put_added_values(writer *w, const regfile_key *key, error_message *err)
{
	bool terminated = w->terminated;

	if (!terminated)
		strbuf_add_string(&w->text, w->doc->newline);
	for (size_t i = 0; i < key->value_count; i++)
		if (key->values[i].lines.first == REGFILE_NONE &&
		    !regfile_format_value(&w->text, &key->values[i].value, w->doc->newline, err))
			return false;
	if (!terminated)
		drop_final_newline(&w->text, w->doc->newline);
	return put_text(w, err);
}

/* ---- the plan ---- */

static int by_anchor(const void *a, const void *b)
{
	const regfile_key *x = *(const regfile_key *const *)a;
	const regfile_key *y = *(const regfile_key *const *)b;

	if (x->anchor_line != y->anchor_line)
		return x->anchor_line < y->anchor_line ? -1 : 1;
	return x < y ? -1 : x > y;
}

static int by_section_end(const void *a, const void *b)
{
	const regfile_key *x = *(const regfile_key *const *)a;
	const regfile_key *y = *(const regfile_key *const *)b;

	return x->section_end_line < y->section_end_line ? -1 : x->section_end_line > y->section_end_line;
}

static int by_first_line(const void *a, const void *b)
{
	const replaced_value *x = a;
	const replaced_value *y = b;
	size_t first_x = x->key->values[x->position].lines.first;
	size_t first_y = y->key->values[y->position].lines.first;

	return first_x < first_y ? -1 : first_x > first_y;
}

static void plan_key(write_plan *plan, const regfile_key *key)
{
	bool added = false;

	for (size_t i = 0; i < key->value_count; i++) {
		const regfile_value_lines *lines = &key->values[i].lines;
		if (lines->first == REGFILE_NONE)
			added = true;
		else if (lines->changed)
			plan->replaced[plan->replaced_count++] = (replaced_value){ key, i };
	}
	if (key->key_line == REGFILE_NONE && (key->sddl != NULL || added))
		plan->sections[plan->section_count++] = key;
	else if (key->key_line != REGFILE_NONE && added)
		plan->extended[plan->extended_count++] = key;
}

static void plan_make(write_plan *plan, const regfile_document *doc)
{
	size_t changed_values = 0;

	for (size_t i = 0; i < doc->key_count; i++)
		for (size_t v = 0; v < doc->keys[i].value_count; v++)
			changed_values += doc->keys[i].values[v].lines.changed;
	memset(plan, 0, sizeof *plan);
	plan->sections = xmalloc((doc->key_count + 1) * sizeof *plan->sections);
	plan->extended = xmalloc((doc->key_count + 1) * sizeof *plan->extended);
	plan->replaced = xmalloc((changed_values + 1) * sizeof *plan->replaced);
	for (size_t i = 0; i < doc->key_count; i++)
		plan_key(plan, &doc->keys[i]);
	qsort(plan->sections, plan->section_count, sizeof *plan->sections, by_anchor);
	qsort(plan->extended, plan->extended_count, sizeof *plan->extended, by_section_end);
	qsort(plan->replaced, plan->replaced_count, sizeof *plan->replaced, by_first_line);
}

static void plan_free(write_plan *plan)
{
	free(plan->sections);
	free(plan->extended);
	free(plan->replaced);
}

/* ---- the document ---- */

typedef struct plan_cursor {
	size_t section;
	size_t replaced;
	size_t extended;
} plan_cursor;

/* Writes line i (or the value that starts there) and what goes around it;
 * *i moves to the last line consumed. */
static bool put_line_and_edits(writer *w, const write_plan *plan, plan_cursor *at, size_t *i,
                               error_message *err)
{
	const regfile_line *line = &w->doc->lines[*i];
	line_text text;
	bool ok = true;

	while (ok && at->section < plan->section_count &&
	       plan->sections[at->section]->anchor_line == *i)
		ok = put_own_section(w, plan->sections[at->section++], err);
	if (!ok)
		return false;
	const replaced_value *replaced = at->replaced < plan->replaced_count
	                                     ? &plan->replaced[at->replaced] : NULL;
	if (replaced != NULL && replaced->key->values[replaced->position].lines.first == *i) {
		ok = put_replaced_value(w, replaced, err);
		*i = replaced->key->values[replaced->position].lines.last;
		at->replaced++;
	} else if (!read_line(w, *i, &text, err)) {
		ok = false;
	} else if (line->key != REGFILE_LINE_NO_KEY && w->doc->keys[line->key].sddl_line == *i) {
		ok = put_sddl_line(w, *i, &text, err);
	} else if (line->key != REGFILE_LINE_NO_KEY) {
		ok = put_key_line(w, *i, &text, err);
	} else {
		ok = put_line(w, &text, err);
	}
	while (ok && at->extended < plan->extended_count &&
	       plan->extended[at->extended]->section_end_line == *i)
		ok = put_added_values(w, plan->extended[at->extended++], err);
	return ok;
}

static bool put_lines(writer *w, error_message *err)
{
	write_plan plan;
	plan_cursor at = { 0, 0, 0 };
	bool ok = put_raw(w, w->doc->bom, w->doc->bom_size, err);

	plan_make(&plan, w->doc);
	for (size_t i = 0; ok && i < w->doc->line_count; i++)
		ok = put_line_and_edits(w, &plan, &at, &i, err);
	while (ok && at.section < plan.section_count)
		ok = put_end_section(w, plan.sections[at.section++], err);
	plan_free(&plan);
	return ok;
}

bool regfile_document_write(regfile_document *doc, error_message *err)
{
	writer w = { .doc = doc, .text = STRBUF_INIT, .encoded = STRBUF_INIT, .terminated = true };

	if (doc->source_replaced)
		return error_set(err, "%s: written once already; read it again before writing it again",
		                 doc->path);
	if (!regfile_source_open(&w.source, doc->path, &doc->stamp, err))
		return false;
	if (!atomicfile_begin(&w.file, doc->path, err)) {
		regfile_source_close(&w.source);
		return false;
	}
	bool ok = put_lines(&w, err);
	strbuf_free(&w.text);
	strbuf_free(&w.encoded);
	/* Closed before the new file takes its name, so that the rename on
	 * Windows replaces a file no handle of ccmwrap's holds open. */
	regfile_source_close(&w.source);
	if (!ok) {
		atomicfile_abandon(&w.file);
		return false;
	}
	if (!atomicfile_commit(&w.file, err))
		return false;
	doc->source_replaced = true;
	doc->changed = false;
	return true;
}
