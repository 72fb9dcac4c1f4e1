#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/registry/regfile.h"

#define BLOCK_SIZE (1024u * 1024u)
#define STORE_ALIGNMENT _Alignof(max_align_t)

/* Where the loader is: the key whose values follow (REGFILE_NONE when
 * regedit has none open), whether the previous line was that key's header
 * (a ";sddl=" line counts only directly under it), and a hex value being
 * continued over several lines. */
typedef struct load_state {
	regfile_document *doc;
	regfile_reader reader;
	bool ansi_strings;
	size_t key;
	size_t last_key;            /* the key whose header came last, a likely parent of the next */
	bool after_key_line;
	bool continuing;
	regfile_entry continued;
	regfile_value_lines continued_lines;
	strbuf descriptor;          /* the descriptor text of the line read */
} load_state;

/* The document's own memory: key names, descriptors and values, packed
 * into blocks freed with the document (a heap object each cost more than
 * the text of a million-key export). What a change replaces stays in its
 * block until then. Records (aligned) start aligned for any type. */
static size_t alignment_padding(const regfile_block *block)
{
	return (size_t)(-(uintptr_t)(block->bytes + block->used) & (STORE_ALIGNMENT - 1));
}

static void *block_take(regfile_block **chain, size_t size, bool aligned)
{
	regfile_block *block = *chain;

	if (block == NULL ||
	    block->capacity - block->used < size + (aligned ? alignment_padding(block) : 0)) {
		size_t capacity = size + STORE_ALIGNMENT > BLOCK_SIZE ? size + STORE_ALIGNMENT : BLOCK_SIZE;
		block = xmalloc(sizeof *block + capacity);
		block->next = *chain;
		block->used = 0;
		block->capacity = capacity;
		*chain = block;
	}
	if (aligned)
		block->used += alignment_padding(block);
	unsigned char *taken = block->bytes + block->used;
	block->used += size;
	return taken;
}

/* Whether what ends at end, the last thing taken from chain, could grow by
 * extra bytes where it is. */
static bool block_extend(regfile_block *chain, const void *end, size_t extra)
{
	if (chain == NULL || (const unsigned char *)end != chain->bytes + chain->used ||
	    chain->capacity - chain->used < extra)
		return false;
	chain->used += extra;
	return true;
}

static void *store_bytes(regfile_document *doc, const void *bytes, size_t size)
{
	unsigned char *stored = block_take(&doc->blocks, size, false);

	if (size > 0)
		memcpy(stored, bytes, size);
	return stored;
}

static void blocks_free(regfile_block *block)
{
	while (block != NULL) {
		regfile_block *next = block->next;
		free(block);
		block = next;
	}
}

static char *store_string(regfile_document *doc, const char *text, size_t length)
{
	char *stored = store_bytes(doc, text, length + 1);

	stored[length] = '\0';
	return stored;
}

/* A key or value name, shared with an equal one stored a little before:
 * a hive repeats a few names (Parameters, Type, Start, DisplayName) on
 * every other key. The slot is a plain hash of the bytes, for names that
 * collide only cost their sharing. */
static char *store_name(regfile_document *doc, const char *name)
{
	size_t length = strlen(name);
	uint32_t hash = 2166136261u;

	for (size_t i = 0; i < length; i++)
		hash = (hash ^ (unsigned char)name[i]) * 16777619u;
	char **recent = &doc->recent_names[hash % REGFILE_RECENT_NAMES];
	if (*recent == NULL || strcmp(*recent, name) != 0)
		*recent = store_string(doc, name, length);
	return *recent;
}

/* The value's name and data moved into the document's blocks. */
static void store_value(regfile_document *doc, registry_value *value)
{
	char *name = store_name(doc, value->name);
	unsigned char *data = store_bytes(doc, value->data, value->size);

	free(value->name);
	free(value->data);
	value->name = name;
	value->data = data;
}

