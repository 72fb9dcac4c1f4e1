/* The registry file backend: a .reg file (regfile.h) behind the ops of
 * registry.h. Keys are looked up through a hash index; descriptors (as
 * SDDL text) and values set are kept in the document and written back by
 * commit. */
#include <stdlib.h>
#include <string.h>

#include "../config/regpath.h"
#include "regfile.h"
#include "registry.h"
#include "windows1252.h"

typedef struct file_registry {
	registry base;
	regfile_document doc;
	char *description;
} file_registry;

static regfile_document *document_of(registry *reg)
{
	return &((file_registry *)reg)->doc;
}

/* The key named by path (normalised here, so callers may pass the long
 * root name), or REGFILE_NONE with err set. */
static size_t lookup(registry *reg, const char *path, error_message *err)
{
	char *normalized;

	if (!regpath_normalize(path, &normalized, err))
		return REGFILE_NONE;
	size_t key = regfile_document_find(document_of(reg), normalized);
	free(normalized);
	if (key == REGFILE_NONE)
		error_set(err, "key %s does not exist in %s", path, reg->description);
	return key;
}

static bool file_key_exists(registry *reg, const char *key)
{
	return lookup(reg, key, NULL) != REGFILE_NONE;
}

static bool file_subkeys(registry *reg, const char *path, strlist *names, error_message *err)
{
	size_t key = lookup(reg, path, err);
	const regfile_document *doc = document_of(reg);

	if (key == REGFILE_NONE)
		return false;
	for (size_t child = doc->keys[key].first_child; child != REGFILE_NONE;
	     child = doc->keys[child].next_sibling)
		strlist_add(names, regpath_leaf(doc->keys[child].path));
	return true;
}

static bool file_values(registry *reg, const char *path, registry_value **values, size_t *count,
                        error_message *err)
{
	size_t key = lookup(reg, path, err);

	if (key == REGFILE_NONE)
		return false;
	const regfile_key *found = &document_of(reg)->keys[key];
	registry_value *copy = xcalloc(found->value_count, sizeof *copy);
	for (size_t i = 0; i < found->value_count; i++) {
		const registry_value *value = &found->values[i];
		copy[i].name = xstrdup(value->name);
		copy[i].type = value->type;
		copy[i].size = value->size;
		copy[i].data = xmalloc(value->size);
		if (value->size > 0)
			memcpy(copy[i].data, value->data, value->size);
	}
	*values = copy;
	*count = found->value_count;
	return true;
}

static bool file_get_security(registry *reg, const char *path, char **sddl, error_message *err)
{
	size_t key = lookup(reg, path, err);

	if (key == REGFILE_NONE)
		return false;
	const char *stored = document_of(reg)->keys[key].sddl;
	*sddl = stored ? xstrdup(stored) : NULL;
	return true;
}

static bool file_set_security(registry *reg, const char *path, const char *sddl,
                              error_message *err)
{
	size_t key = lookup(reg, path, err);

	if (key == REGFILE_NONE)
		return false;
	if (sddl != NULL && (sddl[0] == '\0' || strpbrk(sddl, "\r\n") != NULL))
		return error_set(err, "cannot store descriptor '%s' for %s: expected SDDL text on one "
		                      "line", sddl, path);
	regfile_document_set_sddl(document_of(reg), key, sddl);
	return true;
}

static bool spells_in_windows1252(const char *utf8)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(utf8, strlen(utf8), &size);
	bool spelled = true;

	for (size_t i = 0; spelled && i + 1 < size; i += 2) {
		unsigned char byte;
		spelled = windows1252_from_codepoint((uint32_t)wide[i] | (uint32_t)wide[i + 1] << 8, &byte);
	}
	free(wide);
	return spelled;
}

/* What the file could not hold as given is refused now rather than at
 * commit: a name with a line break; in a REGEDIT4 file, which is
 * Windows-1252 text, characters that code page lacks and the string types
 * regedit 4 keeps as ANSI bytes. */
static bool check_storable(const regfile_document *doc, const registry_value *value,
                           error_message *err)
{
	strbuf text = STRBUF_INIT;
	bool ok = regfile_format_value(&text, value, doc->newline, err);

	if (ok && doc->encoding == REGFILE_ANSI) {
		if (value->type == REGISTRY_EXPAND_SZ || value->type == REGISTRY_MULTI_SZ)
			ok = error_set(err, "a REGEDIT4 file keeps hex(%x) strings as ANSI bytes; expected "
			                    "a 'Windows Registry Editor Version 5.00' file for this value",
			               (unsigned)value->type);
		else if (!spells_in_windows1252(text.data))
			ok = error_set(err, "the value holds characters that a REGEDIT4 file (Windows-1252) "
			                    "cannot hold; expected a 'Windows Registry Editor Version 5.00' "
			                    "file");
	}
	strbuf_free(&text);
	return ok;
}

static bool file_set_value(registry *reg, const char *path, const registry_value *value,
                           error_message *err)
{
	regfile_document *doc = document_of(reg);
	char *normalized;

	if (!regpath_normalize(path, &normalized, err))
		return false;
	bool ok = check_storable(doc, value, err);
	if (ok)
		regfile_document_set_value(doc, normalized, value);
	else
		error_prefix(err, "cannot store value '%s' of %s in %s", value->name, path,
		             reg->description);
	free(normalized);
	return ok;
}

static bool file_commit(registry *reg, error_message *err)
{
	regfile_document *doc = document_of(reg);

	return !doc->changed || regfile_document_write(doc, err);
}

static void file_close(registry *reg)
{
	file_registry *file = (file_registry *)reg;

	regfile_document_free(&file->doc);
	free(file->description);
	free(file);
}

static const registry_ops file_ops = {
	.key_exists = file_key_exists,
	.subkeys = file_subkeys,
	.values = file_values,
	.get_security = file_get_security,
	.set_security = file_set_security,
	.set_value = file_set_value,
	.commit = file_commit,
	.close = file_close,
};

bool registry_open_file(const char *path, registry **out, error_message *err)
{
	file_registry *file = xcalloc(1, sizeof *file);

	if (!regfile_document_load(&file->doc, path, err)) {
		free(file);
		return false;
	}
	strbuf description = STRBUF_INIT;
	strbuf_printf(&description, "registry file %s", path);
	file->description = strbuf_detach(&description);
	file->base.ops = &file_ops;
	file->base.description = file->description;
	*out = &file->base;
	return true;
}
