/* A small, strict JSON reader (RFC 8259) for ccmwrap's own files: the
 * result files that `report` reads back and the lines of the fix journal.
 * Anything outside the grammar is an error naming the line, never a guess. */
#ifndef CCMWRAP_JSON_H
#define CCMWRAP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"

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

#endif