static size_t add_line(regfile_document *doc, const regfile_reader *reader)
{
	if (doc->line_count == doc->line_capacity) {
		doc->line_capacity = doc->line_capacity ? doc->line_capacity * 2 : 256;
		doc->lines = xrealloc(doc->lines, doc->line_capacity * sizeof *doc->lines);
		doc->line_marks = xrealloc(doc->line_marks, doc->line_capacity / REGFILE_LINE_MARK *
		                                                sizeof *doc->line_marks);
	}
	if (doc->line_count % REGFILE_LINE_MARK == 0)
		doc->line_marks[doc->line_count / REGFILE_LINE_MARK] = reader->line_offset;
	regfile_line *line = &doc->lines[doc->line_count];
	line->size = (uint32_t)reader->raw.length;
	line->key = REGFILE_LINE_NO_KEY;
	return doc->line_count++;
}

uint64_t regfile_document_line_offset(const regfile_document *doc, size_t line)
{
	size_t from = line - line % REGFILE_LINE_MARK;
	uint64_t offset = doc->line_marks[from / REGFILE_LINE_MARK];

	for (size_t i = from; i < line; i++)
		offset += doc->lines[i].size;
	return offset;
}

/* Whether key id's path is the first length bytes of path (names compared
 * as Windows compares them), from its own name up to its root. */
static bool key_is_path(const regfile_document *doc, size_t id, const char *path, size_t length)
{
	for (;;) {
		const regfile_key *key = &doc->keys[id];
		size_t leaf = length;
		while (leaf > 0 && path[leaf - 1] != '\\')
			leaf--;
		if (!text_equal_nocase_n(key->name, path + leaf, length - leaf))
			return false;
		if (key->parent == REGFILE_NONE || leaf == 0)
			return key->parent == REGFILE_NONE && leaf == 0;
		id = key->parent;
		length = leaf - 1;
	}
}

/* What find_key and store_descriptor seek in an index. */
typedef struct sought_text {
	const regfile_document *doc;
	const char *text;
	size_t length;
	size_t *deleted;        /* find_key: where a deleted key of that path goes, or NULL */
} sought_text;

static bool key_has_path(size_t id, const void *context)
{
	const sought_text *sought = context;
	bool deleted = sought->doc->keys[id].deleted;

	if ((deleted && sought->deleted == NULL) ||
	    !key_is_path(sought->doc, id, sought->text, sought->length))
		return false;
	if (deleted)
		*sought->deleted = id;
	return !deleted;
}

/* The key of path that is not deleted; *deleted (when not NULL) is a
 * deleted one of that path, or REGFILE_NONE. */
static size_t find_key(const regfile_document *doc, const char *path, uint64_t hash,
                       size_t *deleted)
{
	sought_text sought = { doc, path, strlen(path), deleted };

	if (deleted != NULL)
		*deleted = REGFILE_NONE;
	size_t found = hashindex_find(&doc->key_index, hash, key_has_path, &sought);
	return found == HASHINDEX_NONE ? REGFILE_NONE : found;
}

size_t regfile_document_find(const regfile_document *doc, const char *path)
{
	return find_key(doc, path, hashindex_hash_nocase(path, 0), NULL);
}

char *regfile_document_path(const regfile_document *doc, size_t key)
{
	size_t size = 0;

	for (size_t id = key; id != REGFILE_NONE; id = doc->keys[id].parent)
		size += strlen(doc->keys[id].name) + 1;
	char *path = xmalloc(size);
	size_t end = size - 1;
	path[end] = '\0';
	for (size_t id = key; id != REGFILE_NONE; id = doc->keys[id].parent) {
		size_t length = strlen(doc->keys[id].name);
		end -= length;
		memcpy(path + end, doc->keys[id].name, length);
		if (end > 0)
			path[--end] = '\\';
	}
	return path;
}

/* How many keys above the key opened last are tried as the parent of the
 * next one before the index is asked: an export names a key's subkeys
 * right after it, and its next sibling a few levels up. */
#define PARENT_HINT_LEVELS 4

/* Whether id is a key that lives, with the first length bytes of path as
 * its path. */
static bool key_named(const regfile_document *doc, size_t id, const char *path, size_t length)
{
	return id != REGFILE_NONE && !doc->keys[id].deleted && key_is_path(doc, id, path, length);
}

/* near or a key a few levels above it when it is path's parent;
 * REGFILE_NONE otherwise. */
