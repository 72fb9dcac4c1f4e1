/* How each kind of key is parsed into its field and printed back
 * (keys.h). A printed value must read back to the same value, so every
 * text that an INI line could not hold is refused when it is loaded. */
#include "config/keys.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "config/expand.h"
#include "config/base/filepath.h"
#include "config/base/regpath.h"
#include "config/base/sid.h"
#include "config/values.h"

_Static_assert(sizeof(config_ccmsetup_mode) == sizeof(int), "enum fields are stored as int");
_Static_assert(sizeof(config_preflight) == sizeof(int), "enum fields are stored as int");
_Static_assert(sizeof(config_remove_deny) == sizeof(int), "enum fields are stored as int");
_Static_assert(sizeof(config_signature_source) == sizeof(int), "enum fields are stored as int");
_Static_assert(sizeof(config_signature_action) == sizeof(int), "enum fields are stored as int");

#define AT(base, spec, type) ((type *)(void *)((char *)(base) + (spec)->offset))
#define AT_CONST(base, spec, type) ((const type *)(const void *)((const char *)(base) + (spec)->offset))

/* Refuses what `name = value` could not carry back through libinih: white
 * space at either end, a leading ';' or a ';' after white space (a
 * comment), control characters. Such text can only come from a %VAR% or
 * the INI's folder. */
static bool check_writable(const char *value, error_message *err)
{
	size_t length = strlen(value);

	if (length > 0 && (isspace((unsigned char)value[0]) || isspace((unsigned char)value[length - 1])))
		return error_set(err, "'%s' starts or ends with white space, which an INI line cannot "
		                      "keep; expected a value without it", value);
	if (value[0] == ';')
		return error_set(err, "'%s' starts with ';', which an INI line reads as a comment; "
		                      "expected a value not starting with ';'", value);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			return error_set(err, "'%s' contains a control character; expected printable text", value);
		if (isspace(*p) && p[1] == ';')
			return error_set(err, "'%s' contains ';' after white space, which an INI line reads "
			                      "as a comment; expected no ' ;' in the value", value);
	}
	return true;
}

static bool expand_if(const char *value, bool expand, char **out, error_message *err)
{
	if (!expand) {
		*out = xstrdup(value);
		return true;
	}
	return expand_variables(value, out, err);
}

/* Stores text (taken) into a char * field after the writability check. */
static bool store_text(char **field, char *text, error_message *err)
{
	if (!check_writable(text, err)) {
		free(text);
		return false;
	}
	free(*field);
	*field = text;
	return true;
}

static bool parse_file_path(char **field, const char *value, bool expand, const char *folder,
                            error_message *err)
{
	char *expanded;

	if (!expand_if(value, expand, &expanded, err))
		return false;
	if (*expanded == '\0') {
		free(expanded);
		return error_set(err, "the path is empty; expected a file path");
	}
	char *resolved = filepath_resolve(folder, expanded);
	free(expanded);
	return store_text(field, resolved, err);
}

/* "auto" (any case) leaves the path to be found at run time: NULL. */
static bool parse_log_path(char **field, const char *value, bool expand, const char *folder,
                           error_message *err)
{
	if (text_equal_nocase(value, CONFIGKEY_AUTO)) {
		free(*field);
		*field = NULL;
		return true;
	}
	return parse_file_path(field, value, expand, folder, err);
}

static bool parse_file_name(char **field, const char *value, bool expand, error_message *err)
{
	char *expanded;

	if (!expand_if(value, expand, &expanded, err))
		return false;
	if (*expanded == '\0') {
		free(expanded);
		free(*field);
		*field = NULL;
		return true;
	}
	if (strpbrk(expanded, "\\/:") != NULL) {
		error_set(err, "'%s' is a path; expected a file name only (the folder is mif_dir)", expanded);
		free(expanded);
		return false;
	}
	return store_text(field, expanded, err);
}

static bool parse_version(char **field, const char *value, error_message *err)
{
	if (*value == '\0') {
		free(*field);
		*field = NULL;
		return true;
	}
	if (!configvalue_check_version(value, err))
		return false;
	return store_text(field, xstrdup(value), err);
}

static bool parse_regpath(char **out, const char *value, error_message *err)
{
	char *normalized;

	if (!regpath_normalize(value, &normalized, err))
		return false;
	if (!check_writable(normalized, err)) {
		free(normalized);
		return false;
	}
	*out = normalized;
	return true;
}

