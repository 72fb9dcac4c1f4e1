#include "wrapper/run/runstate.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/text.h"
#include "config/base/timestamp.h"

static bool set_string(registry *reg, const char *key, const char *name, const char *text,
                       error_message *err)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(text, strlen(text) + 1, &size);
	registry_value value = { (char *)name, REGISTRY_SZ, wide, size };
	bool ok = registry_set_value(reg, key, &value, err);

	free(wide);
	return ok;
}

static bool set_dword(registry *reg, const char *key, const char *name, uint32_t number,
                      error_message *err)
{
	unsigned char bytes[4] = { (unsigned char)number, (unsigned char)(number >> 8),
	                           (unsigned char)(number >> 16), (unsigned char)(number >> 24) };
	registry_value value = { (char *)name, REGISTRY_DWORD, bytes, sizeof bytes };

	return registry_set_value(reg, key, &value, err);
}

bool runstate_write(registry *reg, const char *state_key, int64_t started_ms,
                    outcome_kind outcome, uint32_t exit_code, error_message *err)
{
	char started[TIMESTAMP_ISO8601_SIZE];

	timestamp_format_iso8601(started_ms, started);
	return set_string(reg, state_key, RUNSTATE_LAST_RUN, started, err) &&
	       set_string(reg, state_key, RUNSTATE_LAST_OUTCOME, outcome_name(outcome), err) &&
	       set_dword(reg, state_key, RUNSTATE_LAST_EXIT_CODE, exit_code, err) &&
	       registry_commit(reg, err);
}

static bool parse_last_run(const char *state_key, const registry_value *value,
                           int64_t *last_run_ms, error_message *err)
{
	strlist text = STRLIST_INIT;
	bool ok = value->type == REGISTRY_SZ && registry_value_strings(value, &text) &&
	          text.count == 1 && timestamp_parse_iso8601(text.items[0], last_run_ms);

	if (!ok && value->type != REGISTRY_SZ)
		error_set(err, "%s\\" RUNSTATE_LAST_RUN " is of type %lu; expected a string (REG_SZ) "
		               "such as 2024-05-01T10:00:00Z", state_key, (unsigned long)value->type);
	else if (!ok)
		error_set(err, "%s\\" RUNSTATE_LAST_RUN " = '%s' is not a time; expected UTC in the "
		               "form 2024-05-01T10:00:00Z", state_key,
		          text.count > 0 ? text.items[0] : "");
	strlist_free(&text);
	return ok;
}

bool runstate_read_last_run(registry *reg, const char *state_key, bool *found,
                            int64_t *last_run_ms, error_message *err)
{
	registry_value *value = NULL;
	bool key_found;

	*found = false;
	if (!registry_get_value(reg, state_key, REGISTRY_VIEW_64, RUNSTATE_LAST_RUN, &value,
	                        &key_found, err))
		return false;
	bool ok = value == NULL || parse_last_run(state_key, value, last_run_ms, err);
	*found = value != NULL && ok;
	registry_value_free(value);
	return ok;
}
