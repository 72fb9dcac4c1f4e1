/* ccmwrap export without --registry reads the native registry: a real key
 * (created under HKLM\Software\ccmwrap-export-<pid>) is written as a
 * registry file that the file backend reads back with the same keys,
 * values and security descriptors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <windows.h>
#include <sddl.h>

#include "config/base/regpath.h"
#include "checks/registry/registry.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

#define CHILD_DACL L"D:P(A;CI;KA;;;BA)(A;CI;KA;;;SY)(A;CI;KR;;;WD)"

typedef struct fixture {
	char key[64];
	wchar_t subkey[64];
} fixture;

static HKEY create_key(const wchar_t *path)
{
	HKEY handle;

	assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
	                                 &handle, NULL),
	                 ERROR_SUCCESS);
	return handle;
}

static void set_value(HKEY handle, const wchar_t *name, DWORD type, const void *data, DWORD size)
{
	assert_int_equal(RegSetValueExW(handle, name, 0, type, data, size), ERROR_SUCCESS);
}

static void set_dacl(HKEY handle, const wchar_t *sddl)
{
	PSECURITY_DESCRIPTOR descriptor;

	assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, 1, &descriptor, NULL));
	assert_int_equal(RegSetKeySecurity(handle, DACL_SECURITY_INFORMATION, descriptor),
	                 ERROR_SUCCESS);
	LocalFree(descriptor);
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	unsigned long pid = GetCurrentProcessId();
	static const DWORD start = 3;
	static const wchar_t devices[] = L"*SMS_MOUSE\0*SMS_KEYBOARD\0";
	static const unsigned char blob[] = { 0x00, 0xff, 0x10 };
	wchar_t child[96];

	snprintf(f->key, sizeof f->key, "HKLM\\Software\\ccmwrap-export-%lu", pid);
	swprintf(f->subkey, 64, L"Software\\ccmwrap-export-%lu", pid);
	HKEY root = create_key(f->subkey);
	set_value(root, L"DisplayName", REG_SZ, L"kbstuff", sizeof L"kbstuff");
	set_value(root, L"Start", REG_DWORD, &start, sizeof start);
	set_value(root, L"Devices", REG_MULTI_SZ, devices, sizeof devices);
	RegCloseKey(root);
	swprintf(child, 96, L"%ls\\Enum", f->subkey);
	HKEY below = create_key(child);
	set_value(below, L"Blob", REG_BINARY, blob, sizeof blob);
	set_dacl(below, CHILD_DACL);
	RegCloseKey(below);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	RegDeleteTreeW(HKEY_LOCAL_MACHINE, f->subkey);
	free(f);
	return 0;
}

static void assert_same_key(registry *a, registry *b, const char *key)
{
	char *sa, *sb;
	error_message err;

	test_assert_same_values(a, b, key);
	assert_true(registry_get_security(a, key, &sa, &err));
	assert_true(registry_get_security(b, key, &sb, &err));
	assert_non_null(sa);
	assert_non_null(sb);
	assert_string_equal(sa, sb);
	free(sa);
	free(sb);
}

static void test_export_of_a_real_key_reads_back(void **state)
{
	fixture *f = *state;
	char *folder = test_make_temp_dir();
	char *out = test_path(folder, "out.reg");
	const char *args[] = { CCMWRAP_BINARY, "export", f->key, "-o", out, NULL };
	test_run_result run;
	registry *native, *exported;
	error_message err;
	strlist names = STRLIST_INIT;

	test_run(args, NULL, &run);
	assert_string_equal(run.err, "");
	assert_int_equal(run.exit_code, 0);
	test_run_result_free(&run);
	assert_true(registry_open_native(&native, &err));
	assert_true(registry_open_file(out, &exported, &err));
	assert_true(registry_subkeys(exported, f->key, &names, &err));
	assert_int_equal(names.count, 1);
	assert_string_equal(names.items[0], "Enum");
	char *child = regpath_join(f->key, "Enum");
	assert_same_key(native, exported, f->key);
	assert_same_key(native, exported, child);
	char *sddl = NULL;
	assert_true(registry_get_security(exported, child, &sddl, &err));
	assert_non_null(strstr(sddl, "D:P(A;CI;KA;;;BA)(A;CI;KA;;;SY)(A;CI;KR;;;WD)"));
	free(sddl);
	free(child);
	strlist_free(&names);
	registry_close(native);
	registry_close(exported);
	test_remove_tree(folder);
	free(out);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_export_of_a_real_key_reads_back, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
