/* A program importing a function Windows 7 lacks (GetHostNameW, Windows
 * 8.1), for the test that cmake/check-imports.sh refuses it. Never run. */
#include <winsock2.h>

int main(void)
{
	wchar_t name[256];

	return GetHostNameW(name, 256);
}
