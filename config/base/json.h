/* ccmwrap's JSON (RFC 8259), read and written in one place. The reader is
 * small and strict, for ccmwrap's own files: the result files that
 * `report` reads back and the lines of the fix journal; anything outside
 * the grammar is an error naming the line, never a guess. The writer
 * makes every JSON ccmwrap prints or stores (docs/DESIGN.md "Reporting"). */
#ifndef CCMWRAP_JSON_H
#define CCMWRAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"

typedef enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
} json_type;

typedef struct json_value {
	json_type type;
	int line;                   /* where the value starts, from 1 */
	bool boolean;
	double number;
	bool is_integer;            /* written without fraction or exponent, fits int64 */
	int64_t integer;
	char *string;               /* UTF-8; \u0000 is refused, so NUL-terminated */
	struct json_value *items;   /* array elements, or object member values */
	char **keys;                /* object member names, parallel to items */
	size_t count;
} json_value;

/* Parses one JSON text. The error reads "line N: what is wrong". */
bool json_parse(const char *text, size_t length, json_value *root, error_message *err);
void json_free(json_value *value);

/* The member `key` of an object, or NULL (also when value is no object). */
const json_value *json_object_get(const json_value *object, const char *key);

const char *json_type_name(json_type type);

/* Appends text as a string literal, quotes included: '"' and '\\' escaped,
 * every control (C0, DEL, C1) as an escape so that no reader's terminal
 * acts on it, other UTF-8 as it is and a byte that is not UTF-8 as U+FFFD.
 * The one escaping of every JSON string ccmwrap writes. */
void json_add_string(strbuf *out, const char *text);

/* Writes one JSON text onto a strbuf in ccmwrap's one style: compact, no
 * white space, members in the order written. The writer puts the commas;
 * the caller closes what it opens and adds a line break where one belongs
 * (JSON Lines). */
typedef struct json_writer {
	strbuf *out;
	bool follows;    /* a value or member was written at this level: a comma first */
} json_writer;

void json_writer_init(json_writer *writer, strbuf *out);
void json_begin_object(json_writer *writer);
void json_end_object(json_writer *writer);
void json_begin_array(json_writer *writer);
void json_end_array(json_writer *writer);
/* A member's name; its value is what is written next. */
void json_key(json_writer *writer, const char *name);
/* A string, or null when text is NULL. */
void json_string(json_writer *writer, const char *text);
void json_integer(json_writer *writer, int64_t value);
void json_unsigned(json_writer *writer, uint64_t value);
void json_bool(json_writer *writer, bool value);
void json_null(json_writer *writer);
/* An array of strings. */
void json_strings(json_writer *writer, const strlist *strings);

/* A member, name and value in one call. */
void json_member_string(json_writer *writer, const char *name, const char *text);
void json_member_integer(json_writer *writer, const char *name, int64_t value);
void json_member_unsigned(json_writer *writer, const char *name, uint64_t value);
void json_member_bool(json_writer *writer, const char *name, bool value);

#endif
