/* The typed values of the INI: durations, sizes, percentages, counts,
 * decimals, booleans, enumerations, access rights, result codes and
 * versions, each parsed strictly and printed in the one form that parses
 * back to the same value. Messages say what is wrong and what is
 * expected; the caller adds file, line and key. */
#ifndef CCMWRAP_VALUES_H
#define CCMWRAP_VALUES_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* The longest duration any key takes: 365 days. */
#define CONFIGVALUE_DURATION_MAX_MS (365ULL * 24 * 3600 * 1000)

#define CONFIGVALUE_RIGHTS_FULL 0xF003Fu  /* KEY_ALL_ACCESS */
#define CONFIGVALUE_RIGHTS_READ 0x20019u  /* KEY_READ */

/* "90s", "15m", "2h", "500ms", or a bare "0" for none. */
bool configvalue_parse_duration(const char *text, uint64_t *milliseconds, error_message *err);
void configvalue_format_duration(strbuf *out, uint64_t milliseconds);

/* "512KB", "2MB" (units of 1024, any case), from 1KB to 1024MB. */
bool configvalue_parse_size(const char *text, uint64_t *bytes, error_message *err);
void configvalue_format_size(strbuf *out, uint64_t bytes);

/* "20%", from 0% to 100%. */
bool configvalue_parse_percent(const char *text, unsigned *percent, error_message *err);

/* A decimal whole number from minimum to maximum. */
bool configvalue_parse_count(const char *text, unsigned minimum, unsigned maximum, unsigned *count,
                             error_message *err);

/* "2", "2.0", "1.5": at most three decimals, from minimum to maximum;
 * read without the C locale's help so that "," never sneaks in. */
bool configvalue_parse_decimal(const char *text, double minimum, double maximum, double *value,
                               error_message *err);
void configvalue_format_decimal(strbuf *out, double value);

/* yes/no, true/false, 1/0, any case. */
bool configvalue_parse_bool(const char *text, bool *value, error_message *err);

/* One of names (NULL-terminated), any case; *index is its position. */
bool configvalue_parse_enum(const char *text, const char *const *names, int *index,
                            error_message *err);

/* "full", "read" or "0x" and 1 to 8 hex digits, not zero. */
bool configvalue_parse_rights(const char *text, uint32_t *rights, error_message *err);
void configvalue_format_rights(strbuf *out, uint32_t rights);

/* A 32-bit result code: decimal ("1602") or hex ("0x80070642"). */
bool configvalue_parse_code(const char *text, uint32_t *code, error_message *err);
void configvalue_format_code(strbuf *out, uint32_t code);

/* 1 to 4 dot-separated numbers up to 65535 ("4.00.6487.2000"). */
bool configvalue_check_version(const char *text, error_message *err);

#endif
