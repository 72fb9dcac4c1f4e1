/* The registry file backend: a .reg file (regfile.h) behind the ops of
 * registry.h. Keys are looked up through a hash index; descriptors (as
 * SDDL text) and values set are kept in the document and written back by
 * commit. Another program may share the file (the test double of ccmsetup
 * records the client version in it): the file's identity when it was read
 * tells whether it changed since, so that a commit never overwrites what
 * another writer put there, and refresh reads it again. */
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/regpath.h"
#include "checks/registry/regfile.h"
#include "checks/registry/registry.h"
#include "config/base/windows1252.h"

typedef struct file_registry {
	registry base;
	regfile_document doc;
	char *description;
	regfile_stamp identity;   /* of the file as read or last written */
	/* The path looked up last and its key: a walk asks for a key's values
	 * and then its subkeys, and its next key is near it. Keys keep their
	 * numbers until a refresh. */
	strbuf last_path;
	size_t last_key;
} file_registry;

#define WOW64_NODE "HKLM\\SOFTWARE\\Wow6432Node"
#define SOFTWARE_KEY "HKLM\\SOFTWARE"


static regfile_document *document_of(registry *reg)
{
	return &((file_registry *)reg)->doc;
}

/* The key named by path (normalised here, so callers may pass the long
 * root name), or REGFILE_NONE with err set. */
static size_t lookup(registry *reg, const char *path, error_message *err)
{
	file_registry *file = (file_registry *)reg;
	char *normalized;

	if (file->last_path.data != NULL && strcmp(file->last_path.data, path) == 0)
		return file->last_key;
	if (!regpath_normalize(path, &normalized, err))
		return REGFILE_NONE;
	size_t key = regfile_document_find_near(document_of(reg), normalized,
	                                        file->last_path.data != NULL ? file->last_key
	                                                                     : REGFILE_NONE);
	free(normalized);
	if (key == REGFILE_NONE) {
		error_set(err, "key %s does not exist in %s", path, reg->description);
		return REGFILE_NONE;
	}
	strbuf_clear(&file->last_path);
	strbuf_add_string(&file->last_path, path);
	file->last_key = key;
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
		if (!doc->keys[child].deleted)
			strlist_add(names, doc->keys[child].name);
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
	size_t listed = 0;
	for (size_t i = 0; i < found->value_count; i++) {
		const registry_value *value = &found->values[i].value;
		if (found->values[i].removed)
			continue;
		copy[listed].name = xstrdup(value->name);
		copy[listed].type = value->type;
		copy[listed].size = value->size;
		copy[listed].data = xmalloc(value->size);
		if (value->size > 0)
			memcpy(copy[listed].data, value->data, value->size);
		listed++;
	}
	*values = copy;
	*count = listed;
	return true;
}

/* A 32-bit program's view of the file's registry: HKLM\SOFTWARE\X is
 * HKLM\SOFTWARE\Wow6432Node\X there, when the file is a 64-bit machine's.
 * A file without HKLM\SOFTWARE\Wow6432Node is a 32-bit machine's, whose
 * one view is both (caller frees). */
static char *view_path(registry *reg, const char *normalized, registry_view view)
{
	size_t software = strlen(SOFTWARE_KEY);

	if (view != REGISTRY_VIEW_32 || !regpath_is_within(normalized, SOFTWARE_KEY) ||
	    regpath_is_within(normalized, WOW64_NODE) ||
	    regfile_document_find(document_of(reg), WOW64_NODE) == REGFILE_NONE)
		return xstrdup(normalized);
	strbuf path = STRBUF_INIT;
	strbuf_printf(&path, WOW64_NODE "%s", normalized + software);
	return strbuf_detach(&path);
}

static bool file_get_value(registry *reg, const char *key, registry_view view, const char *name,
                           registry_value **value, bool *key_found, error_message *err)
{
	char *normalized;

	if (!regpath_normalize(key, &normalized, err))
		return false;
	char *path = view_path(reg, normalized, view);
	free(normalized);
	size_t found = regfile_document_find(document_of(reg), path);
	free(path);
	*key_found = found != REGFILE_NONE;
	if (!*key_found)
		return true;
	size_t position = regfile_document_find_value(document_of(reg), found, name);
	if (position == REGFILE_NONE)
		return true;
	const registry_value *match = &document_of(reg)->keys[found].values[position].value;
	registry_value *copy = xcalloc(1, sizeof *copy);
	copy->name = xstrdup(match->name);
	copy->type = match->type;
	copy->size = match->size;
	copy->data = xmalloc(match->size + 1);
	if (match->size > 0)
		memcpy(copy->data, match->data, match->size);
	*value = copy;
	return true;
}

