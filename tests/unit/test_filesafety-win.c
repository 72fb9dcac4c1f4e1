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

#include <sddl.h>

#include "config/base/filesafety.h"
#include "tests/support/testfilesafety.h"
#include "tests/support/testsupport.h"
#include "tests/support/testwine.h"
#include "config/base/text.h"
#include "config/base/wide.h"

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

/* The folder's owner and DACL as SDDL, read back from Windows. */
static char *folder_security(const char *folder)
{
	wchar_t *wide = wide_from_utf8(folder);
	PSECURITY_DESCRIPTOR descriptor = NULL;
	LPWSTR text = NULL;

	assert_int_equal(GetNamedSecurityInfoW(wide, SE_FILE_OBJECT,
	                                       OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	                                       NULL, NULL, NULL, NULL, &descriptor),
	                 ERROR_SUCCESS);
	assert_true(ConvertSecurityDescriptorToStringSecurityDescriptorW(
	    descriptor, SDDL_REVISION_1, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	    &text, NULL));
	char *sddl = wide_to_utf8(text, -1);
	LocalFree(text);
	LocalFree(descriptor);
	free(wide);
	return sddl;
}

#define PROTECTED_STATE "O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"
#define WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | WRITE_OWNER | DELETE | \
                      FILE_DELETE_CHILD | GENERIC_WRITE | GENERIC_ALL)

static bool may_be_trusted(PSID sid, PSID user)
{
	return IsWellKnownSid(sid, WinLocalSystemSid) ||
	       IsWellKnownSid(sid, WinBuiltinAdministratorsSid) || EqualSid(sid, user);
}

/* Whether anyone but SYSTEM, Administrators and the administrator running
 * the test may write to the folder, as its DACL reads back. */
static bool others_may_write(const char *folder)
{
	wchar_t *wide = wide_from_utf8(folder);
	PSECURITY_DESCRIPTOR descriptor = NULL;
	PACL dacl = NULL;
	HANDLE token;
	union { TOKEN_USER user; BYTE bytes[SECURITY_MAX_SID_SIZE + sizeof(TOKEN_USER)]; } me;
	DWORD size;
	bool others = false;

	assert_true(OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token));
	assert_true(GetTokenInformation(token, TokenUser, &me, sizeof me, &size));
	CloseHandle(token);
	assert_int_equal(GetNamedSecurityInfoW(wide, SE_FILE_OBJECT, DACL_SECURITY_INFORMATION, NULL,
	                                       NULL, &dacl, NULL, &descriptor),
	                 ERROR_SUCCESS);
	assert_non_null(dacl);
	for (DWORD i = 0; i < dacl->AceCount; i++) {
		ACCESS_ALLOWED_ACE *entry;
		assert_true(GetAce(dacl, i, (void **)&entry));
		others = others || (entry->Header.AceType == ACCESS_ALLOWED_ACE_TYPE &&
		                    (entry->Mask & WRITE_RIGHTS) &&
		                    !may_be_trusted(&entry->SidStart, me.user.User.Sid));
	}
	LocalFree(descriptor);
	free(wide);
	return others;
}

/* What must hold wherever it runs: nobody else may write; and on Windows,
 * the exact descriptor ccmwrap gives the folder (Wine keeps a file's
 * security as Unix mode bits, which cannot hold it). */
static void assert_protected(const char *folder)
{
	assert_false(others_may_write(folder));
	if (!test_under_wine()) {
		char *sddl = folder_security(folder);
		assert_string_equal(sddl, PROTECTED_STATE);
		free(sddl);
	}
}

/* %ProgramData%\ccmwrap made by ccmwrap: SYSTEM and Administrators only. */
static void state_folder_is_created_for_system_and_administrators(void **state)
{
	char *parent = test_make_temp_dir();
	char *folder = test_path(parent, "ccmwrap");
	error_message err;

	(void)state;
	if (!filesafety_prepare_state_folder(folder, &err))
		fail_msg("%s", err.text);
	assert_protected(folder);
	test_remove_tree(parent);
	free(folder);
	free(parent);
}

/* One someone opened to Everyone is given its protection back. */
static void state_folder_open_to_everyone_is_repaired(void **state)
{
	char *parent = test_make_temp_dir();
	char *folder = test_path(parent, "ccmwrap");
	wchar_t *wide = wide_from_utf8(folder);
	error_message err;

	(void)state;
	assert_true(CreateDirectoryW(wide, NULL));
	set_file_dacl(folder, true);
	assert_true(others_may_write(folder));
	if (!filesafety_prepare_state_folder(folder, &err))
		fail_msg("%s", err.text);
	assert_protected(folder);
	test_remove_tree(parent);
	free(wide);
	free(folder);
	free(parent);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(insecure_ini_is_refused_unless_allowed),
		cmocka_unit_test(state_folder_is_created_for_system_and_administrators),
		cmocka_unit_test(state_folder_open_to_everyone_is_repaired),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
