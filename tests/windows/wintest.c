#include "tests/windows/wintest.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>

#include <cmocka.h>

#include "checks/registry/registry-native-win.h"
#include "config/base/wide.h"

void wintest_process_user(char out[SID_TEXT_MAX])
{
	HANDLE token;
	unsigned char buffer[256];
	DWORD size;
	LPWSTR text;

	assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
	assert_true(GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size));
	CloseHandle(token);
	assert_true(ConvertSidToStringSidW(((TOKEN_USER *)buffer)->User.Sid, &text));
	char *utf8 = wide_to_utf8(text, -1);
	LocalFree(text);
	snprintf(out, SID_TEXT_MAX, "%s", utf8);
	free(utf8);
}

HKEY wintest_create_key(const wchar_t *path)
{
	HKEY handle;

	assert_int_equal(RegCreateKeyExW(HKEY_LOCAL_MACHINE, path, 0, NULL, 0, KEY_ALL_ACCESS, NULL,
	                                 &handle, NULL),
	                 ERROR_SUCCESS);
	return handle;
}

static PSECURITY_DESCRIPTOR descriptor_from(const wchar_t *sddl)
{
	PSECURITY_DESCRIPTOR descriptor;

	assert_true(ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1,
	                                                                 &descriptor, NULL));
	return descriptor;
}

void wintest_set_security_at(const wchar_t *path, SECURITY_INFORMATION parts, const wchar_t *sddl)
{
	PSECURITY_DESCRIPTOR descriptor = descriptor_from(sddl);
	HKEY handle;

	assert_int_equal(RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, WRITE_DAC | WRITE_OWNER, &handle),
	                 ERROR_SUCCESS);
	assert_int_equal(RegSetKeySecurity(handle, parts, descriptor), ERROR_SUCCESS);
	RegCloseKey(handle);
	LocalFree(descriptor);
}

void wintest_try_set_security(const wchar_t *path, REGSAM access, SECURITY_INFORMATION parts,
                              const wchar_t *sddl)
{
	PSECURITY_DESCRIPTOR descriptor = descriptor_from(sddl);
	HKEY handle;

	if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, access, &handle) == ERROR_SUCCESS) {
		RegSetKeySecurity(handle, parts, descriptor);
		RegCloseKey(handle);
	}
	LocalFree(descriptor);
}

void wintest_unlock_tree(const wchar_t *path, const wchar_t *owner_sddl, const wchar_t *dacl_sddl)
{
	wchar_t name[256], below[512];
	HKEY handle;

	if (owner_sddl != NULL)
		wintest_try_set_security(path, WRITE_OWNER, OWNER_SECURITY_INFORMATION, owner_sddl);
	wintest_try_set_security(path, WRITE_DAC, DACL_SECURITY_INFORMATION, dacl_sddl);
	if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path, 0, KEY_ENUMERATE_SUB_KEYS, &handle) != ERROR_SUCCESS)
		return;
	for (DWORD index = 0;; index++) {
		DWORD length = 256;
		if (RegEnumKeyExW(handle, index, name, &length, NULL, NULL, NULL, NULL) != ERROR_SUCCESS)
			break;
		swprintf(below, 512, L"%ls\\%ls", path, name);
		wintest_unlock_tree(below, owner_sddl, dacl_sddl);
	}
	RegCloseKey(handle);
}
