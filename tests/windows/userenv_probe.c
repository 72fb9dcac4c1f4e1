/* A program importing USERENV.dll the plain way, as ccmwrap.exe did through
 * libuv: cmake/check-imports.sh refuses it (USERENV is not a KnownDLL), and
 * test_wine_loader shows that a USERENV.dll planted beside it is loaded.
 * The import is called only when asked ("call"): the planted DLL lacks it. */
#include <string.h>
#include <windows.h>
#include <userenv.h>

int main(int argc, char **argv)
{
	wchar_t folder[MAX_PATH];
	DWORD size = MAX_PATH;
	HANDLE token;

	if (argc < 2 || strcmp(argv[1], "call") != 0)
		return 0;
	if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
		return 1;
	BOOL ok = GetUserProfileDirectoryW(token, folder, &size);
	CloseHandle(token);
	return ok ? 0 : 2;
}
