/* A DLL an attacker plants beside ccmwrap.exe under a system DLL's name:
 * loaded, it leaves NAME.loaded beside itself. Built for test_wine_loader. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved)
{
	wchar_t path[MAX_PATH + 8];
	(void)reserved;
	if (reason != DLL_PROCESS_ATTACH)
		return TRUE;
	DWORD length = GetModuleFileNameW(self, path, MAX_PATH);
	if (length == 0 || length >= MAX_PATH)
		return TRUE;
	lstrcpyW(path + length, L".loaded");
	HANDLE marker = CreateFileW(path, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
	if (marker != INVALID_HANDLE_VALUE)
		CloseHandle(marker);
	return TRUE;
}
