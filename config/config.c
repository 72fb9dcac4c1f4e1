/* From the INI's lines (ini-reader.h) to the typed config: sections and
 * keys checked against the table of keys.h, values parsed, defaults
 * filled in, then the rules that span keys. Every problem is collected;
 * one bad line never hides the next. */
#include "config/config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/expand.h"
#include "config/base/filepath.h"
#include "config/ini-decode.h"
#include "config/ini-reader.h"
#include "config/keys.h"
#include "config/base/regpath.h"

/* What a section header of the file refers to. */
typedef struct section_target {
	bool usable;                /* false: bad or unknown header, its keys are skipped */
	configkey_section section;
	size_t signature;           /* CONFIGKEY_SIGNATURE: index in cfg->signatures */
} section_target;

/* Per key of the table: the line where it was first given (0 = not given)
 * and the line of an empty value meaning "none" for the lists that allow it. */
typedef struct key_lines {
	int *first;
	int *none;
} key_lines;

typedef struct loader {
	config *cfg;
	strlist *errors;
	size_t first_error;
	int section_line[CONFIGKEY_SECTION_COUNT];
	key_lines global;
	key_lines *signature;       /* one per cfg->signatures */
	int *acl_key_lines;         /* line of each cfg->acl.keys item, 0 = default */
	section_target *targets;
} loader;

static void loader_error(loader *ld, int line, const char *format, ...)
    PRINTF_LIKE(3, 4);

static void loader_error(loader *ld, int line, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	inireader_add_error_va(ld->errors, ld->cfg->file, line, format, args);
	va_end(args);
}

static key_lines key_lines_new(void)
{
	key_lines lines = {
		xcalloc(configkey_spec_count, sizeof(int)),
		xcalloc(configkey_spec_count, sizeof(int)),
	};
	return lines;
}

static void key_lines_free(key_lines *lines)
{
	free(lines->first);
	free(lines->none);
}

static size_t spec_index(const configkey_spec *spec)
{
	return (size_t)(spec - configkey_specs);
}

static bool is_signature_name(const char *name)
{
	if (*name == '\0')
		return false;
	for (const char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '_' && *p != '-')
			return false;
	return true;
}

static size_t find_or_add_signature(loader *ld, const char *name, int line)
{
	config *cfg = ld->cfg;

	for (size_t i = 0; i < cfg->signature_count; i++)
		if (text_equal_nocase(cfg->signatures[i].name, name))
			return i;
	cfg->signatures = xrealloc(cfg->signatures, (cfg->signature_count + 1) * sizeof *cfg->signatures);
	ld->signature = xrealloc(ld->signature, (cfg->signature_count + 1) * sizeof *ld->signature);
	config_signature *signature = &cfg->signatures[cfg->signature_count];
	memset(signature, 0, sizeof *signature);
	signature->name = xstrdup(name);
	signature->line = line;
	ld->signature[cfg->signature_count] = key_lines_new();
	return cfg->signature_count++;
}

static section_target classify_signature_header(loader *ld, const char *header, int line)
{
	section_target target = { .usable = false, .section = CONFIGKEY_SIGNATURE };
	const char *name = header + strlen("signature");

	while (isspace((unsigned char)*name))
		name++;
	if (!is_signature_name(name)) {
		loader_error(ld, line, "[%s] needs a name of letters, digits, '.', '_' or '-'; "
		                       "expected [signature NAME]", header);
		return target;
	}
	target.usable = true;
	target.signature = find_or_add_signature(ld, name, line);
	return target;
}

static section_target classify_header(loader *ld, const inireader_section *header)
{
	section_target target = { .usable = false };

	if (header->name == NULL)
		return target;
	for (int s = 0; s < CONFIGKEY_SIGNATURE; s++) {
		if (text_equal_nocase(header->name, configkey_section_name((configkey_section)s))) {
			target.usable = true;
			target.section = (configkey_section)s;
			if (ld->section_line[s] == 0)
				ld->section_line[s] = header->line;
			return target;
		}
	}
	if (text_starts_with_nocase(header->name, "signature")) {
		const char *rest = header->name + strlen("signature");
		if (*rest == '\0' || isspace((unsigned char)*rest))
			return classify_signature_header(ld, header->name, header->line);
	}
	loader_error(ld, header->line, "unknown section [%s]; expected [ccmsetup], [logs], [acl], "
	                               "[retry], [report] or [signature NAME]", header->name);
	return target;
}