static bool parse_list_item(const configkey_spec *spec, strlist *list, const char *value,
                            bool expand, error_message *err)
{
	char *item = NULL;

	if (*value == '\0' && configkey_empty_means_none(spec))
		return true;
	if (*value == '\0')
		return error_set(err, "the argument is empty; expected a value, or no %s line", spec->name);
	if (spec->kind == CONFIGKEY_REGPATH_LIST) {
		if (!parse_regpath(&item, value, err))
			return false;
	} else if (spec->kind == CONFIGKEY_ARGUMENT_LIST) {
		if (!expand_if(value, expand, &item, err))
			return false;
		if (!check_writable(item, err)) {
			free(item);
			return false;
		}
	} else {
		if (!check_writable(value, err))
			return false;
		item = xstrdup(value);
	}
	strlist_add_owned(list, item);
	return true;
}

static bool list_contains(const strlist *list, const char *item)
{
	for (size_t i = 0; i < list->count; i++)
		if (text_equal_nocase(list->items[i], item))
			return true;
	return false;
}

/* "S-1-5-18, BA, ..." into distinct S-1-... strings; empty = none. */
static bool parse_sid_list(strlist *field, const char *value, error_message *err)
{
	strlist sids = STRLIST_INIT;
	char *copy = xstrdup(value);
	bool ok = true;
	bool empty = *text_trim(copy) == '\0';

	for (char *item = copy; !empty && ok;) {
		char *comma = strchr(item, ',');
		char sid[SID_TEXT_MAX];
		if (comma != NULL)
			*comma = '\0';
		if (*text_trim(item) == '\0')
			ok = error_set(err, "'%s' has an empty entry; expected SIDs separated by commas", value);
		else if (!sid_parse(item, sid, sizeof sid, err))
			ok = false;
		else if (!list_contains(&sids, sid))
			strlist_add(&sids, sid);
		if (comma == NULL)
			break;
		item = comma + 1;
	}
	free(copy);
	if (!ok) {
		strlist_free(&sids);
		return false;
	}
	strlist_free(field);
	*field = sids;
	return true;
}

static bool parse_number_kind(const configkey_spec *spec, void *base, const char *value,
                              error_message *err)
{
	switch (spec->kind) {
	case CONFIGKEY_DURATION:
		return configvalue_parse_duration(value, AT(base, spec, uint64_t), err);
	case CONFIGKEY_SIZE:
		return configvalue_parse_size(value, AT(base, spec, uint64_t), err);
	case CONFIGKEY_PERCENT:
		return configvalue_parse_percent(value, AT(base, spec, unsigned), err);
	case CONFIGKEY_COUNT:
		return configvalue_parse_count(value, spec->minimum, spec->maximum, AT(base, spec, unsigned), err);
	case CONFIGKEY_DECIMAL:
		return configvalue_parse_decimal(value, spec->minimum, spec->maximum, AT(base, spec, double), err);
	case CONFIGKEY_BOOL:
		return configvalue_parse_bool(value, AT(base, spec, bool), err);
	case CONFIGKEY_RIGHTS:
		return configvalue_parse_rights(value, AT(base, spec, uint32_t), err);
	case CONFIGKEY_CODE: {
		config_signature *signature = base;
		signature->has_code = configvalue_parse_code(value, &signature->code, err);
		return signature->has_code;
	}
	default: {
		int index;
		if (!configvalue_parse_enum(value, spec->names, &index, err))
			return false;
		memcpy(AT(base, spec, int), &index, sizeof index);
		return true;
	}
	}
}

bool configkey_parse(const configkey_spec *spec, void *base, const char *value, bool expand,
                     const char *folder, error_message *err)
{
	switch (spec->kind) {
	case CONFIGKEY_FILE_PATH:
		return parse_file_path(AT(base, spec, char *), value, expand, folder, err);
	case CONFIGKEY_LOG_PATH:
		return parse_log_path(AT(base, spec, char *), value, expand, folder, err);
	case CONFIGKEY_TEXT: {
		char *expanded;
		return expand_if(value, expand, &expanded, err) &&
		       store_text(AT(base, spec, char *), expanded, err);
	}
	case CONFIGKEY_FILE_NAME:
		return parse_file_name(AT(base, spec, char *), value, expand, err);
	case CONFIGKEY_VERSION:
		return parse_version(AT(base, spec, char *), value, err);
	case CONFIGKEY_NAME:
		if (*value == '\0')
			return error_set(err, "the value is empty; expected text");
		return store_text(AT(base, spec, char *), xstrdup(value), err);
	case CONFIGKEY_REGPATH: {
		char *normalized;
		if (!parse_regpath(&normalized, value, err))
			return false;
		free(*AT(base, spec, char *));
		*AT(base, spec, char *) = normalized;
		return true;
	}
	case CONFIGKEY_REGPATH_LIST:
	case CONFIGKEY_TERM_LIST:
	case CONFIGKEY_ARGUMENT_LIST:
		return parse_list_item(spec, AT(base, spec, strlist), value, expand, err);
	case CONFIGKEY_SID:
		return sid_parse(value, AT(base, spec, char), SID_TEXT_MAX, err);
	case CONFIGKEY_SID_LIST:
		return parse_sid_list(AT(base, spec, strlist), value, err);
	default:
		return parse_number_kind(spec, base, value, err);
	}
}

