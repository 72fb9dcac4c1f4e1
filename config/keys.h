/* Every section and key of the INI (docs/DESIGN.md "INI") as one table: its
 * type, where it lives in the config struct, its default, and how it is
 * parsed and printed. Loading, defaults and config_format all read this
 * table, so a key is described once. */
#ifndef CCMWRAP_KEYS_H
#define CCMWRAP_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"

typedef enum configkey_section {
	CONFIGKEY_CCMSETUP,
	CONFIGKEY_LOGS,
	CONFIGKEY_ACL,
	CONFIGKEY_RETRY,
	CONFIGKEY_REPORT,
	CONFIGKEY_SIGNATURE,    /* [signature NAME]; fields of config_signature */
	CONFIGKEY_SECTION_COUNT
} configkey_section;

typedef enum configkey_kind {
	CONFIGKEY_FILE_PATH,     /* char *: %VAR% expanded, resolved against the INI's folder */
	CONFIGKEY_LOG_PATH,      /* char *: "auto" = NULL, else as CONFIGKEY_FILE_PATH */
	CONFIGKEY_TEXT,          /* char *: %VAR% expanded, may be empty */
	CONFIGKEY_FILE_NAME,     /* char *: %VAR% expanded, no folder; empty = NULL */
	CONFIGKEY_VERSION,       /* char *: dotted numbers; empty = NULL */
	CONFIGKEY_NAME,          /* char *: literal, not empty */
	CONFIGKEY_REGPATH,       /* char *: normalised registry key */
	CONFIGKEY_REGPATH_LIST,  /* strlist: registry keys; an empty value = none */
	CONFIGKEY_TERM_LIST,     /* strlist: literal terms; an empty value = none */
	CONFIGKEY_ARGUMENT_LIST, /* strlist: %VAR% expanded, not empty */
	CONFIGKEY_DURATION,      /* uint64_t milliseconds */
	CONFIGKEY_SIZE,          /* uint64_t bytes */
	CONFIGKEY_PERCENT,       /* unsigned */
	CONFIGKEY_COUNT,         /* unsigned, minimum to maximum */
	CONFIGKEY_DECIMAL,       /* double, minimum to maximum */
	CONFIGKEY_BOOL,          /* bool */
	CONFIGKEY_ENUM,          /* one of the config_* enums, by names */
	CONFIGKEY_SID,           /* char[SID_TEXT_MAX], S-1-... */
	CONFIGKEY_SID_LIST,      /* strlist from one comma-separated value */
	CONFIGKEY_RIGHTS,        /* uint32_t access mask */
	CONFIGKEY_CODE,          /* config_signature's has_code + code */
} configkey_kind;

/* The value of a CONFIGKEY_LOG_PATH that leaves the path to the run. */
#define CONFIGKEY_AUTO "auto"

typedef struct configkey_spec {
	configkey_section section;
	const char *name;
	configkey_kind kind;
	size_t offset;                 /* in config, or in config_signature */
	bool required;
	const char *const *defaults;   /* NULL-terminated; NULL = no default */
	const char *const *names;      /* CONFIGKEY_ENUM: the name of each value */
	unsigned minimum;              /* CONFIGKEY_COUNT, CONFIGKEY_DECIMAL */
	unsigned maximum;
} configkey_spec;

extern const configkey_spec configkey_specs[];
extern const size_t configkey_spec_count;

const char *configkey_section_name(configkey_section section);
/* The key called name (any case) in section, or NULL. */
const configkey_spec *configkey_find(configkey_section section, const char *name);
/* "path, arg, mode, ..." for messages (caller frees). */
char *configkey_names_of(configkey_section section);
bool configkey_is_list(const configkey_spec *spec);
/* For the list kinds where an empty value means "none". */
bool configkey_empty_means_none(const configkey_spec *spec);

/* Parses one value into the field of spec at base (a config, or a
 * config_signature for CONFIGKEY_SIGNATURE); a list kind appends. expand
 * is false for a value that is already expanded (a default built from the
 * INI's folder); folder is the base of relative paths. */
bool configkey_parse(const configkey_spec *spec, void *base, const char *value, bool expand,
                     const char *folder, error_message *err);
/* Appends the field's "name = value" lines. */
void configkey_format(const configkey_spec *spec, const void *base, strbuf *out);
/* Frees what the field owns (a string or a list) and empties it. */
void configkey_free(const configkey_spec *spec, void *base);

#endif