/* "[ccmsetup]" or "[signature NAME]" for messages. */
static void describe_section(const loader *ld, const section_target *target, char *out, size_t size)
{
	if (target->section == CONFIGKEY_SIGNATURE)
		snprintf(out, size, "[signature %s]", ld->cfg->signatures[target->signature].name);
	else
		snprintf(out, size, "[%s]", configkey_section_name(target->section));
}

static void read_entry(loader *ld, const inireader_entry *entry)
{
	char where[256];

	if (entry->section == INIREADER_NO_SECTION) {
		loader_error(ld, entry->line, "key '%s' is outside any section; expected a [section] "
		                              "header above it", entry->name);
		return;
	}
	const section_target *target = &ld->targets[entry->section];
	if (!target->usable)
		return;
	describe_section(ld, target, where, sizeof where);
	const configkey_spec *spec = configkey_find(target->section, entry->name);
	if (spec == NULL) {
		char *names = configkey_names_of(target->section);
		loader_error(ld, entry->line, "unknown key '%s' in %s; expected one of %s", entry->name,
		             where, names);
		free(names);
		return;
	}
	bool in_signature = target->section == CONFIGKEY_SIGNATURE;
	key_lines *lines = in_signature ? &ld->signature[target->signature] : &ld->global;
	void *base = in_signature ? (void *)&ld->cfg->signatures[target->signature] : (void *)ld->cfg;
	size_t index = spec_index(spec);
	if (lines->first[index] != 0 && !configkey_is_list(spec)) {
		loader_error(ld, entry->line, "key '%s' in %s is repeated (first at line %d); expected "
		                              "it once", spec->name, where, lines->first[index]);
		return;
	}
	if (lines->first[index] == 0)
		lines->first[index] = entry->line;
	if (entry->value[0] == '\0' && configkey_empty_means_none(spec) && lines->none[index] == 0)
		lines->none[index] = entry->line;
	error_message err;
	size_t count_before = ld->cfg->acl.keys.count;
	if (!configkey_parse(spec, base, entry->value, true, ld->cfg->directory, &err)) {
		loader_error(ld, entry->line, "%s: %s", spec->name, err.text);
		return;
	}
	if (ld->cfg->acl.keys.count > count_before) {
		ld->acl_key_lines = xrealloc(ld->acl_key_lines, ld->cfg->acl.keys.count * sizeof(int));
		ld->acl_key_lines[count_before] = entry->line;
	}
}

/* The variables a default may start with that Linux lacks: there the
 * file goes to the INI's folder instead. */
static const char *const windows_only_variables[] = { "%windir%", "%ProgramData%" };

/* A default that starts with such a variable where it is undefined: the
 * INI's folder and the default's file name (caller frees), else NULL. */
static char *windir_fallback(const loader *ld, const char *value)
{
	for (size_t i = 0; i < sizeof windows_only_variables / sizeof windows_only_variables[0]; i++) {
		const char *variable = windows_only_variables[i];
		size_t length = strlen(variable);
		if (!text_starts_with_nocase(value, variable))
			continue;
		char *name = xstrndup(variable + 1, length - 2);
		char *defined = expand_getenv(name);
		free(name);
		if (defined != NULL) {
			free(defined);
			return NULL;
		}
		const char *rest = value + length;
		return filepath_resolve(ld->cfg->directory, *rest ? filepath_base_name(rest) : "");
	}
	return NULL;
}

char *config_state_dir(const config *cfg)
{
	char *program_data = expand_getenv("ProgramData");
	char *folder;

	if (program_data == NULL)
		return xstrdup(cfg->directory);
	char *base = filepath_resolve(cfg->directory, program_data);
	folder = filepath_resolve(base, "ccmwrap");
	free(base);
	free(program_data);
	return folder;
}

