#include "config/base/sid.h"

#include <windows.h>

#include "config/base/winsecurity.h"

/* Windows resolves the alias as it resolves one in any descriptor it
 * converts ("O:DU" -> the owner SID). ConvertStringSidToSidW would do it
 * too, but Microsoft's "SID Strings" page says that function takes no SDDL
 * aliases; the descriptor conversion is the documented way. Outside a
 * domain Windows may refuse the domain aliases: they then stay aliases. */
bool sid_resolve_relative(const char *alias, char out[SID_TEXT_MAX])
{
	wchar_t text[] = { L'O', L':', (wchar_t)alias[0], (wchar_t)alias[1], L'\0' };
	PSECURITY_DESCRIPTOR descriptor;
	PSID owner = NULL;
	BOOL defaulted = FALSE;

	if (alias[0] == '\0' || alias[1] == '\0' || alias[2] != '\0')
		return false;
	descriptor = winsecurity_from_sddl(text);
	if (descriptor == NULL)
		return false;
	bool ok = GetSecurityDescriptorOwner(descriptor, &owner, &defaulted) && owner != NULL &&
	          winsecurity_sid_text(owner, out);
	LocalFree(descriptor);
	return ok;
}
