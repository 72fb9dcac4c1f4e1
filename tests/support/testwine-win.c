#include "tests/support/testwine.h"

#include <windows.h>

bool test_under_wine(void)
{
	return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != NULL;
}
