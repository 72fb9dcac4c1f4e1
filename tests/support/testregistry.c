#include "tests/support/testregistry.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "config/base/regpath.h"
#include "config/base/text.h"

void test_assert_same_values(registry *a, registry *b, const char *key)
{
	registry_value *values_a, *values_b;
	size_t count_a, count_b;
	error_message err;

	assert_true(registry_values(a, key, &values_a, &count_a, &err));
	assert_true(registry_values(b, key, &values_b, &count_b, &err));
	assert_int_equal(count_a, count_b);
	for (size_t i = 0; i < count_a; i++) {
		assert_string_equal(values_a[i].name, values_b[i].name);
		assert_int_equal(values_a[i].type, values_b[i].type);
		assert_int_equal(values_a[i].size, values_b[i].size);
		assert_memory_equal(values_a[i].data, values_b[i].data, values_a[i].size);
	}
	registry_values_free(values_a, count_a);
	registry_values_free(values_b, count_b);
}

typedef struct hooked_registry {
	registry base;
	registry *inner;
	bool owns_inner;
	test_registry_hook hook;
	void *context;
} hooked_registry;

/* The inner registry, reporting its steps where the hooked one does. */
static registry *ask(registry *reg, const char *op, const char *key, error_message *err)
{
	hooked_registry *self = (hooked_registry *)reg;

	registry_set_step_hook(self->inner, reg->step_hook, reg->step_context);
	return self->hook(self->context, op, key, false, err) ? self->inner : NULL;
}

static bool hooked_key_exists(registry *reg, const char *key)
{
	registry *inner = ask(reg, "key_exists", key, NULL);
	return inner != NULL && registry_key_exists(inner, key);
}

/* The hook again once op has been done: false fails it after all. */
static bool done(registry *reg, const char *op, const char *key, error_message *err)
{
	hooked_registry *self = (hooked_registry *)reg;

	return self->hook(self->context, op, key, true, err);
}

static bool hooked_subkeys(registry *reg, const char *key, strlist *names, error_message *err)
{
	hooked_registry *self = (hooked_registry *)reg;
	registry *inner = ask(reg, "subkeys", key, err);
	strlist all = STRLIST_INIT;

	if (inner == NULL || !registry_subkeys(inner, key, &all, err)) {
		strlist_free(&all);
		return false;
	}
	for (size_t i = 0; i < all.count; i++) {
		char *child = regpath_join(key, all.items[i]);
		if (self->hook(self->context, "key_exists", child, false, NULL))
			strlist_add(names, all.items[i]);
		free(child);
	}
	strlist_free(&all);
	return done(reg, "subkeys", key, err);
}

static bool hooked_values(registry *reg, const char *key, registry_value **values,
                          size_t *count, error_message *err)
{
	registry *inner = ask(reg, "values", key, err);
	return inner != NULL && registry_values(inner, key, values, count, err);
}

static bool hooked_get_value(registry *reg, const char *key, registry_view view,
                             const char *name, registry_value **value, bool *key_found,
                             error_message *err)
{
	registry *inner = ask(reg, "get_value", key, err);
	return inner != NULL && registry_get_value(inner, key, view, name, value, key_found, err);
}

static bool hooked_get_security(registry *reg, const char *key, char **sddl, error_message *err)
{
	registry *inner = ask(reg, "get_security", key, err);
	return inner != NULL && registry_get_security(inner, key, sddl, err);
}

static bool hooked_set_security(registry *reg, const char *key, const char *sddl,
                                error_message *err)
{
	registry *inner = ask(reg, "set_security", key, err);
	return inner != NULL && registry_set_security(inner, key, sddl, err) &&
	       done(reg, "set_security", key, err);
}

static bool hooked_set_value(registry *reg, const char *key, const registry_value *value,
                             error_message *err)
{
	registry *inner = ask(reg, "set_value", key, err);
	return inner != NULL && registry_set_value(inner, key, value, err) &&
	       done(reg, "set_value", key, err);
}

static bool hooked_commit(registry *reg, error_message *err)
{
	registry *inner = ask(reg, "commit", NULL, err);
	return inner != NULL && registry_commit(inner, err) && done(reg, "commit", NULL, err);
}

static bool hooked_refresh(registry *reg, error_message *err)
{
	registry *inner = ask(reg, "refresh", NULL, err);
	return inner != NULL && registry_refresh(inner, err);
}

static char *hooked_identity(registry *reg)
{
	return registry_identity(((hooked_registry *)reg)->inner);
}

static void hooked_notes(registry *reg, const strlist **warnings, const strlist **skipped)
{
	registry_notes(((hooked_registry *)reg)->inner, warnings, skipped);
}

static void hooked_close(registry *reg)
{
	hooked_registry *self = (hooked_registry *)reg;
	if (self->owns_inner)
		registry_close(self->inner);
	free(self);
}

static const registry_ops hooked_ops = {
	.key_exists = hooked_key_exists,
	.subkeys = hooked_subkeys,
	.values = hooked_values,
	.get_value = hooked_get_value,
	.get_security = hooked_get_security,
	.set_security = hooked_set_security,
	.set_value = hooked_set_value,
	.commit = hooked_commit,
	.refresh = hooked_refresh,
	.identity = hooked_identity,
	.notes = hooked_notes,
	.close = hooked_close,
};

registry *test_registry_hooked(registry *inner, bool owns_inner, test_registry_hook hook,
                               void *context)
{
	hooked_registry *self = xcalloc(1, sizeof *self);

	self->base.ops = &hooked_ops;
	self->base.description = inner->description;
	self->inner = inner;
	self->owns_inner = owns_inner;
	self->hook = hook;
	self->context = context;
	return &self->base;
}

registry *test_open_registry_file(const char *path)
{
	registry *reg = NULL;
	error_message err = { "" };

	if (!registry_open_file(path, &reg, &err))
		fail_msg("open failed: %s", err.text);
	return reg;
}

void test_expect_registry_file_error(const char *path, const char *expected)
{
	registry *reg = NULL;
	error_message err = { "" };
	strbuf message = STRBUF_INIT;

	assert_false(registry_open_file(path, &reg, &err));
	assert_null(reg);
	strbuf_printf(&message, "%s:%s", path, expected);
	assert_string_equal(err.text, message.data);
	strbuf_free(&message);
}