static size_t parent_near(const regfile_document *doc, size_t near, const char *path)
{
	const char *leaf = strrchr(path, '\\');

	if (leaf == NULL)
		return REGFILE_NONE;
	size_t parent_length = (size_t)(leaf - path);
	for (int level = 0; level < PARENT_HINT_LEVELS && near != REGFILE_NONE; level++) {
		if (key_named(doc, near, path, parent_length))
			return near;
		near = doc->keys[near].parent;
	}
	return REGFILE_NONE;
}

size_t regfile_document_find_near(const regfile_document *doc, const char *path, size_t near)
{
	size_t length = strlen(path);

	if (near != REGFILE_NONE && key_named(doc, doc->keys[near].first_child, path, length))
		return doc->keys[near].first_child;
	for (int level = 0; level < PARENT_HINT_LEVELS && near != REGFILE_NONE; level++) {
		if (key_named(doc, doc->keys[near].next_sibling, path, length))
			return doc->keys[near].next_sibling;
		near = doc->keys[near].parent;
	}
	return regfile_document_find(doc, path);
}

/* The key, created with every missing parent (importing a .reg file
 * creates the keys above the ones it names, as regedit does); near is a
 * key that may be its parent (REGFILE_NONE: none known). */
static size_t find_or_create_key(regfile_document *doc, const char *path, size_t near,
                                 size_t anchor_line)
{
	uint64_t hash = hashindex_hash_nocase(path, 0);
	size_t deleted;
	size_t found = find_key(doc, path, hash, &deleted);

	if (found != REGFILE_NONE)
		return found;
	size_t parent = parent_near(doc, near, path);
	if (parent == REGFILE_NONE) {
		char *parent_path = regpath_parent(path);
		if (parent_path != NULL)
			parent = find_or_create_key(doc, parent_path, REGFILE_NONE, anchor_line);
		free(parent_path);
	}
	if (doc->key_count == doc->key_capacity) {
		doc->key_capacity = doc->key_capacity ? doc->key_capacity * 2 : 64;
		doc->keys = xrealloc(doc->keys, doc->key_capacity * sizeof *doc->keys);
	}
	size_t id = doc->key_count++;
	regfile_key *key = &doc->keys[id];
	memset(key, 0, sizeof *key);
	const char *name = regpath_leaf(path);
	key->name = store_name(doc, name);
	key->parent = parent;
	key->first_child = key->last_child = key->next_sibling = REGFILE_NONE;
	key->key_line = key->sddl_line = key->section_end_line = REGFILE_NONE;
	key->anchor_line = anchor_line;
	if (parent != REGFILE_NONE) {
		regfile_key *up = &doc->keys[parent];
		if (up->last_child == REGFILE_NONE)
			up->first_child = id;
		else
			doc->keys[up->last_child].next_sibling = id;
		up->last_child = id;
	}
	/* A key named again after its deletion takes the deleted one's entry,
	 * so that a file deleting and naming one key again and again keeps
	 * one entry for it, not a chain that every lookup walks. */
	if (deleted != REGFILE_NONE)
		hashindex_renumber(&doc->key_index, hash, deleted, id);
	else
		hashindex_add(&doc->key_index, hash, id);
	return id;
}

static const char *value_name_of(size_t position, const void *records)
{
	const regfile_key *key = records;

	return position < key->value_count ? key->values[position].value.name : NULL;
}

/* A key with few values is searched in order: hashing every value name of
 * a million-key export cost more than the search. A key that grows past
 * VALUE_INDEX_MIN values gets its values in the index, hashed with the
 * key's number so that a candidate is checked against this key's own
 * values, and crafted names cannot make its lookups quadratic. */
#define VALUE_INDEX_MIN 16

static uint64_t value_hash(size_t key_id, const char *name)
{
	return hashindex_hash_nocase(name, key_id + 1);
}

size_t regfile_document_find_value(const regfile_document *doc, size_t key_id, const char *name)
{
	const regfile_key *key = &doc->keys[key_id];

	if (key->value_count > VALUE_INDEX_MIN) {
		size_t found = hashindex_find_nocase(&doc->value_index, name, key_id + 1, value_name_of,
		                                     key);
		return found == HASHINDEX_NONE ? REGFILE_NONE : found;
	}
	for (size_t i = 0; i < key->value_count; i++)
		if (!key->values[i].removed && text_equal_nocase(key->values[i].value.name, name))
			return i;
	return REGFILE_NONE;
}