/* Whether the file on disk is still the one read (or last written). */
static bool file_unchanged(file_registry *file, bool *unchanged, error_message *err)
{
	regfile_stamp now;

	if (!regfile_stamp_of(file->doc.path, &now, err))
		return false;
	*unchanged = regfile_stamp_equal(&now, &file->identity);
	return true;
}

/* The document read again; with expected, only when the file is still the
 * one expected describes. */
static bool reload(file_registry *file, const regfile_stamp *expected, error_message *err)
{
	regfile_document fresh;

	if (!regfile_document_load(&fresh, file->doc.path, err))
		return false;
	if (expected != NULL && !regfile_stamp_equal(&fresh.stamp, expected)) {
		regfile_document_free(&fresh);
		return error_set(err, "%s was changed by another program since ccmwrap wrote it; "
		                      "nothing changed, so that its change is not lost",
		                 file->base.description);
	}
	regfile_document_free(&file->doc);
	file->doc = fresh;
	file->identity = fresh.stamp;
	strbuf_free(&file->last_path);
	return true;
}

/* A commit replaced the file whose lines the document points into: the
 * file written is read again before the next change (docs/DESIGN.md
 * "Registry model and the registry file"). */
static bool current_for_change(file_registry *file, error_message *err)
{
	return !file->doc.source_replaced || reload(file, &file->identity, err);
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
	if (!current_for_change((file_registry *)reg, err))
		return false;
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
	if (!current_for_change((file_registry *)reg, err))
		return false;
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
	file_registry *file = (file_registry *)reg;
	bool unchanged;

	if (!file->doc.changed)
		return true;
	if (!registry_check_rewritable(reg, err))
		return false;
	if (!file_unchanged(file, &unchanged, err))
		return false;
	if (!unchanged)
		return error_set(err, "%s was changed by another program since ccmwrap read it; "
		                      "nothing written, so that its change is not lost", reg->description);
	return regfile_document_write(&file->doc, err) &&
	       regfile_stamp_of(file->doc.path, &file->identity, err);
}

static bool file_refresh(registry *reg, error_message *err)
{
	file_registry *file = (file_registry *)reg;
	bool unchanged;

	if (!file_unchanged(file, &unchanged, err))
		return false;
	if (unchanged)
		return true;
	if (file->doc.changed)
		return error_set(err, "%s was changed by another program while ccmwrap had changes "
		                      "not yet written", reg->description);
	return reload(file, NULL, err);
}

static char *file_identity_text(registry *reg)
{
	strbuf identity = STRBUF_INIT;

	strbuf_printf(&identity, "file:%s", document_of(reg)->path);
	return strbuf_detach(&identity);
}

static void file_notes(registry *reg, const strlist **warnings, const strlist **skipped)
{
	*warnings = &document_of(reg)->warnings;
	*skipped = &document_of(reg)->skipped;
}

static void file_close(registry *reg)
{
	file_registry *file = (file_registry *)reg;

	regfile_document_free(&file->doc);
	strbuf_free(&file->last_path);
	free(file->description);
	free(file);
}

static const registry_ops file_ops = {
	.key_exists = file_key_exists,
	.subkeys = file_subkeys,
	.values = file_values,
	.get_value = file_get_value,
	.get_security = file_get_security,
	.set_security = file_set_security,
	.set_value = file_set_value,
	.commit = file_commit,
	.refresh = file_refresh,
	.identity = file_identity_text,
	.notes = file_notes,
	.close = file_close,
	.writes_at_commit = true,
};

/* The file a link names, so that a commit replaces it and not the link. */
static char *real_path(const char *path)
{
	uv_fs_t req;
	char *real = uv_fs_realpath(NULL, &req, path, NULL) == 0 ? xstrdup(req.ptr) : xstrdup(path);

	uv_fs_req_cleanup(&req);
	return real;
}

bool registry_open_file(const char *path, registry **out, error_message *err)
{
	file_registry *file = xcalloc(1, sizeof *file);
	char *real = real_path(path);
	bool loaded = regfile_document_load(&file->doc, real, err);

	free(real);
	if (!loaded) {
		free(file);
		return false;
	}
	file->identity = file->doc.stamp;
	strbuf description = STRBUF_INIT;
	strbuf_printf(&description, "registry file %s", path);
	file->description = strbuf_detach(&description);
	file->base.ops = &file_ops;
	file->base.description = file->description;
	*out = &file->base;
	return true;
}
