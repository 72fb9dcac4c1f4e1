#include "filesafety.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>
#include <stdlib.h>
#include <string.h>

#include "filepath.h"
#include "sid.h"
#include "text.h"
#include "wide.h"

#define ALLOW_HINT "or pass --allow-insecure-config"

/* Rights that let a trustee change the file's content or its security. */
#define WRITE_RIGHTS (FILE_WRITE_DATA | FILE_APPEND_DATA | WRITE_DAC | WRITE_OWNER | \
                      GENERIC_WRITE | GENERIC_ALL)

static const char *const trusted_sids[] = {
	"S-1-5-18",      /* SYSTEM */
	"S-1-5-32-544",  /* Administrators */
	"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",  /* TrustedInstaller */
};

static bool sid_to_text(PSID sid, char *out, size_t size)
{
	LPWSTR wide = NULL;

	if (!ConvertSidToStringSidW(sid, &wide))
		return false;
	int written = WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, (int)size, NULL, NULL);
	LocalFree(wide);
	return written > 0;
}

static bool current_process_is_admin(void)
{
	SID_IDENTIFIER_AUTHORITY authority = SECURITY_NT_AUTHORITY;
	PSID administrators = NULL;
	BOOL member = FALSE;

	if (!AllocateAndInitializeSid(&authority, 2, SECURITY_BUILTIN_DOMAIN_RID,
	                              DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0, &administrators))
		return false;
	if (!CheckTokenMembership(NULL, administrators, &member))
		member = FALSE;
	FreeSid(administrators);
	return member != FALSE;
}

static bool is_current_user(PSID sid)
{
	HANDLE token = NULL;
	char buffer[256];
	DWORD size = 0;
	bool same = false;

	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return false;
	if (GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size))
		same = EqualSid(((TOKEN_USER *)buffer)->User.Sid, sid) != FALSE;
	CloseHandle(token);
	return same;
}

/* SYSTEM, Administrators and TrustedInstaller may write; so may the owner
 * when the owner is the administrator running ccmwrap. */
static bool is_trusted(PSID sid, PSID owner, bool owner_is_admin_user)
{
	char text[SID_TEXT_MAX];

	if (owner_is_admin_user && EqualSid(sid, owner))
		return true;
	if (!sid_to_text(sid, text, sizeof text))
		return false;
	for (size_t i = 0; i < sizeof trusted_sids / sizeof trusted_sids[0]; i++)
		if (text_equal_nocase(text, trusted_sids[i]))
			return true;
	return false;
}

static bool check_entry(const char *what, const char *path, error_message *err)
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
	bool safe = true;
	if (dacl == NULL) {
		safe = error_set(err, "%s %s has no DACL, so everyone can change it; expected write access "
		                      "for SYSTEM and Administrators only, " ALLOW_HINT, what, path);
	}
	bool owner_is_admin_user = is_current_user(owner) && current_process_is_admin();
	for (DWORD i = 0; safe && dacl != NULL && i < dacl->AceCount; i++) {
		ACE_HEADER *header = NULL;
		if (!GetAce(dacl, i, (LPVOID *)&header) || header->AceType != ACCESS_ALLOWED_ACE_TYPE ||
		    (header->AceFlags & INHERIT_ONLY_ACE) != 0)
			continue;
		ACCESS_ALLOWED_ACE *ace = (ACCESS_ALLOWED_ACE *)header;
		PSID sid = (PSID)&ace->SidStart;
		if ((ace->Mask & WRITE_RIGHTS) == 0 || is_trusted(sid, owner, owner_is_admin_user))
			continue;
		char text[SID_TEXT_MAX] = "an unknown SID";
		sid_to_text(sid, text, sizeof text);
		safe = error_set(err, "%s %s grants write access to %s, so a non-administrator could "
		                      "change what runs; expected write access for SYSTEM and "
		                      "Administrators only, " ALLOW_HINT, what, path, text);
	}
	LocalFree(descriptor);
	return safe;
}

bool filesafety_check(const char *path, error_message *err)
{
	if (!check_entry("the file", path, err))
		return false;
	char *folder = filepath_folder_of(path);
	if (folder == NULL)
		return error_set(err, "cannot find the folder of %s; expected a readable current folder", path);
	bool safe = check_entry("its folder", folder, err);
	free(folder);
	return safe;
}