static bool is_expanded_kind(configkey_kind kind)
{
	return kind == CONFIGKEY_FILE_PATH || kind == CONFIGKEY_LOG_PATH || kind == CONFIGKEY_TEXT ||
	       kind == CONFIGKEY_FILE_NAME || kind == CONFIGKEY_ARGUMENT_LIST;
}

static void format_text_line(const configkey_spec *spec, const char *text, strbuf *out)
{
	strbuf_printf(out, "%s =%s", spec->name, text != NULL && *text ? " " : "");
	if (text != NULL && is_expanded_kind(spec->kind))
		expand_add_escaped(out, text);
	else if (text != NULL)
		strbuf_add_string(out, text);
	strbuf_add_char(out, '\n');
}

static void format_list(const configkey_spec *spec, const strlist *list, strbuf *out)
{
	if (list->count == 0 && configkey_empty_means_none(spec))
		format_text_line(spec, "", out);
	for (size_t i = 0; i < list->count; i++)
		format_text_line(spec, list->items[i], out);
}

static void format_value(const configkey_spec *spec, const void *base, strbuf *out)
{
	switch (spec->kind) {
	case CONFIGKEY_DURATION:
		configvalue_format_duration(out, *AT_CONST(base, spec, uint64_t));
		break;
	case CONFIGKEY_SIZE:
		configvalue_format_size(out, *AT_CONST(base, spec, uint64_t));
		break;
	case CONFIGKEY_PERCENT:
		strbuf_printf(out, "%u%%", *AT_CONST(base, spec, unsigned));
		break;
	case CONFIGKEY_COUNT:
		strbuf_printf(out, "%u", *AT_CONST(base, spec, unsigned));
		break;
	case CONFIGKEY_DECIMAL:
		configvalue_format_decimal(out, *AT_CONST(base, spec, double));
		break;
	case CONFIGKEY_BOOL:
		strbuf_add_string(out, *AT_CONST(base, spec, bool) ? "yes" : "no");
		break;
	case CONFIGKEY_RIGHTS:
		configvalue_format_rights(out, *AT_CONST(base, spec, uint32_t));
		break;
	case CONFIGKEY_CODE:
		configvalue_format_code(out, ((const config_signature *)base)->code);
		break;
	case CONFIGKEY_SID:
		strbuf_add_string(out, AT_CONST(base, spec, char));
		break;
	case CONFIGKEY_SID_LIST: {
		const strlist *sids = AT_CONST(base, spec, strlist);
		for (size_t i = 0; i < sids->count; i++)
			strbuf_printf(out, "%s%s", i > 0 ? ", " : "", sids->items[i]);
		break;
	}
	default: {
		int index;
		memcpy(&index, AT_CONST(base, spec, int), sizeof index);
		strbuf_add_string(out, spec->names[index]);
		break;
	}
	}
}

/* The kinds whose field is a char *. */
static bool is_string_kind(configkey_kind kind)
{
	return kind == CONFIGKEY_FILE_PATH || kind == CONFIGKEY_LOG_PATH || kind == CONFIGKEY_TEXT ||
	       kind == CONFIGKEY_FILE_NAME || kind == CONFIGKEY_VERSION || kind == CONFIGKEY_NAME ||
	       kind == CONFIGKEY_REGPATH;
}

void configkey_format(const configkey_spec *spec, const void *base, strbuf *out)
{
	if (spec->kind == CONFIGKEY_LOG_PATH && *AT_CONST(base, spec, char *const) == NULL) {
		strbuf_printf(out, "%s = " CONFIGKEY_AUTO "\n", spec->name);
		return;
	}
	if (is_string_kind(spec->kind)) {
		format_text_line(spec, *AT_CONST(base, spec, char *const), out);
		return;
	}
	if (configkey_is_list(spec)) {
		format_list(spec, AT_CONST(base, spec, strlist), out);
		return;
	}
	if (spec->kind == CONFIGKEY_CODE && !((const config_signature *)base)->has_code)
		return;
	strbuf_printf(out, "%s = ", spec->name);
	format_value(spec, base, out);
	strbuf_add_char(out, '\n');
}

void configkey_free(const configkey_spec *spec, void *base)
{
	if (is_string_kind(spec->kind)) {
		free(*AT(base, spec, char *));
		*AT(base, spec, char *) = NULL;
	} else if (configkey_is_list(spec) || spec->kind == CONFIGKEY_SID_LIST) {
		strlist_free(AT(base, spec, strlist));
	}
}
