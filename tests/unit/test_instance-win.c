/* The instance mutex on Windows: created for SYSTEM and Administrators,
 * owned by Administrators, as its descriptor reads back; one that someone
 * else made first (squatting, to keep ccmwrap from running) is reported
 * as hostile and the lock is taken on a file in the state folder instead,
 * which a second ccmwrap then finds held. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include "wrapper/run/instance.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"
#include "config/base/wide.h"

/* A name of each test's own, so that it runs beside anything else. */
static void mutex_name(char *out, size_t size, const char *test)
{
	snprintf(out, size, "Global\\ccmwrap-%s-%lu", test, (unsigned long)GetCurrentProcessId());
}

static char *mutex_security(const char *name)
{
	wchar_t *wide = wide_from_utf8(name);
	HANDLE mutex = OpenMutexW(READ_CONTROL, FALSE, wide);
	PSECURITY_DESCRIPTOR descriptor = NULL;
	LPWSTR text = NULL;

	assert_non_null(mutex);
	assert_int_equal(GetSecurityInfo(mutex, SE_KERNEL_OBJECT,
	                                 OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, NULL,
	                                 NULL, NULL, NULL, &descriptor),
	                 ERROR_SUCCESS);
	assert_true(ConvertSecurityDescriptorToStringSecurityDescriptorW(
	    descriptor, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	    &text, NULL));
	char *sddl = wide_to_utf8(text, -1);
	LocalFree(text);
	LocalFree(descriptor);
	CloseHandle(mutex);
	free(wide);
	return sddl;
}

static void test_the_mutex_is_for_system_and_administrators(void **state)
{
	char name[64];
	instance_lock *lock;
	bool held_elsewhere;
	char *hostile;
	error_message err;

	(void)state;
	mutex_name(name, sizeof name, "dacl");
	assert_true(instance_lock_acquire(name, NULL, &lock, &held_elsewhere, &hostile, &err));
	assert_non_null(lock);
	assert_null(hostile);
	char *sddl = mutex_security(name);
	instance_lock_release(lock);
	/* GA as created (Wine keeps it), or mapped to MUTEX_ALL_ACCESS. */
	if (strcmp(sddl, "O:BAD:(A;;GA;;;SY)(A;;GA;;;BA)") != 0)
		assert_string_equal(sddl, "O:BAD:(A;;0x1f0001;;;SY)(A;;0x1f0001;;;BA)");
	free(sddl);
}

/* Made first by someone else, who lets everyone open it. */
static HANDLE squat(const char *name)
{
	SECURITY_ATTRIBUTES attributes = { .nLength = sizeof attributes };
	wchar_t *wide = wide_from_utf8(name);

	assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorW(
	    L"O:BUD:(A;;GA;;;WD)", SDDL_REVISION_1, &attributes.lpSecurityDescriptor, NULL));
	HANDLE mutex = CreateMutexW(&attributes, FALSE, wide);
	LocalFree(attributes.lpSecurityDescriptor);
	free(wide);
	assert_non_null(mutex);
	return mutex;
}

static void test_a_squatted_mutex_is_hostile_and_a_lock_file_used(void **state)
{
	char name[64];
	char *state_dir = test_make_temp_dir();
	instance_lock *lock, *second;
	bool held_elsewhere;
	char *hostile;
	error_message err;

	(void)state;
	mutex_name(name, sizeof name, "squatted");
	HANDLE squatter = squat(name);
	assert_true(instance_lock_acquire(name, state_dir, &lock, &held_elsewhere, &hostile, &err));
	assert_non_null(lock);
	assert_false(held_elsewhere);
	assert_non_null(hostile);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "the mutex %s was made by someone other than ccmwrap (owned by "
	                         "S-1-5-32-545), to keep it from running; the lock file in the state "
	                         "folder is used instead", name);
	assert_string_equal(hostile, expected.data);
	free(hostile);
	/* A second ccmwrap meets the same squatter, then the held lock file. */
	assert_true(instance_lock_acquire(name, state_dir, &second, &held_elsewhere, &hostile, &err));
	assert_null(second);
	assert_true(held_elsewhere);
	free(hostile);
	instance_lock_release(lock);
	CloseHandle(squatter);
	strbuf_free(&expected);
	test_remove_tree(state_dir);
	free(state_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_mutex_is_for_system_and_administrators),
		cmocka_unit_test(test_a_squatted_mutex_is_hostile_and_a_lock_file_used),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
