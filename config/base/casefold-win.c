#include "config/base/casefold.h"

#include <windows.h>

uint32_t casefold_upper(uint32_t codepoint)
{
	WCHAR unit = (WCHAR)codepoint;
	WCHAR upper;

	if (codepoint >= 0x10000 || (codepoint >= 0xD800 && codepoint <= 0xDFFF))
		return codepoint;
	/* Without LCMAP_LINGUISTIC_CASING, LCMapString uses the file system's
	 * casing rules, which the registry shares, whatever the user's locale. */
	if (LCMapStringW(LOCALE_INVARIANT, LCMAP_UPPERCASE, &unit, 1, &upper, 1) != 1)
		return codepoint;
	return upper;
}
