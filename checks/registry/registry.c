#include "checks/registry/registry.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"

bool registry_writes_at_commit(const registry *reg)
{
	return reg->ops->writes_at_commit;
}

void registry_set_step_hook(registry *reg, registry_step_hook hook, void *context)
{
	reg->step_hook = hook;
	reg->step_context = context;
}

void registry_close(registry *reg)
{
	if (reg != NULL)
		reg->ops->close(reg);
}

bool registry_key_exists(registry *reg, const char *key)
{
	return reg->ops->key_exists(reg, key);
}

bool registry_subkeys(registry *reg, const char *key, strlist *names, error_message *err)
{
	return reg->ops->subkeys(reg, key, names, err);
}

bool registry_vanished(registry *reg, const char *key, strlist *vanished)
{
	if (registry_key_exists(reg, key))
		return false;
	if (vanished != NULL && !regpath_is_within_any(key, vanished))
		strlist_add(vanished, key);
	return true;
}

bool registry_walk(registry *reg, const char *key, registry_visitor visit, void *context,
                   strlist *vanished, error_message *err)
{
	strlist children = STRLIST_INIT;
	bool descend = true;

	bool ok = visit(context, key, &descend, err) &&
	          (!descend || registry_subkeys(reg, key, &children, err));
	for (size_t i = 0; ok && i < children.count; i++) {
		char *child = regpath_join(key, children.items[i]);
		ok = registry_walk(reg, child, visit, context, vanished, err);
		free(child);
	}
	strlist_free(&children);
	return ok || (vanished != NULL && registry_vanished(reg, key, vanished));
}

bool registry_values(registry *reg, const char *key, registry_value **values, size_t *count,
                     error_message *err)
{
	return reg->ops->values(reg, key, values, count, err);
}

bool registry_get_value(registry *reg, const char *key, registry_view view, const char *name,
                        registry_value **value, bool *key_found, error_message *err)
{
	*value = NULL;
	*key_found = false;
	return reg->ops->get_value(reg, key, view, name, value, key_found, err);
}

void registry_value_free(registry_value *value)
{
	if (value != NULL)
		registry_values_free(value, 1);
}

char *registry_identity(registry *reg)
{
	return reg->ops->identity(reg);
}

void registry_notes(registry *reg, const strlist **warnings, const strlist **skipped)
{
	static const strlist none = STRLIST_INIT;

	*warnings = *skipped = &none;
	if (reg->ops->notes != NULL)
		reg->ops->notes(reg, warnings, skipped);
}

/* How much of the message the list of skipped lines may take. */
#define SKIPPED_LIST_MAX 640

bool registry_check_rewritable(registry *reg, error_message *err)
{
	const strlist *warnings, *skipped;
	strbuf list = STRBUF_INIT;
	size_t listed = 0;

	registry_notes(reg, &warnings, &skipped);
	if (skipped->count == 0)
		return true;
	for (; listed < skipped->count; listed++) {
		if (list.length + strlen(skipped->items[listed]) + 2 > SKIPPED_LIST_MAX)
			break;
		strbuf_printf(&list, "%s%s", listed > 0 ? ", " : "", skipped->items[listed]);
	}
	if (listed < skipped->count)
		strbuf_printf(&list, " and %zu more", skipped->count - listed);
	error_set(err, "%s: refused, because reading it skipped %zu line%s as regedit skips them "
	               "(%s); ccmwrap writes back only a file it read whole, so that nothing in it is "
	               "lost: correct or remove those lines first", reg->description, skipped->count,
	          skipped->count == 1 ? "" : "s", list.data);
	strbuf_free(&list);
	return false;
}

bool registry_refresh(registry *reg, error_message *err)
{
	return reg->ops->refresh(reg, err);
}

bool registry_get_security(registry *reg, const char *key, char **sddl, error_message *err)
{
	return reg->ops->get_security(reg, key, sddl, err);
}

bool registry_set_security(registry *reg, const char *key, const char *sddl, error_message *err)
{
	return reg->ops->set_security(reg, key, sddl, err);
}

bool registry_set_value(registry *reg, const char *key, const registry_value *value,
                        error_message *err)
{
	return reg->ops->set_value(reg, key, value, err);
}

bool registry_commit(registry *reg, error_message *err)
{
	return reg->ops->commit(reg, err);
}

void registry_values_free(registry_value *values, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		free(values[i].name);
		free(values[i].data);
	}
	free(values);
}

const registry_value *registry_find_value(const registry_value *values, size_t count,
                                          const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (text_equal_nocase(values[i].name, name))
			return &values[i];
	return NULL;
}

bool registry_value_strings(const registry_value *value, strlist *list)
{
	if (value->type != REGISTRY_SZ && value->type != REGISTRY_EXPAND_SZ &&
	    value->type != REGISTRY_MULTI_SZ)
		return false;
	size_t units = value->size / 2;
	size_t start = 0;
	for (size_t i = 0; i <= units; i++) {
		bool end = i == units || (value->data[2 * i] == 0 && value->data[2 * i + 1] == 0);
		if (!end)
			continue;
		if (i > start || (value->type != REGISTRY_MULTI_SZ && start == 0))
			strlist_add_owned(list, text_utf16le_to_utf8(value->data + 2 * start,
			                                             2 * (i - start), NULL));
		if (value->type != REGISTRY_MULTI_SZ)
			break;
		start = i + 1;
	}
	return true;
}
