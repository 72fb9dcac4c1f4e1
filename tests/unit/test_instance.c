#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/run/instance.h"
#include "config/base/text.h"
#include "tests/support/testsupport.h"

static char *unique_lock_name(char **folder)
{
	*folder = test_make_temp_dir();
#ifdef _WIN32
	/* A mutex name: the folder's unique tail keeps parallel runs apart. */
	strbuf name = STRBUF_INIT;
	strbuf_printf(&name, "Local\\ccmwrap-test-%s", strrchr(*folder, '-') + 1);
	return strbuf_detach(&name);
#else
	return test_path(*folder, "ccmwrap.lock");
#endif
}

static void test_second_holder_is_refused(void **state)
{
	char *folder;
	char *name = unique_lock_name(&folder);
	instance_lock *first, *second, *third;
	bool held_elsewhere;
	char *hostile = NULL;
	error_message err;

	(void)state;
	assert_true(instance_lock_acquire(name, folder, &first, &held_elsewhere, &hostile, &err));
	assert_non_null(first);
	assert_false(held_elsewhere);
	assert_true(instance_lock_acquire(name, folder, &second, &held_elsewhere, &hostile, &err));
	assert_null(second);
	assert_true(held_elsewhere);
	instance_lock_release(first);
	assert_true(instance_lock_acquire(name, folder, &third, &held_elsewhere, &hostile, &err));
	assert_non_null(third);
	assert_false(held_elsewhere);
	instance_lock_release(third);
	test_remove_tree(folder);
	free(folder);
	free(name);
}

static void test_name_comes_from_the_environment(void **state)
{
	char *name;

	(void)state;
	assert_int_equal(uv_os_setenv("CCMWRAP_INSTANCE_LOCK", "from-environment"), 0);
	name = instance_lock_name(NULL, "/state");
	assert_string_equal(name, "from-environment");
	free(name);
	name = instance_lock_name("given", "/state");
	assert_string_equal(name, "given");
	free(name);
	assert_int_equal(uv_os_unsetenv("CCMWRAP_INSTANCE_LOCK"), 0);
	name = instance_lock_name(NULL, "/state");
#ifdef _WIN32
	assert_string_equal(name, "Global\\ccmwrap");
#else
	/* In the state folder, where nobody else can put a file first. */
	assert_string_equal(name, "/state/ccmwrap.lock");
#endif
	free(name);
}

#ifndef _WIN32
static void test_unusable_lock_file_is_an_error(void **state)
{
	char *folder = test_make_temp_dir();
	char *path = test_path(folder, "missing/ccmwrap.lock");
	instance_lock *lock;
	bool held_elsewhere;
	char *hostile = NULL;
	error_message err;
	strbuf expected = STRBUF_INIT;

	(void)state;
	assert_false(instance_lock_acquire(path, folder, &lock, &held_elsewhere, &hostile, &err));
	strbuf_printf(&expected, "the instance lock: cannot open %s: No such file or directory", path);
	assert_string_equal(err.text, expected.data);
	assert_null(lock);
	strbuf_free(&expected);
	test_remove_tree(folder);
	free(path);
	free(folder);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_second_holder_is_refused),
		cmocka_unit_test(test_name_comes_from_the_environment),
#ifndef _WIN32
		cmocka_unit_test(test_unusable_lock_file_is_an_error),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
