#include "config/values.h"

#include <ctype.h>
#include <string.h>

#define DURATION_EXPECTED "expected a number and ms, s, m or h (500ms, 90s, 15m, 2h), or 0 for none"
#define SIZE_EXPECTED "expected a number and KB or MB (512KB, 2MB), from 1KB to 1024MB"

/* Reads decimal digits at *p up to limit; false when there are none or
 * the number is larger. */
static bool read_number(const char **p, uint64_t limit, uint64_t *value)
{
	const char *start = *p;
	uint64_t result = 0;

	for (; isdigit((unsigned char)**p); (*p)++) {
		unsigned digit = (unsigned)(**p - '0');
		if (digit > limit || result > (limit - digit) / 10)
			return false;
		result = result * 10 + digit;
	}
	*value = result;
	return *p != start;
}

static bool read_hex(const char *text, uint32_t *value)
{
	size_t length = strlen(text);
	uint32_t result = 0;

	if (length == 0 || length > 8)
		return false;
	for (const char *p = text; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			return false;
		unsigned digit = isdigit((unsigned char)*p) ? (unsigned)(*p - '0')
		                                            : (unsigned)(tolower((unsigned char)*p) - 'a' + 10);
		result = result * 16 + digit;
	}
	*value = result;
	return true;
}

static const struct {
	const char *suffix;
	uint64_t milliseconds;
} duration_units[] = {
	{ "h", 3600000 }, { "ms", 1 }, { "m", 60000 }, { "s", 1000 },
};

#define DURATION_UNIT_COUNT (sizeof duration_units / sizeof duration_units[0])

bool configvalue_parse_duration(const char *text, uint64_t *milliseconds, error_message *err)
{
	const char *p = text;
	uint64_t number;

	if (strcmp(text, "0") == 0) {
		*milliseconds = 0;
		return true;
	}
	if (!read_number(&p, UINT64_MAX / 3600000, &number)) {
		if (isdigit((unsigned char)*text))
			return error_set(err, "'%s' is more than 8760h; expected at most 8760h (365 days)", text);
		return error_set(err, "'%s' is not a duration; " DURATION_EXPECTED, text);
	}
	if (*p == '\0')
		return error_set(err, "'%s' has no unit; " DURATION_EXPECTED, text);
	for (size_t i = 0; i < DURATION_UNIT_COUNT; i++) {
		if (strcmp(p, duration_units[i].suffix) == 0) {
			uint64_t value = number * duration_units[i].milliseconds;
			if (value > CONFIGVALUE_DURATION_MAX_MS)
				return error_set(err, "'%s' is more than 8760h; expected at most 8760h (365 days)", text);
			*milliseconds = value;
			return true;
		}
	}
	return error_set(err, "'%s' has an unknown unit '%s'; " DURATION_EXPECTED, text, p);
}

void configvalue_format_duration(strbuf *out, uint64_t milliseconds)
{
	if (milliseconds == 0) {
		strbuf_add_char(out, '0');
		return;
	}
	static const size_t largest_first[] = { 0, 2, 3, 1 };  /* h, m, s, ms */
	for (size_t i = 0; i < 4; i++) {
		uint64_t unit = duration_units[largest_first[i]].milliseconds;
		if (milliseconds % unit == 0) {
			strbuf_printf(out, "%llu%s", (unsigned long long)(milliseconds / unit),
			              duration_units[largest_first[i]].suffix);
			return;
		}
	}
}

bool configvalue_parse_size(const char *text, uint64_t *bytes, error_message *err)
{
	const char *p = text;
	uint64_t number;
	uint64_t unit;

	if (!read_number(&p, 1024 * 1024, &number))
		return error_set(err, "'%s' is not a size; " SIZE_EXPECTED, text);
	if (*p == '\0')
		return error_set(err, "'%s' has no unit; " SIZE_EXPECTED, text);
	if (text_equal_nocase(p, "KB"))
		unit = 1024;
	else if (text_equal_nocase(p, "MB"))
		unit = 1024 * 1024;
	else
		return error_set(err, "'%s' has an unknown unit '%s'; " SIZE_EXPECTED, text, p);
	uint64_t value = number * unit;
	if (value < 1024 || value > 1024ULL * 1024 * 1024)
		return error_set(err, "'%s' is out of range; " SIZE_EXPECTED, text);
	*bytes = value;
	return true;
}

void configvalue_format_size(strbuf *out, uint64_t bytes)
{
	if (bytes % (1024 * 1024) == 0)
		strbuf_printf(out, "%lluMB", (unsigned long long)(bytes / (1024 * 1024)));
	else
		strbuf_printf(out, "%lluKB", (unsigned long long)(bytes / 1024));
}

bool configvalue_parse_percent(const char *text, unsigned *percent, error_message *err)
{
	const char *p = text;
	uint64_t number;

	if (!read_number(&p, 1000, &number) || strcmp(p, "%") != 0 || number > 100)
		return error_set(err, "'%s' is not a percentage; expected 0%% to 100%%, e.g. 20%%", text);
	*percent = (unsigned)number;
	return true;
}

bool configvalue_parse_count(const char *text, unsigned minimum, unsigned maximum, unsigned *count,
                             error_message *err)
{
	const char *p = text;
	uint64_t number;

	if (!read_number(&p, UINT32_MAX, &number) || *p != '\0' || number < minimum || number > maximum)
		return error_set(err, "'%s' is not a whole number from %u to %u; expected one", text,
		                 minimum, maximum);
	*count = (unsigned)number;
	return true;
}