/* Room for one more value. The values of a key read one after another
 * end the record blocks, and grow where they are; a key named again after
 * others moves its values into twice the room. */
static void grow_values(regfile_document *doc, regfile_key *key)
{
	if (key->value_count < key->value_capacity)
		return;
	if (key->value_count > 0 &&
	    block_extend(doc->records, key->values + key->value_count, sizeof *key->values)) {
		key->value_capacity++;
		return;
	}
	size_t capacity = key->value_count ? key->value_count * 2 : 1;
	regfile_value *values = block_take(&doc->records, capacity * sizeof *values, true);
	if (key->value_count > 0)
		memcpy(values, key->values, key->value_count * sizeof *values);
	key->values = values;
	key->value_capacity = capacity;
}

static void append_value(regfile_document *doc, size_t key_id, registry_value *value,
                         regfile_value_lines lines)
{
	regfile_key *key = &doc->keys[key_id];

	grow_values(doc, key);
	key->values[key->value_count] = (regfile_value){ *value, lines, false };
	key->value_count++;
	if (key->value_count == VALUE_INDEX_MIN + 1) {
		for (size_t i = 0; i < key->value_count; i++)
			if (!key->values[i].removed)
				hashindex_add(&doc->value_index, value_hash(key_id, key->values[i].value.name),
				              i);
	} else if (key->value_count > VALUE_INDEX_MIN + 1) {
		hashindex_add(&doc->value_index, value_hash(key_id, value->name), key->value_count - 1);
	}
}

/* A later value of the same name replaces the earlier one, as importing
 * the file would; its lines are then the ones that define the value. */
static void add_value(regfile_document *doc, size_t key_id, registry_value *value,
                      regfile_value_lines lines)
{
	regfile_key *key = &doc->keys[key_id];
	size_t position = regfile_document_find_value(doc, key_id, value->name);

	key->section_end_line = lines.last;
	store_value(doc, value);
	if (position == REGFILE_NONE) {
		append_value(doc, key_id, value, lines);
		return;
	}
	key->values[position] = (regfile_value){ *value, lines, false };
}

/* "name"=-: the value is gone (regfile_value.removed), and out of the
 * index: a file removing and setting one value again and again keeps one
 * entry for it. */
static void remove_value(regfile_document *doc, size_t key_id, size_t position)
{
	regfile_value *value = &doc->keys[key_id].values[position];

	value->removed = true;
	if (doc->keys[key_id].value_count > VALUE_INDEX_MIN)
		hashindex_remove(&doc->value_index, value_hash(key_id, value->value.name), position);
}

/* A subtree deleted before is passed over, so that each key is marked
 * once however its deletions nest. */
static void mark_deleted(regfile_document *doc, size_t id)
{
	doc->keys[id].deleted = true;
	for (size_t child = doc->keys[id].first_child; child != REGFILE_NONE;
	     child = doc->keys[child].next_sibling)
		if (!doc->keys[child].deleted)
			mark_deleted(doc, child);
}

/* [-KEY]: the key and its subtree are gone, as regedit deletes them. Their
 * lines stay in the file as they are; a later [KEY] of the same name is a
 * key of its own. A deleted key stays among its parent's subkeys, marked
 * (taking it out would mean a walk along its siblings: a file deleting the
 * subkeys of a big key one by one would take quadratic time). */
static void delete_key(regfile_document *doc, const char *path)
{
	size_t id = regfile_document_find(doc, path);

	if (id == REGFILE_NONE || doc->keys[id].parent == REGFILE_NONE)
		return;   /* a root is never deleted: regedit stops at such a line */
	mark_deleted(doc, id);
}

static size_t line_number_of(size_t line)
{
	return line + 1;
}

/* Escaped as error messages are (error.h): the file's text reaches the
 * console through them. */
static void add_warning(load_state *state, size_t line, const char *kind, const char *why)
{
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "%s:%zu: %s%s", state->doc->path, line_number_of(line), kind, why);
	strlist_add_owned(&state->doc->warnings, text_escaped(text.data, false));
	strbuf_free(&text);
}

