#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "busy.h"
#include "instance.h"
#include "testsupport.h"

static void test_lock_lies_beside_the_ccmsetup_log(void **state)
{
	const char *cases[][2] = {
		{ "/var/ccmsetup/ccmsetup.log", "/var/ccmsetup/ccmsetup-busy" },
		{ "C:\\Windows\\system32\\ccmsetup\\ccmsetup.log",
		  "C:\\Windows\\system32\\ccmsetup\\ccmsetup-busy" },
		{ "ccmsetup.log", "ccmsetup-busy" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *path = busy_lock_path(cases[i][0]);
		assert_string_equal(path, cases[i][1]);
		free(path);
	}
}

#ifndef _WIN32
/* Every site where ccmsetup may write is looked at: the lock is found in
 * the second. */
static void test_busy_while_another_holds_the_lock(void **state)
{
	char *folder = test_make_temp_dir();
	char *elsewhere = test_path(folder, "elsewhere.log");
	char *log = test_path(folder, "ccmsetup.log");
	loglocate_site site_list[2] = { { .ccmsetup_log = elsewhere }, { .ccmsetup_log = log } };
	loglocate_list sites = { .sites = site_list, .count = 2 };
	char *lock_path = busy_lock_path(log);
	strbuf reason = STRBUF_INIT;
	strbuf expected = STRBUF_INIT;
	instance_lock *installation;
	bool busy, held_elsewhere;
	char *hostile = NULL;
	error_message err;

	(void)state;
	assert_true(busy_check(&sites, &busy, &reason, &err));
	assert_false(busy);
	assert_true(instance_lock_acquire(lock_path, NULL, &installation, &held_elsewhere, &hostile, &err));
	assert_true(busy_check(&sites, &busy, &reason, &err));
	assert_true(busy);
	strbuf_printf(&expected, "another installation holds %s", lock_path);
	assert_string_equal(reason.data, expected.data);
	instance_lock_release(installation);
	strbuf_clear(&reason);
	assert_true(busy_check(&sites, &busy, &reason, &err));
	assert_false(busy);
	assert_int_equal(reason.length, 0);
	strbuf_free(&reason);
	strbuf_free(&expected);
	test_remove_tree(folder);
	free(lock_path);
	free(log);
	free(elsewhere);
	free(folder);
}
#endif

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lock_lies_beside_the_ccmsetup_log),
#ifndef _WIN32
		cmocka_unit_test(test_busy_while_another_holds_the_lock),
#endif
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