bool configvalue_parse_decimal(const char *text, double minimum, double maximum, double *value,
                               error_message *err)
{
	const char *p = text;
	uint64_t whole;
	uint64_t thousandths = 0;

	if (!read_number(&p, 1000000, &whole))
		goto bad;
	if (*p == '.') {
		const char *fraction = ++p;
		uint64_t digits;
		if (!read_number(&p, 999, &digits) || p - fraction > 3)
			goto bad;
		thousandths = digits;
		for (ptrdiff_t n = p - fraction; n < 3; n++)
			thousandths *= 10;
	}
	if (*p != '\0')
		goto bad;
	double result = (double)(whole * 1000 + thousandths) / 1000.0;
	if (result < minimum || result > maximum)
		goto bad;
	*value = result;
	return true;
bad:
	return error_set(err, "'%s' is not a number from %.1f to %.1f with at most 3 decimals; "
	                      "expected e.g. 2.0", text, minimum, maximum);
}

void configvalue_format_decimal(strbuf *out, double value)
{
	uint64_t thousandths = (uint64_t)(value * 1000.0 + 0.5);
	uint64_t fraction = thousandths % 1000;
	int digits = 3;

	while (digits > 1 && fraction % 10 == 0) {
		fraction /= 10;
		digits--;
	}
	strbuf_printf(out, "%llu.%0*llu", (unsigned long long)(thousandths / 1000), digits,
	              (unsigned long long)fraction);
}

bool configvalue_parse_bool(const char *text, bool *value, error_message *err)
{
	static const char *const true_words[] = { "yes", "true", "1" };
	static const char *const false_words[] = { "no", "false", "0" };

	for (size_t i = 0; i < 3; i++) {
		if (text_equal_nocase(text, true_words[i])) {
			*value = true;
			return true;
		}
		if (text_equal_nocase(text, false_words[i])) {
			*value = false;
			return true;
		}
	}
	return error_set(err, "'%s' is not a boolean; expected yes or no (true/false, 1/0)", text);
}

bool configvalue_parse_enum(const char *text, const char *const *names, int *index,
                            error_message *err)
{
	strbuf expected = STRBUF_INIT;

	for (int i = 0; names[i] != NULL; i++) {
		if (text_equal_nocase(text, names[i])) {
			*index = i;
			return true;
		}
	}
	for (int i = 0; names[i] != NULL; i++) {
		if (i > 0)
			strbuf_add_string(&expected, names[i + 1] == NULL ? " or " : ", ");
		strbuf_add_string(&expected, names[i]);
	}
	error_set(err, "'%s' is not known; expected %s", text, expected.data);
	strbuf_free(&expected);
	return false;
}

bool configvalue_parse_rights(const char *text, uint32_t *rights, error_message *err)
{
	if (text_equal_nocase(text, "full")) {
		*rights = CONFIGVALUE_RIGHTS_FULL;
		return true;
	}
	if (text_equal_nocase(text, "read")) {
		*rights = CONFIGVALUE_RIGHTS_READ;
		return true;
	}
	if (text_starts_with_nocase(text, "0x") && read_hex(text + 2, rights) && *rights != 0)
		return true;
	return error_set(err, "'%s' is not an access mask; expected full, read or 0x and hex digits "
	                      "(not 0x0), e.g. 0xF003F", text);
}

void configvalue_format_rights(strbuf *out, uint32_t rights)
{
	if (rights == CONFIGVALUE_RIGHTS_FULL)
		strbuf_add_string(out, "full");
	else if (rights == CONFIGVALUE_RIGHTS_READ)
		strbuf_add_string(out, "read");
	else
		strbuf_printf(out, "0x%X", (unsigned)rights);
}

bool configvalue_parse_code(const char *text, uint32_t *code, error_message *err)
{
	const char *p = text;
	uint64_t number;

	if (text_starts_with_nocase(text, "0x") && read_hex(text + 2, code))
		return true;
	if (read_number(&p, UINT32_MAX, &number) && *p == '\0') {
		*code = (uint32_t)number;
		return true;
	}
	return error_set(err, "'%s' is not a 32-bit result code; expected a decimal number "
	                      "(1602) or 0x and up to 8 hex digits (0x80070642)", text);
}

void configvalue_format_code(strbuf *out, uint32_t code)
{
	if (code < 0x80000000u)
		strbuf_printf(out, "%u", (unsigned)code);
	else
		strbuf_printf(out, "0x%08X", (unsigned)code);
}

bool configvalue_check_version(const char *text, error_message *err)
{
	const char *p = text;
	int parts = 0;
	uint64_t number;

	do {
		if (parts > 0)
			p++;
		if (!read_number(&p, 65535, &number) || ++parts > 4)
			return error_set(err, "'%s' is not a version; expected 1 to 4 numbers up to 65535 "
			                      "separated by dots, e.g. 4.00.6487.2000", text);
	} while (*p == '.');
	if (*p != '\0')
		return error_set(err, "'%s' is not a version; expected 1 to 4 numbers up to 65535 "
		                      "separated by dots, e.g. 4.00.6487.2000", text);
	return true;
}
