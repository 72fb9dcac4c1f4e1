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

/* The scan under way: the roots so far as a set, so that a key is placed
 * in time linear in its depth, not in the number of roots. */
typedef struct scan_state {
	registry *reg;
	const strlist *terms;
	scan_result *result;
	regpath_set roots;
} scan_state;

/* Adds key's subtree as a target unless an earlier root already holds it.
 * A later root may hold an earlier one only when the earlier came from the
 * key list; its keys are then skipped, not listed twice. Keys that
 * vanished during the walk are no targets. */
static bool add_root(scan_state *state, const char *key, error_message *err)
{
	scan_result *result = state->result;
	strlist subtree = STRLIST_INIT;

	if (regpath_set_holds(&state->roots, key, NULL))
		return true;
	if (!scan_subtree(state->reg, key, &subtree, &result->vanished, err)) {
		strlist_free(&subtree);
		return false;
	}
	for (size_t i = 0; i < subtree.count; i++)
		if (!regpath_set_holds(&state->roots, subtree.items[i], NULL) &&
		    !regpath_is_within_any(subtree.items[i], &result->vanished))
			strlist_add(&result->keys, subtree.items[i]);
	if (!regpath_is_within_any(key, &result->vanished)) {
		strlist_add(&result->roots, key);
		regpath_set_add(&state->roots, key);
	}
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

/* A matching key becomes a root with its whole subtree, so the search does
 * not descend below it. */
static bool search_key(void *context, const char *key, bool *descend, error_message *err)
{
	scan_state *state = context;
	bool match = false;

	if (!key_matches(state->reg, key, state->terms, &match, err))
		return false;
	*descend = !match;
	return !match || add_root(state, key, err);
}

static bool scan_all(scan_state *state, const config *cfg, error_message *err)
{
	for (size_t i = 0; i < cfg->acl.keys.count; i++) {
		const char *key = cfg->acl.keys.items[i];
		if (!registry_key_exists(state->reg, key))
			strlist_add(&state->result->missing, key);
		else if (!add_root(state, key, err))
			return false;
	}
	if (cfg->acl.search.count == 0 || cfg->acl.scope == NULL ||
	    !registry_key_exists(state->reg, cfg->acl.scope))
		return true;
	return registry_walk(state->reg, cfg->acl.scope, search_key, state,
	                     &state->result->vanished, err);
}

bool scan_targets(registry *reg, const config *cfg, scan_result *result, error_message *err)
{
	scan_state state = { .reg = reg, .terms = &cfg->acl.search, .result = result,
	                     .roots = REGPATH_SET_INIT };
	bool ok = scan_all(&state, cfg, err);

	regpath_set_free(&state.roots);
	return ok;
}

void scan_result_free(scan_result *result)
{
	strlist_free(&result->roots);
	strlist_free(&result->keys);
	strlist_free(&result->missing);
	strlist_free(&result->vanished);
}