/* A line regedit skips: warned about and listed, so that a command that
 * writes the file back can refuse it (nothing the file says is lost). */
static void skip_line(load_state *state, size_t line, const char *why)
{
	strbuf where = STRBUF_INIT;

	add_warning(state, line, "skipped, as regedit skips it: ", why);
	strbuf_printf(&where, "%s:%zu", state->doc->path, line_number_of(line));
	strlist_add_owned(&state->doc->skipped, strbuf_detach(&where));
}

static void open_key(load_state *state, const char *path, size_t line)
{
	size_t id = find_or_create_key(state->doc, path, state->last_key, line);
	regfile_key *key = &state->doc->keys[id];

	if (key->key_line == REGFILE_NONE)
		key->key_line = line;
	key->section_end_line = line;
	state->doc->lines[line].key = (uint32_t)id;
	state->key = id;
	state->last_key = id;
	state->after_key_line = true;
}

/* A value line with no key open: regedit has nowhere to put it. */
static void skip_without_key(load_state *state, size_t line, const char *what, const char *name)
{
	strbuf why = STRBUF_INIT;

	strbuf_printf(&why, "%s \"%s\": there is no key to put it in (no [KEY] above it, or the "
	                    "one above was skipped or deleted)", what, name);
	skip_line(state, line, why.data);
	strbuf_free(&why);
}

/* A value read whole: kept unless regedit has no key to put it in. */
static void set_value(load_state *state, regfile_entry *entry, regfile_value_lines lines)
{
	if (state->key == REGFILE_NONE) {
		skip_without_key(state, lines.first, "value", entry->value.name);
		return;
	}
	add_value(state->doc, state->key, &entry->value, lines);
	memset(&entry->value, 0, sizeof entry->value);
}

static void unset_value(load_state *state, const regfile_entry *entry, size_t line)
{
	if (state->key == REGFILE_NONE) {
		skip_without_key(state, line, "deleting value", entry->value.name);
		return;
	}
	size_t position = regfile_document_find_value(state->doc, state->key, entry->value.name);
	if (position != REGFILE_NONE)
		remove_value(state->doc, state->key, position);
	state->doc->keys[state->key].section_end_line = line;
}

static void apply_entry(load_state *state, regfile_entry *entry, size_t line)
{
	regfile_value_lines lines = { line, line, false };

	switch (entry->kind) {
	case REGFILE_ENTRY_NOTHING:
		break;
	case REGFILE_ENTRY_KEY:
		open_key(state, entry->path, line);
		break;
	case REGFILE_ENTRY_DELETE_KEY:
		delete_key(state->doc, entry->path);
		state->key = REGFILE_NONE;
		break;
	case REGFILE_ENTRY_VALUE:
		regfile_entry_finish_value(entry, state->ansi_strings);
		set_value(state, entry, lines);
		break;
	case REGFILE_ENTRY_DELETE_VALUE:
		unset_value(state, entry, line);
		break;
	}
}

static void finish_continued(load_state *state)
{
	regfile_entry_finish_value(&state->continued, state->ansi_strings);
	set_value(state, &state->continued, state->continued_lines);
	regfile_entry_free(&state->continued);
	state->continuing = false;
}

/* A line after a "\" that continues hex data. Blank and comment lines
 * are passed over, as regedit passes over them; any other line that is not
 * hex data ends the value, and regedit drops both. */
static bool continuation_line(load_state *state, const char *start, size_t line,
                              error_message *err)
{
	error_message why;

	if (*start == '\0' || *start == ';')
		return true;
	regfile_parse_result result = regfile_parse_continuation(start, &state->continued, &why);
	if (state->continued.hex.length > REGFILE_MAX_VALUE_BYTES)
		return error_set(err, "%s:%zu: the value continued from line %zu is longer than %u "
		                      "bytes; expected a smaller value", state->doc->path,
		                 line_number_of(line), line_number_of(state->continued_lines.first),
		                 REGFILE_MAX_VALUE_BYTES);
	state->continued_lines.last = line;
	if (result == REGFILE_PARSE_CONTINUES)
		return true;
	if (result == REGFILE_PARSE_DONE) {
		finish_continued(state);
		return true;
	}
	strbuf text = STRBUF_INIT;
	strbuf_printf(&text, "%s; regedit drops value \"%s\" continued from line %zu with it",
	              why.text, state->continued.value.name,
	              line_number_of(state->continued_lines.first));
	skip_line(state, line, text.data);
	strbuf_free(&text);
	regfile_entry_free(&state->continued);
	state->continuing = false;
	return true;
}

