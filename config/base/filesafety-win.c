#include "config/base/filesafety.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/filepath.h"
#include "config/base/text.h"
#include "config/base/wide.h"
#include "config/base/winsecurity.h"

#define EXPECTED_HINT "expected write access for SYSTEM and Administrators only, or pass " \
	"--allow-insecure-config"
#define STATE_FOLDER_HINT "expected a folder for SYSTEM and Administrators only: remove it"
/* What ccmwrap gives its state folder: owned by Administrators, protected,
 * full control for SYSTEM and Administrators, inherited by what it holds. */
#define STATE_FOLDER_SDDL L"O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)"

static bool check_entry(const char *what, const char *path, DWORD rights, bool check_owner,
                        error_message *err)
{
	wchar_t *wide_path = wide_from_utf8(path);
	PSID owner = NULL;
	PACL dacl = NULL;
	PSECURITY_DESCRIPTOR descriptor = NULL;

	DWORD rc = GetNamedSecurityInfoW(wide_path, SE_FILE_OBJECT,
	                                 OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
	                                 &owner, NULL, &dacl, NULL, &descriptor);
	free(wide_path);
	if (rc != ERROR_SUCCESS)
		return error_set(err, "cannot read the security of %s %s (error %lu); expected it readable",
		                 what, path, (unsigned long)rc);
	bool safe = winsecurity_check(owner, dacl, rights, check_owner, what, path, EXPECTED_HINT, err);
	LocalFree(descriptor);
	return safe;
}

/* Every folder above folder, up to its drive or share: renaming folder
 * away takes the right to delete it, or to delete in its parent. */
static bool check_ancestors(const char *folder, error_message *err)
{
	char *current = filepath_resolve(folder, "");
	bool safe = true;

	for (;;) {
		char *parent = filepath_resolve(current, "..");
		bool at_root = strcmp(parent, current) == 0;
		free(current);
		current = parent;
		if (at_root || !safe)
			break;
		safe = check_entry("a folder above it:", current, WINSECURITY_REPLACE_RIGHTS, false, err);
	}
	free(current);
	return safe;
}

bool filesafety_check(const char *path, error_message *err)
{
	if (!check_entry("the file", path, WINSECURITY_WRITE_RIGHTS, true, err))
		return false;
	char *folder = filepath_folder_of(path);
	if (folder == NULL)
		return error_set(err, "cannot find the folder of %s; expected a readable current folder", path);
	bool safe = check_entry("its folder", folder, WINSECURITY_WRITE_RIGHTS, false, err) &&
	            check_ancestors(folder, err);
	free(folder);
	return safe;
}

bool filesafety_check_folder(const char *folder, error_message *err)
{
	return check_entry("the folder", folder, WINSECURITY_WRITE_RIGHTS, true, err) &&
	       check_ancestors(folder, err);
}

/* The folder as a handle of its own, never what a link points to. */
static HANDLE open_folder(const wchar_t *folder, DWORD access)
{
	return CreateFileW(folder, access, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
	                   NULL, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS | FILE_FLAG_OPEN_REPARSE_POINT,
	                   NULL);
}

static bool create_protected(const wchar_t *folder, bool *created, error_message *err)
{
	SECURITY_ATTRIBUTES attributes = { .nLength = sizeof attributes };

	*created = false;
	attributes.lpSecurityDescriptor = winsecurity_from_sddl(STATE_FOLDER_SDDL);
	if (attributes.lpSecurityDescriptor == NULL)
		return error_set(err, "cannot build the state folder's security: Windows error %lu",
		                 (unsigned long)GetLastError());
	*created = CreateDirectoryW(folder, &attributes) != FALSE;
	DWORD error = GetLastError();
	LocalFree(attributes.lpSecurityDescriptor);
	return *created || error == ERROR_ALREADY_EXISTS ||
	       error_set(err, "cannot create it: Windows error %lu", (unsigned long)error);
}

/* Gives an existing folder the protection ccmwrap creates it with. */
static bool repair(HANDLE handle, error_message *err)
{
	PSECURITY_DESCRIPTOR descriptor = NULL;
	PSID owner = NULL;
	PACL dacl = NULL;
	BOOL present = FALSE, defaulted = FALSE;

	descriptor = winsecurity_from_sddl(STATE_FOLDER_SDDL);
	if (descriptor == NULL)
		return error_set(err, "cannot build the state folder's security: Windows error %lu",
		                 (unsigned long)GetLastError());
	GetSecurityDescriptorOwner(descriptor, &owner, &defaulted);
	GetSecurityDescriptorDacl(descriptor, &present, &dacl, &defaulted);
	DWORD rc = SetSecurityInfo(handle, SE_FILE_OBJECT,
	                           OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION |
	                               PROTECTED_DACL_SECURITY_INFORMATION,
	                           owner, NULL, dacl, NULL);
	LocalFree(descriptor);
	return rc == ERROR_SUCCESS ||
	       error_set(err, "it lets others in and cannot be given back to SYSTEM and "
	                      "Administrators (Windows error %lu); " STATE_FOLDER_HINT,
	                 (unsigned long)rc);
}

static bool check_handle(HANDLE handle, const char *folder, error_message *err)
{
	BY_HANDLE_FILE_INFORMATION info;
	PSID owner = NULL;
	PACL dacl = NULL;
	PSECURITY_DESCRIPTOR descriptor = NULL;

	if (!GetFileInformationByHandle(handle, &info))
		return error_set(err, "cannot look at it: Windows error %lu", (unsigned long)GetLastError());
	if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
		return error_set(err, "it is a link (reparse point), not a folder ccmwrap made; "
		                      STATE_FOLDER_HINT);
	if (!(info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY))
		return error_set(err, "it is a file, not a folder; " STATE_FOLDER_HINT);
	if (GetSecurityInfo(handle, SE_FILE_OBJECT,
	                    OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL,
	                    &dacl, NULL, &descriptor) != ERROR_SUCCESS)
		return error_set(err, "cannot read its security: Windows error %lu",
		                 (unsigned long)GetLastError());
	error_message why;
	bool safe = winsecurity_check(owner, dacl, WINSECURITY_WRITE_RIGHTS, true, "the state folder",
	                              folder, STATE_FOLDER_HINT, &why);
	LocalFree(descriptor);
	return safe || repair(handle, err);
}

bool filesafety_prepare_state_folder(const char *folder, error_message *err)
{
	wchar_t *wide = wide_from_utf8(folder);
	bool created;
	bool ok = create_protected(wide, &created, err);

	if (ok && !created) {
		HANDLE handle = open_folder(wide, READ_CONTROL | WRITE_DAC | WRITE_OWNER);
		if (handle == INVALID_HANDLE_VALUE)
			ok = error_set(err, "cannot open it: Windows error %lu", (unsigned long)GetLastError());
		else {
			ok = check_handle(handle, folder, err);
			CloseHandle(handle);
		}
	}
	free(wide);
	if (!ok)
		return error_prefix(err, "the state folder %s", folder);
	return check_ancestors(folder, err);
}
