/* The POSIX busy lock: held by another process it is an installation, in
 * every site; a lock of someone else's or a link to one is not, as anyone
 * may create a file in a folder they can write. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "wrapper/run/busy.h"
#include "wrapper/run/instance.h"
#include "tests/support/testroot.h"
#include "tests/support/testsupport.h"
/* Every site where ccmsetup may write is looked at: the lock is found in
 * the second. */
static void test_busy_while_another_holds_the_lock(void **state)
{
	char *folder = test_make_temp_dir();
	char *elsewhere = test_path(folder, "elsewhere.log");
	char *log = test_path(folder, "ccmsetup.log");
	loglocate_site site_list[2] = { { .ccmsetup_log = elsewhere }, { .ccmsetup_log = log } };
	loglocate_list sites = { .sites = site_list, .count = 2 };
	busy_places places = { &sites, NULL };
	char *lock_path = busy_lock_path(log);
	strbuf reason = STRBUF_INIT;
	strbuf expected = STRBUF_INIT;
	instance_lock *installation;
	bool busy, held_elsewhere;
	char *hostile = NULL;
	error_message err;

	(void)state;
	assert_true(busy_check(&places, &busy, &reason, &err));
	assert_false(busy);
	assert_true(instance_lock_acquire(lock_path, NULL, &installation, &held_elsewhere, &hostile, &err));
	assert_true(busy_check(&places, &busy, &reason, &err));
	assert_true(busy);
	strbuf_printf(&expected, "another installation holds %s", lock_path);
	assert_string_equal(reason.data, expected.data);
	instance_lock_release(installation);
	strbuf_clear(&reason);
	assert_true(busy_check(&places, &busy, &reason, &err));
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

static void hold(const char *path, instance_lock **lock)
{
	bool held_elsewhere;
	char *hostile = NULL;
	error_message err;

	assert_true(instance_lock_acquire(path, NULL, lock, &held_elsewhere, &hostile, &err));
	assert_false(held_elsewhere);
}

static bool busy_at(const char *log)
{
	loglocate_site site = { .ccmsetup_log = (char *)log };
	loglocate_list sites = { .sites = &site, .count = 1 };
	busy_places places = { &sites, NULL };
	strbuf reason = STRBUF_INIT;
	bool busy;
	error_message err;

	assert_true(busy_check(&places, &busy, &reason, &err));
	strbuf_free(&reason);
	return busy;
}

/* A link named ccmsetup-busy to a lock someone holds is not an
 * installation: the lock is opened without following links. */
static void test_a_linked_lock_is_not_an_installation(void **state)
{
	test_temp_file *file = test_temp_file_new("held");
	char *log = test_path(file->folder, "ccmsetup.log");
	char *lock_path = busy_lock_path(log);
	instance_lock *lock;

	(void)state;
	hold(file->path, &lock);
	assert_int_equal(symlink(file->path, lock_path), 0);
	assert_false(busy_at(log));
	instance_lock_release(lock);
	free(lock_path);
	free(log);
	test_temp_file_free(file);
}

/* Root only: a lock owned by another user, held, is not an installation;
 * the same lock made root's is. */
static void test_a_lock_of_another_user_is_not_an_installation(void **state)
{
	test_temp_file *file = test_temp_file_new("ccmsetup.log");
	char *lock_path = busy_lock_path(file->path);
	instance_lock *lock;

	(void)state;
	hold(lock_path, &lock);
	assert_true(busy_at(file->path));
	assert_int_equal(chown(lock_path, TEST_OTHER_UID, TEST_OTHER_UID), 0);
	assert_false(busy_at(file->path));
	instance_lock_release(lock);
	free(lock_path);
	test_temp_file_free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_busy_while_another_holds_the_lock),
		cmocka_unit_test(test_a_linked_lock_is_not_an_installation),
	};
	const struct CMUnitTest as_root[] = {
		cmocka_unit_test(test_a_lock_of_another_user_is_not_an_installation),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	return failed + test_run_group_as_root(as_root);
}