/* A line that is not a descriptor and continues no value. */
static bool entry_line(load_state *state, const char *start, size_t line, error_message *err)
{
	regfile_entry entry;
	error_message why;
	regfile_parse_result result = regfile_parse_line(start, &entry, &why);
	bool ok = true;

	if (result == REGFILE_PARSE_DONE && state->doc->key_count >= REGFILE_MAX_KEYS &&
	    entry.kind == REGFILE_ENTRY_KEY) {
		ok = error_set(err, "%s:%zu: the file names more than %u keys; expected a registry "
		                    "export", state->doc->path, line_number_of(line), REGFILE_MAX_KEYS);
	} else if (result == REGFILE_PARSE_DONE) {
		apply_entry(state, &entry, line);
	} else if (result == REGFILE_PARSE_CONTINUES) {
		state->continuing = true;
		state->continued = entry;
		state->continued_lines = (regfile_value_lines){ line, line, false };
		memset(&entry, 0, sizeof entry);
	} else if (result == REGFILE_PARSE_SKIPPED) {
		skip_line(state, line, why.text);
		if (entry.kind == REGFILE_ENTRY_KEY || entry.kind == REGFILE_ENTRY_DELETE_KEY)
			state->key = REGFILE_NONE;
	} else {
		ok = error_set(err, "%s:%zu: %s", state->doc->path, line_number_of(line), why.text);
	}
	if (ok && entry.note != NULL)
		add_warning(state, line, "warning: ", entry.note);
	regfile_entry_free(&entry);
	return ok;
}

/* A descriptor text kept once however many keys have it (a hive's keys
 * share a handful): the index holds the number of the first key that had
 * it. */
static bool key_has_descriptor(size_t id, const void *context)
{
	const sought_text *sought = context;

	return strcmp(sought->doc->keys[id].file_sddl, sought->text) == 0;
}

static char *store_descriptor(regfile_document *doc, size_t key_id, const char *sddl)
{
	uint64_t hash = hashindex_hash_nocase(sddl, 0);
	sought_text sought = { doc, sddl, 0, NULL };
	size_t found = hashindex_find(&doc->descriptor_index, hash, key_has_descriptor, &sought);

	if (found != HASHINDEX_NONE)
		return doc->keys[found].file_sddl;
	hashindex_add(&doc->descriptor_index, hash, key_id);
	return store_string(doc, sddl, strlen(sddl));
}

static bool sddl_line(load_state *state, const char *text, size_t line, error_message *err)
{
	regfile_key *key = &state->doc->keys[state->key];
	const char *sddl = text + strlen(REGFILE_SDDL_PREFIX);
	size_t length = strlen(sddl);

	if (key->sddl_line != REGFILE_NONE) {
		char *path = regfile_document_path(state->doc, state->key);
		error_set(err, "%s:%zu: a second ;sddl= line for %s (the first is on line %zu); "
		               "expected one descriptor per key", state->doc->path,
		          state->reader.line_number, path, (size_t)key->sddl_line + 1);
		free(path);
		return false;
	}
	while (length > 0 && (sddl[length - 1] == ' ' || sddl[length - 1] == '\t'))
		length--;
	key->sddl_line = line;
	key->section_end_line = line;
	strbuf_clear(&state->descriptor);
	strbuf_add(&state->descriptor, sddl, length);
	key->file_sddl = key->sddl = store_descriptor(state->doc, state->key, state->descriptor.data);
	state->doc->lines[line].key = (uint32_t)state->key;
	return true;
}

/* Whether a line means a descriptor, however it is written: ";sddl=" in
 * any case, or the start of one where the file ends without a line break
 * (a copy cut short). */
