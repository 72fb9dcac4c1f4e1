/* Before anything else: the DLLs imported late (cmake/delayload.cmake,
 * CCMWRAP_DELAY_LOADED_DLLS) are loaded from system32 by full path, so
 * that a copy planted beside ccmwrap.exe or in the current folder never
 * runs as SYSTEM, and later loads search system32 only where Windows can
 * (SetDefaultDllDirectories: Windows 8, or 7 with KB2533623; looked up,
 * not imported). The arguments arrive as UTF-16 (wmain, -municode),
 * whatever the ANSI code page, and go on as UTF-8. */
#include "wrapper/main.h"

#include <stdio.h>
#include <stdlib.h>
#include <wchar.h>
#include <windows.h>

#include "config/base/text.h"
#include "config/base/wide.h"
#include "wrapper/report/exitcode.h"

typedef BOOL(WINAPI *set_default_dll_directories_fn)(DWORD flags);

static bool load_from_system32(const wchar_t *dll)
{
	wchar_t path[MAX_PATH];
	UINT length = GetSystemDirectoryW(path, MAX_PATH);

	if (length == 0 || length + 1 + wcslen(dll) >= MAX_PATH)
		return false;
	path[length] = L'\\';
	wcscpy(path + length + 1, dll);
	return LoadLibraryExW(path, NULL, LOAD_WITH_ALTERED_SEARCH_PATH) != NULL;
}

static bool secure_the_loader(void)
{
	static const wchar_t *const delay_loaded[] = { CCMWRAP_DELAY_LOADED_DLLS };
	set_default_dll_directories_fn set_default = (set_default_dll_directories_fn)(void (*)(void))
	    GetProcAddress(GetModuleHandleW(L"kernel32.dll"), "SetDefaultDllDirectories");

	SetDllDirectoryW(L"");   /* not the current folder */
	if (set_default != NULL)
		set_default(LOAD_LIBRARY_SEARCH_SYSTEM32);
	for (size_t i = 0; i < sizeof delay_loaded / sizeof delay_loaded[0]; i++)
		if (!load_from_system32(delay_loaded[i]))
			return false;
	return true;
}

int wmain(int argc, wchar_t **wide_argv)
{
	if (!secure_the_loader()) {
		fprintf(stderr, "ccmwrap: cannot load its system DLLs from the system folder "
		                "(Windows error %lu)\n", (unsigned long)GetLastError());
		return EXIT_COMMAND_ERROR;
	}
	char **argv = xcalloc((size_t)argc + 1, sizeof *argv);
	for (int i = 0; i < argc; i++)
		argv[i] = wide_to_utf8(wide_argv[i], -1);
	int code = ccmwrap_main(argc, argv);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	free(argv);
	return code;
}
