#include "wrapper/run/skip.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/timestamp.h"
#include "config/values.h"
#include "wrapper/run/runstate.h"

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

/* The installed version in `value` against target_version. */
static bool compare_installed_version(const config *cfg, const registry_value *value,
                                      const char *view, bool *current, strbuf *why,
                                      error_message *err)
{
	const char *key = cfg->ccmsetup.version_key;
	const char *name = cfg->ccmsetup.version_value;
	const char *target = cfg->ccmsetup.target_version;
	strlist text = STRLIST_INIT;
	int order;

	if (!registry_value_strings(value, &text) || text.count != 1) {
		strlist_free(&text);
		return error_set(err, "%s\\%s is not a version string", key, name);
	}
	const char *installed = text_trim(text.items[0]);
	bool ok = skip_compare_versions(installed, target, &order);
	if (!ok) {
		error_set(err, "%s\\%s = '%s' or target_version = '%s' is not a version (numbers and "
		               "dots)", key, name, installed, target);
	} else {
		*current = order >= 0;
		strbuf_printf(why, "installed client %s (%s), target_version %s", installed, view,
		              target);
	}
	strlist_free(&text);
	return ok;
}

/* The views version_view reads, in order: auto reads the 32-bit view
 * first, where ConfigMgr 2007's 32-bit client keeps its keys on x64. */
static size_t views_to_read(config_version_view setting, registry_view views[2])
{
	if (setting == CONFIG_VIEW_64) {
		views[0] = REGISTRY_VIEW_64;
		return 1;
	}
	views[0] = REGISTRY_VIEW_32;
	views[1] = REGISTRY_VIEW_64;
	return setting == CONFIG_VIEW_32 ? 1 : 2;
}

static const char *view_name(registry_view view)
{
	return view == REGISTRY_VIEW_32 ? "32-bit view" : "64-bit view";
}

bool skip_client_is_current(registry *reg, const config *cfg, bool *current, strbuf *why,
                            error_message *err)
{
	const char *key = cfg->ccmsetup.version_key;
	const char *name = cfg->ccmsetup.version_value;
	registry_view views[2];
	size_t view_count = views_to_read(cfg->ccmsetup.version_view, views);
	registry_value *value = NULL;
	bool key_found = false, any_key = false;
	size_t i = 0;

	*current = false;
	for (; i < view_count && value == NULL; i++) {
		if (!registry_get_value(reg, key, views[i], name, &value, &key_found, err))
			return false;
		any_key = any_key || key_found;
	}
	const char *views_read = view_count == 2                 ? "the 32-bit or the 64-bit view"
	                         : views[0] == REGISTRY_VIEW_32 ? "the 32-bit view"
	                                                        : "the 64-bit view";
	if (value == NULL && !any_key) {
		strbuf_printf(why, "no client installed (%s does not exist in %s)", key, views_read);
		return true;
	}
	if (value == NULL) {
		strbuf_printf(why, "no client version (%s\\%s does not exist in %s)", key, name,
		              views_read);
		return true;
	}
	bool ok = compare_installed_version(cfg, value, view_name(views[i - 1]), current, why, err);
	registry_value_free(value);
	return ok;
}

bool skip_within_min_interval(registry *reg, const config *cfg, int64_t now_ms, bool *skip,
                              strbuf *why, error_message *err)
{
	const char *key = cfg->ccmsetup.state_key;
	uint64_t interval = cfg->ccmsetup.min_interval_ms;
	char last_text[TIMESTAMP_ISO8601_SIZE], next_text[TIMESTAMP_ISO8601_SIZE];
	bool found;
	int64_t last_run;

	*skip = false;
	if (interval == 0)
		return true;
	if (!runstate_read_last_run(reg, key, &found, &last_run, err))
		return false;
	if (!found) {
		strbuf_printf(why, "no earlier run recorded (%s\\" RUNSTATE_LAST_RUN " does not exist)",
		              key);
		return true;
	}
	timestamp_format_iso8601(last_run, last_text);
	if (last_run > now_ms)
		return error_set(err, "%s\\" RUNSTATE_LAST_RUN " = %s is later than now; expected a "
		                      "past time (was the clock set back?)", key, last_text);
	*skip = (uint64_t)(now_ms - last_run) < interval;
	timestamp_format_iso8601(last_run + (int64_t)interval, next_text);
	strbuf_printf(why, "the last run was at %s and min_interval is ", last_text);
	configvalue_format_duration(why, interval);
	strbuf_printf(why, *skip ? ": the next run is allowed from %s" : ": %s has passed",
	              next_text);
	return true;
}