static bool names_a_descriptor(const load_state *state, const char *start)
{
	return text_starts_with_nocase(start, REGFILE_SDDL_PREFIX) ||
	       (!state->reader.terminated && strlen(start) >= 2 &&
	        text_starts_with_nocase(REGFILE_SDDL_PREFIX, start));
}

/* A descriptor counts only as ";sddl=" at the start of the line directly
 * under its key's header, on a line that ends: anything else would be
 * read as "no descriptor" and change what a check or a fix decides. */
static bool descriptor_line(load_state *state, const char *text, const char *start,
                            bool after_key_line, size_t line, error_message *err)
{
	const char *why = NULL;

	if (!state->reader.terminated)
		why = "the file ends inside it (no line break): the file may be cut short";
	else if (start != text)
		why = "it is indented";
	else if (strncmp(text, REGFILE_SDDL_PREFIX, strlen(REGFILE_SDDL_PREFIX)) != 0)
		why = "it is not written ';sddl=' in lower case";
	else if (!after_key_line)
		why = "it is not directly under a key's header";
	if (why == NULL)
		return sddl_line(state, text, line, err);
	return error_set(err, "%s:%zu: '%.60s' is not a descriptor line ccmwrap can trust: %s; "
	                      "expected ';sddl=...' at the start of the line below [KEY]",
	                 state->doc->path, state->reader.line_number, start, why);
}

static bool body_line(load_state *state, const char *text, size_t line, error_message *err)
{
	bool after_key_line = state->after_key_line;
	const char *start = text;

	state->after_key_line = false;
	while (*start == ' ' || *start == '\t')
		start++;
	if (names_a_descriptor(state, start))
		return descriptor_line(state, text, start, after_key_line, line, err);
	if (state->continuing)
		return continuation_line(state, start, line, err);
	return entry_line(state, start, line, err);
}

static bool header_error(load_state *state, const char *header, error_message *err)
{
	const char *why = strcmp(header, "REGEDIT") == 0
	    ? "is a Windows 3.1 registration file, which holds HKEY_CLASSES_ROOT only"
	    : strncmp(header, "REGEDIT", strlen("REGEDIT")) == 0
	    ? "is a header regedit accepts but then imports nothing"
	    : "is not a .reg file header";

	return error_set(err, "%s:1: '%.60s' %s; expected '" REGFILE_HEADER_V5 "' or '"
	                      REGFILE_HEADER_V4 "'", state->doc->path, header, why);
}

/* The header as regedit compares it: blanks before it, nothing after. */
static bool first_line(load_state *state, const char *text, error_message *err)
{
	regfile_document *doc = state->doc;
	const char *header = text;

	while (*header == ' ' || *header == '\t')
		header++;
	if (strcmp(header, REGFILE_HEADER_V4) == 0) {
		if (state->reader.encoding == REGFILE_UTF8 && state->reader.bom_size == 0)
			state->reader.encoding = REGFILE_ANSI;
		state->ansi_strings = state->reader.encoding != REGFILE_UTF16LE;
	} else if (strcmp(header, REGFILE_HEADER_V5) != 0) {
		return header_error(state, header, err);
	}
	doc->encoding = state->reader.encoding;
	memcpy(doc->bom, state->reader.bom, state->reader.bom_size);
	doc->bom_size = state->reader.bom_size;
	return true;
}

static void remember_newline(regfile_document *doc, const regfile_reader *reader)
{
	if (doc->newline[0] != '\0' || !reader->terminated)
		return;
	size_t unit = reader->encoding == REGFILE_UTF16LE ? 2 : 1;
	const char *end = reader->raw.data + reader->raw.length;
	bool ends_cr = end[-(ptrdiff_t)unit] == '\r';
	bool crlf = !ends_cr && reader->raw.length >= 2 * unit && end[-2 * (ptrdiff_t)unit] == '\r';
	strcpy(doc->newline, crlf ? "\r\n" : ends_cr ? "\r" : "\n");
}

