#include "config/base/winsecurity.h"

#include <sddl.h>

#include "config/base/text.h"

static const char *const trusted_sids[] = {
	"S-1-5-18",      /* SYSTEM */
	"S-1-5-32-544",  /* Administrators */
	"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464",  /* TrustedInstaller */
};

bool winsecurity_sid_text(PSID sid, char out[SID_TEXT_MAX])
{
	LPWSTR wide = NULL;

	if (!ConvertSidToStringSidW(sid, &wide))
		return false;
	int written = WideCharToMultiByte(CP_UTF8, 0, wide, -1, out, SID_TEXT_MAX, NULL, NULL);
	LocalFree(wide);
	return written > 0;
}

PSECURITY_DESCRIPTOR winsecurity_from_sddl(const wchar_t *sddl)
{
	PSECURITY_DESCRIPTOR descriptor = NULL;

	if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, &descriptor,
	                                                          NULL))
		return NULL;
	return descriptor;
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

static bool is_trusted(PSID sid, PSID owner, bool owner_is_admin_user)
{
	char text[SID_TEXT_MAX];

	if (owner_is_admin_user && owner != NULL && EqualSid(sid, owner))
		return true;
	if (!winsecurity_sid_text(sid, text))
		return false;
	for (size_t i = 0; i < sizeof trusted_sids / sizeof trusted_sids[0]; i++)
		if (text_equal_nocase(text, trusted_sids[i]))
			return true;
	return false;
}

bool winsecurity_owner_trusted(PSID owner)
{
	return owner != NULL && is_trusted(owner, owner, is_current_user(owner) && current_process_is_admin());
}

bool winsecurity_check(PSID owner, PACL dacl, DWORD rights, bool check_owner, const char *what,
                       const char *path, const char *hint, error_message *err)
{
	bool owner_is_admin_user = owner != NULL && is_current_user(owner) && current_process_is_admin();
	char text[SID_TEXT_MAX] = "an unknown SID";

	if (check_owner && !winsecurity_owner_trusted(owner)) {
		if (owner != NULL)
			winsecurity_sid_text(owner, text);
		return error_set(err, "%s %s is owned by %s, neither SYSTEM nor Administrators, so that "
		                      "account could change it (icacls /setowner Administrators); %s",
		                 what, path, text, hint);
	}
	if (dacl == NULL)
		return error_set(err, "%s %s has no DACL, so everyone can change it; %s", what, path,
		                 hint);
	for (DWORD i = 0; i < dacl->AceCount; i++) {
		ACE_HEADER *header = NULL;
		if (!GetAce(dacl, i, (LPVOID *)&header) || header->AceType != ACCESS_ALLOWED_ACE_TYPE ||
		    (header->AceFlags & INHERIT_ONLY_ACE) != 0)
			continue;
		ACCESS_ALLOWED_ACE *ace = (ACCESS_ALLOWED_ACE *)header;
		PSID sid = (PSID)&ace->SidStart;
		if ((ace->Mask & rights) == 0 || is_trusted(sid, owner, owner_is_admin_user))
			continue;
		winsecurity_sid_text(sid, text);
		return error_set(err, "%s %s grants write access to %s, so a non-administrator could "
		                      "change it; %s", what, path, text, hint);
	}
	return true;
}
