/* An INI that non-administrators can change is refused (Windows: the
 * file's DACL says who may write). Everyone stands for the untrusted
 * writer: Wine keeps a file's DACL as Unix mode bits, so it can represent
 * a grant to Everyone but silently drops one to Users (BU). */
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

#include "testfilesafety.h"
#include "text.h"

static void current_user_sid(char *buffer, DWORD size)
{
	HANDLE token;

	assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
	assert_true(GetTokenInformation(token, TokenUser, buffer, size, &size));
	CloseHandle(token);
}

static void grant(EXPLICIT_ACCESS_W *entry, PSID sid, DWORD rights)
{
	memset(entry, 0, sizeof *entry);
	entry->grfAccessPermissions = rights;
	entry->grfAccessMode = SET_ACCESS;
	entry->Trustee.TrusteeForm = TRUSTEE_IS_SID;
	entry->Trustee.ptstrName = (LPWSTR)sid;
}

/* A protected DACL: SYSTEM and the current user full control, plus write
 * access for Everyone when everyone_writes. */
static void set_file_dacl(const char *path, bool everyone_writes)
{
	char user[256];
	BYTE system[SECURITY_MAX_SID_SIZE];
	BYTE everyone[SECURITY_MAX_SID_SIZE];
	DWORD system_size = sizeof system;
	DWORD everyone_size = sizeof everyone;
	EXPLICIT_ACCESS_W entries[3];
	PACL dacl = NULL;
	size_t wide_size;
	unsigned char *wide = text_utf8_to_utf16le(path, strlen(path) + 1, &wide_size);

	current_user_sid(user, sizeof user);
	assert_true(CreateWellKnownSid(WinLocalSystemSid, NULL, system, &system_size));
	assert_true(CreateWellKnownSid(WinWorldSid, NULL, everyone, &everyone_size));
	grant(&entries[0], system, FILE_ALL_ACCESS);
	grant(&entries[1], ((TOKEN_USER *)user)->User.Sid, FILE_ALL_ACCESS);
	grant(&entries[2], everyone, FILE_GENERIC_READ | FILE_GENERIC_WRITE);
	assert_int_equal(SetEntriesInAclW(everyone_writes ? 3 : 2, entries, NULL, &dacl), ERROR_SUCCESS);
	assert_int_equal(SetNamedSecurityInfoW((LPWSTR)wide, SE_FILE_OBJECT,
	                                       DACL_SECURITY_INFORMATION |
	                                           PROTECTED_DACL_SECURITY_INFORMATION,
	                                       NULL, NULL, dacl, NULL),
	                 ERROR_SUCCESS);
	LocalFree(dacl);
	free(wide);
}

static void insecure_ini_is_refused_unless_allowed(void **state)
{
	(void)state;
	test_insecure_ini_is_refused_unless_allowed(
	    set_file_dacl, "grants write access to S-1-1-0, so a non-administrator could change it; "
	                   "expected write access for SYSTEM and Administrators only, or pass "
	                   "--allow-insecure-config");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insecure_ini_is_refused_unless_allowed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