static bool load_lines(load_state *state, error_message *err)
{
	for (;;) {
		bool have_line;
		if (!regfile_reader_next(&state->reader, &have_line, err))
			return false;
		if (!have_line)
			break;
		if (state->doc->line_count >= REGFILE_MAX_LINES)
			return error_set(err, "%s:%zu: the file has more than %u lines; expected a registry "
			                      "export", state->doc->path, state->reader.line_number,
			                 REGFILE_MAX_LINES);
		size_t line = add_line(state->doc, &state->reader);
		remember_newline(state->doc, &state->reader);
		bool ok = line == 0 ? first_line(state, state->reader.text.data, err)
		                    : body_line(state, state->reader.text.data, line, err);
		if (!ok)
			return false;
	}
	if (state->doc->line_count == 0)
		return error_set(err, "%s:1: the file is empty; expected '" REGFILE_HEADER_V5 "'",
		                 state->doc->path);
	/* The file may end right after a "\": regedit sets what it has read. */
	if (state->continuing)
		finish_continued(state);
	return true;
}

bool regfile_document_load(regfile_document *doc, const char *path, error_message *err)
{
	load_state state = { .doc = doc, .key = REGFILE_NONE, .last_key = REGFILE_NONE };

	memset(doc, 0, sizeof *doc);
	doc->path = xstrdup(path);
	if (!regfile_reader_open(&state.reader, doc->path, err)) {
		regfile_document_free(doc);
		return false;
	}
	doc->stamp = state.reader.stamp;
	bool ok = load_lines(&state, err);
	regfile_reader_close(&state.reader);
	regfile_entry_free(&state.continued);
	strbuf_free(&state.descriptor);
	if (doc->newline[0] == '\0')
		strcpy(doc->newline, doc->encoding == REGFILE_UTF16LE ? "\r\n" : "\n");
	if (!ok)
		regfile_document_free(doc);
	return ok;
}

void regfile_document_set_sddl(regfile_document *doc, size_t key_id, const char *sddl)
{
	regfile_key *key = &doc->keys[key_id];
	bool same = sddl == NULL ? key->sddl == NULL : key->sddl != NULL && strcmp(key->sddl, sddl) == 0;

	if (same)
		return;
	if (key->sddl != key->file_sddl)
		free(key->sddl);
	if (sddl != NULL && key->file_sddl != NULL && strcmp(sddl, key->file_sddl) == 0)
		key->sddl = key->file_sddl;
	else
		key->sddl = sddl ? xstrdup(sddl) : NULL;
	doc->changed = true;
}

static bool same_value(const registry_value *a, const registry_value *b)
{
	return a->type == b->type && a->size == b->size &&
	       (a->size == 0 || memcmp(a->data, b->data, a->size) == 0);
}

void regfile_document_set_value(regfile_document *doc, const char *path,
                                const registry_value *value)
{
	size_t key_id = find_or_create_key(doc, path, REGFILE_NONE, REGFILE_NONE);
	regfile_key *key = &doc->keys[key_id];
	size_t position = regfile_document_find_value(doc, key_id, value->name);

	if (position != REGFILE_NONE && same_value(&key->values[position].value, value))
		return;
	unsigned char *data = store_bytes(doc, value->data, value->size);
	doc->changed = true;
	if (position == REGFILE_NONE) {
		registry_value copy = { store_name(doc, value->name), value->type,
		                        data, value->size };
		regfile_value_lines lines = { REGFILE_NONE, REGFILE_NONE, true };
		append_value(doc, key_id, &copy, lines);
		return;
	}
	/* The name keeps the spelling it has, as Windows keeps it. */
	registry_value *stored = &key->values[position].value;
	stored->data = data;
	stored->type = value->type;
	stored->size = value->size;
	key->values[position].lines.changed = true;
}

void regfile_document_free(regfile_document *doc)
{
	for (size_t i = 0; i < doc->key_count; i++) {
		regfile_key *key = &doc->keys[i];
		if (key->sddl != key->file_sddl)
			free(key->sddl);
	}
	blocks_free(doc->blocks);
	blocks_free(doc->records);
	free(doc->keys);
	free(doc->lines);
	free(doc->line_marks);
	hashindex_free(&doc->key_index);
	hashindex_free(&doc->value_index);
	hashindex_free(&doc->descriptor_index);
	strlist_free(&doc->warnings);
	strlist_free(&doc->skipped);
	free(doc->path);
	memset(doc, 0, sizeof *doc);
}
