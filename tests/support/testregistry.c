#include "testregistry.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

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
