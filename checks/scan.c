#include "checks/scan.h"

#include <stdlib.h>

#include "config/base/regpath.h"

static bool add_key(void *context, const char *key, bool *descend, error_message *err)
{
	(void)descend;
	(void)err;
	strlist_add(context, key);
	return true;
}

bool scan_subtree(registry *reg, const char *key, strlist *keys, strlist *vanished,
                  error_message *err)
{
	return registry_walk(reg, key, add_key, keys, vanished, err);
}

/* Adds key's subtree as a target unless an earlier root already holds it.
 * A later root may hold an earlier one only when the earlier came from the
 * key list; its keys are then skipped, not listed twice. Keys that
 * vanished during the walk are no targets. */
static bool add_root(registry *reg, const char *key, scan_result *result, error_message *err)
{
	strlist subtree = STRLIST_INIT;

	if (regpath_is_within_any(key, &result->roots))
		return true;
	if (!scan_subtree(reg, key, &subtree, &result->vanished, err)) {
		strlist_free(&subtree);
		return false;
	}
	for (size_t i = 0; i < subtree.count; i++)
		if (!regpath_is_within_any(subtree.items[i], &result->roots) &&
		    !regpath_is_within_any(subtree.items[i], &result->vanished))
			strlist_add(&result->keys, subtree.items[i]);
	if (!regpath_is_within_any(key, &result->vanished))
		strlist_add(&result->roots, key);
	strlist_free(&subtree);
	return true;
}

static bool contains_term(const char *text, const strlist *terms)
{
	for (size_t i = 0; i < terms->count; i++)
		if (text_contains_nocase(text, terms->items[i]))
			return true;
	return false;
}

static bool values_match(const registry_value *values, size_t count, const strlist *terms)
{
	for (size_t i = 0; i < count; i++) {
		if (contains_term(values[i].name, terms))
			return true;
		strlist strings = STRLIST_INIT;
		registry_value_strings(&values[i], &strings);
		bool found = false;
		for (size_t k = 0; !found && k < strings.count; k++)
			found = contains_term(strings.items[k], terms);
		strlist_free(&strings);
		if (found)
			return true;
	}
	return false;
}

static bool key_matches(registry *reg, const char *key, const strlist *terms, bool *match,
                        error_message *err)
{
	registry_value *values = NULL;
	size_t count = 0;

	*match = contains_term(regpath_leaf(key), terms);
	if (*match)
		return true;
	if (!registry_values(reg, key, &values, &count, err))
		return false;
	*match = values_match(values, count, terms);
	registry_values_free(values, count);
	return true;
}

typedef struct search {
	registry *reg;
	const strlist *terms;
	scan_result *result;
} search;

/* A matching key becomes a root with its whole subtree, so the search does
 * not descend below it. */
static bool search_key(void *context, const char *key, bool *descend, error_message *err)
{
	search *state = context;
	bool match = false;

	if (!key_matches(state->reg, key, state->terms, &match, err))
		return false;
	*descend = !match;
	return !match || add_root(state->reg, key, state->result, err);
}

bool scan_targets(registry *reg, const config *cfg, scan_result *result, error_message *err)
{
	for (size_t i = 0; i < cfg->acl.keys.count; i++) {
		const char *key = cfg->acl.keys.items[i];
		if (!registry_key_exists(reg, key))
			strlist_add(&result->missing, key);
		else if (!add_root(reg, key, result, err))
			return false;
	}
	if (cfg->acl.search.count == 0 || cfg->acl.scope == NULL ||
	    !registry_key_exists(reg, cfg->acl.scope))
		return true;
	search state = { .reg = reg, .terms = &cfg->acl.search, .result = result };
	return registry_walk(reg, cfg->acl.scope, search_key, &state, &result->vanished, err);
}

void scan_result_free(scan_result *result)
{
	strlist_free(&result->roots);
	strlist_free(&result->keys);
	strlist_free(&result->missing);
	strlist_free(&result->vanished);
}
