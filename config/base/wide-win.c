#include "config/base/wide.h"

#include <windows.h>

#include "config/base/text.h"

wchar_t *wide_from_utf8(const char *text)
{
	int units = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
	wchar_t *wide = xmalloc((size_t)units * sizeof *wide);

	MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, units);
	return wide;
}

char *wide_to_utf8(const wchar_t *wide, int units)
{
	int bytes = WideCharToMultiByte(CP_UTF8, 0, wide, units, NULL, 0, NULL, NULL);
	char *text = xmalloc((size_t)bytes + 1);

	WideCharToMultiByte(CP_UTF8, 0, wide, units, text, bytes, NULL, NULL);
	text[bytes] = '\0';
	return text;
}

char *wide_error_text(unsigned long code)
{
	wchar_t *wide = NULL;
	DWORD length = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
	                                  FORMAT_MESSAGE_IGNORE_INSERTS,
	                              NULL, code, 0, (LPWSTR)&wide, 0, NULL);
	char *text = length ? wide_to_utf8(wide, -1) : xstrdup("unknown error");

	LocalFree(wide);
	return text_trim(text);
}