char *config_windir(const config *cfg)
{
	char *windir = expand_getenv("windir");
	char *folder = filepath_resolve(cfg->directory, windir != NULL ? windir : ".");

	free(windir);
	return folder;
}

static void apply_defaults(loader *ld, const configkey_spec *spec, void *base, int line,
                           const char *where)
{
	for (const char *const *value = spec->defaults; *value != NULL; value++) {
		error_message err;
		char *fallback = windir_fallback(ld, *value);
		bool ok = fallback != NULL
		              ? configkey_parse(spec, base, fallback, false, ld->cfg->directory, &err)
		              : configkey_parse(spec, base, *value, true, ld->cfg->directory, &err);
		free(fallback);
		if (!ok)
			loader_error(ld, line, "the default of %s %s: %s", where, spec->name, err.text);
	}
	if (spec == configkey_find(CONFIGKEY_ACL, "key"))
		ld->acl_key_lines = xcalloc(ld->cfg->acl.keys.count, sizeof(int));
}

static const strlist *list_at(const void *base, const configkey_spec *spec)
{
	return (const strlist *)(const void *)((const char *)base + spec->offset);
}

/* Required keys, defaults, and an empty list value given with others. */
static void complete_section(loader *ld, configkey_section section, void *base,
                             const key_lines *lines, int header_line, const char *where)
{
	for (size_t i = 0; i < configkey_spec_count; i++) {
		const configkey_spec *spec = &configkey_specs[i];
		if (spec->section != section)
			continue;
		if (lines->none[i] != 0 && list_at(base, spec)->count > 0)
			loader_error(ld, lines->none[i], "%s is empty, meaning none, but other %s lines give "
			             "values; expected either one empty %s line or only lines with values",
			             spec->name, spec->name, spec->name);
		if (lines->first[i] != 0)
			continue;
		if (spec->required)
			loader_error(ld, header_line, "%s has no %s; expected a '%s = ...' line", where,
			             spec->name, spec->name);
		else if (spec->defaults != NULL)
			apply_defaults(ld, spec, base, header_line, where);
	}
}

static bool is_builtin_trustee(const char *sid)
{
	return strcmp(sid, "S-1-5-18") == 0 || strcmp(sid, "S-1-5-32-544") == 0;
}

static void check_trustee(loader *ld)
{
	config *cfg = ld->cfg;
	int line = ld->global.first[spec_index(configkey_find(CONFIGKEY_ACL, "trustee"))];

	if (cfg->acl.trustee[0] == '\0')
		return;  /* its value was wrong, and said so */
	if (!is_builtin_trustee(cfg->acl.trustee) && !cfg->acl.allow_other_trustee)
		loader_error(ld, line, "trustee %s is neither SY (S-1-5-18) nor BA (S-1-5-32-544); "
		                       "expected allow_other_trustee = yes to use another trustee",
		             cfg->acl.trustee);
	for (size_t i = 0; i < cfg->acl.token.count; i++)
		if (strcmp(cfg->acl.token.items[i], cfg->acl.trustee) == 0)
			return;
	strlist_add(&cfg->acl.token, cfg->acl.trustee);
}

static void check_keys_in_scope(loader *ld)
{
	config *cfg = ld->cfg;
	int scope_line = ld->global.first[spec_index(configkey_find(CONFIGKEY_ACL, "scope"))];

	for (size_t i = 0; cfg->acl.scope != NULL && i < cfg->acl.keys.count; i++) {
		const char *key = cfg->acl.keys.items[i];
		if (regpath_is_within(key, cfg->acl.scope))
			continue;
		if (ld->acl_key_lines[i] != 0)
			loader_error(ld, ld->acl_key_lines[i], "key %s is outside scope %s; expected a key "
			             "within the scope, or a wider scope", key, cfg->acl.scope);
		else
			loader_error(ld, scope_line, "scope %s does not contain the default key %s; expected "
			             "key = lines within the scope, or a scope that contains it",
			             cfg->acl.scope, key);
	}
}

