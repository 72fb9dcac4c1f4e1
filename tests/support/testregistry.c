#include "testregistry.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "text.h"

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
