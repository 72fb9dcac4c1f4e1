#include "skip.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The next number of a dotted version; false on anything else. */
static bool next_part(const char **cursor, uint64_t *part)
{
	const char *p = *cursor;

	*part = 0;
	if (*p == '\0')
		return true;
	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (*part > (UINT64_MAX - 9) / 10)
			return false;
		*part = *part * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.' && p[1] != '\0')
		p++;
	else if (*p != '\0')
		return false;
	*cursor = p;
	return true;
}

bool skip_compare_versions(const char *left, const char *right, int *order)
{
	if (left[0] == '\0' || right[0] == '\0')
		return false;
	*order = 0;
	while (*left != '\0' || *right != '\0') {
		uint64_t a, b;
		if (!next_part(&left, &a) || !next_part(&right, &b))
			return false;
		if (a != b && *order == 0)
			*order = a < b ? -1 : 1;
	}
	return true;
}

static const registry_value *find_value(const registry_value *values, size_t count,
                                        const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (text_equal_nocase(values[i].name, name))
			return &values[i];
	return NULL;
}

bool skip_client_is_current(registry *reg, const config *cfg, bool *current, strbuf *why,
                            error_message *err)
{
	const char *key = cfg->ccmsetup.version_key;
	const char *name = cfg->ccmsetup.version_value;
	registry_value *values = NULL;
	size_t count = 0;
	strlist text = STRLIST_INIT;

	*current = false;
	if (!registry_key_exists(reg, key)) {
		strbuf_printf(why, "no client installed (%s does not exist)", key);
		return true;
	}
	if (!registry_values(reg, key, &values, &count, err))
		return false;
	const registry_value *value = find_value(values, count, name);
	bool ok = true;
	if (value == NULL) {
		strbuf_printf(why, "no client version (%s\\%s does not exist)", key, name);
	} else if (!registry_value_strings(value, &text) || text.count != 1) {
		ok = error_set(err, "%s\\%s is not a version string", key, name);
	} else {
		int order;
		const char *installed = text_trim(text.items[0]);
		if (!skip_compare_versions(installed, cfg->ccmsetup.target_version, &order))
			ok = error_set(err, "%s\\%s = '%s' or target_version = '%s' is not a version "
			                    "(numbers and dots)", key, name, installed,
			               cfg->ccmsetup.target_version);
		else {
			*current = order >= 0;
			strbuf_printf(why, "installed client %s, target_version %s", installed,
			              cfg->ccmsetup.target_version);
		}
	}
	strlist_free(&text);
	registry_values_free(values, count);
	return ok;
}