static void read_document(loader *ld, const inireader_document *doc)
{
	char where[256];

	ld->targets = xcalloc(doc->section_count, sizeof *ld->targets);
	for (size_t i = 0; i < doc->section_count; i++)
		ld->targets[i] = classify_header(ld, &doc->sections[i]);
	for (size_t i = 0; i < doc->entry_count; i++)
		read_entry(ld, &doc->entries[i]);
	for (int s = 0; s < CONFIGKEY_SIGNATURE; s++) {
		snprintf(where, sizeof where, "[%s]", configkey_section_name((configkey_section)s));
		complete_section(ld, (configkey_section)s, ld->cfg, &ld->global, ld->section_line[s], where);
	}
	for (size_t i = 0; i < ld->cfg->signature_count; i++) {
		config_signature *signature = &ld->cfg->signatures[i];
		snprintf(where, sizeof where, "[signature %s]", signature->name);
		complete_section(ld, CONFIGKEY_SIGNATURE, signature, &ld->signature[i], signature->line, where);
	}
	check_trustee(ld);
	check_keys_in_scope(ld);
}

static long message_line(const char *message, size_t prefix_length)
{
	return strtol(message + prefix_length, NULL, 10);
}

/* Messages come from several passes (lines, sections, keys, rules across
 * keys); the reader of a long list wants them in file order. Stable, so
 * two messages of one line keep the order they were found in. */
static void sort_errors_by_line(strlist *errors, size_t first, const char *file_name)
{
	size_t prefix_length = strlen(file_name) + 1;

	for (size_t i = first + 1; i < errors->count; i++) {
		char *moving = errors->items[i];
		long line = message_line(moving, prefix_length);
		size_t j = i;
		for (; j > first && message_line(errors->items[j - 1], prefix_length) > line; j--)
			errors->items[j] = errors->items[j - 1];
		errors->items[j] = moving;
	}
}

static void loader_free(loader *ld)
{
	key_lines_free(&ld->global);
	for (size_t i = 0; i < ld->cfg->signature_count; i++)
		key_lines_free(&ld->signature[i]);
	free(ld->signature);
	free(ld->acl_key_lines);
	free(ld->targets);
}

bool config_load_bytes(const char *file_name, const char *folder, const void *bytes, size_t size,
                       config *cfg, strlist *errors)
{
	loader ld = { .cfg = cfg, .errors = errors, .first_error = errors->count };
	inireader_document doc;
	error_message err;
	char *text;
	size_t length;

	memset(cfg, 0, sizeof *cfg);
	cfg->file = xstrdup(file_name);
	cfg->directory = xstrdup(folder);
	if (!inidecode_to_utf8(bytes, size, &text, &length, &err)) {
		loader_error(&ld, 0, "%s", err.text);
		config_free(cfg);
		return false;
	}
	ld.global = key_lines_new();
	inireader_parse(file_name, text, length, &doc, errors);
	read_document(&ld, &doc);
	inireader_document_free(&doc);
	free(text);
	loader_free(&ld);
	if (errors->count == ld.first_error)
		return true;
	sort_errors_by_line(errors, ld.first_error, file_name);
	config_free(cfg);
	return false;
}

/* By the key table, so that a new key's field is freed without a second
 * list to keep in step. */
static void free_key_fields(void *base, bool of_signature)
{
	for (size_t i = 0; i < configkey_spec_count; i++)
		if ((configkey_specs[i].section == CONFIGKEY_SIGNATURE) == of_signature)
			configkey_free(&configkey_specs[i], base);
}

void config_free(config *cfg)
{
	free_key_fields(cfg, false);
	for (size_t i = 0; i < cfg->signature_count; i++) {
		free_key_fields(&cfg->signatures[i], true);
		free(cfg->signatures[i].name);
	}
	free(cfg->signatures);
	free(cfg->file);
	free(cfg->directory);
	memset(cfg, 0, sizeof *cfg);
}
