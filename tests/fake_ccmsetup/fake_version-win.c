#include "tests/fake_ccmsetup/fake_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "config/base/wide.h"

bool fake_native_record_version(const char *version)
{
	wchar_t *key = wide_from_utf8(strchr(FAKE_CLIENT_KEY, '\\') + 1);
	wchar_t *text = wide_from_utf8(version);
	HKEY handle;
	LONG status = RegCreateKeyExW(HKEY_LOCAL_MACHINE, key, 0, NULL, 0,
	                              KEY_SET_VALUE | KEY_WOW64_32KEY, NULL, &handle, NULL);

	if (status == ERROR_SUCCESS) {
		status = RegSetValueExW(handle, L"" FAKE_VERSION_VALUE, 0, REG_SZ, (const BYTE *)text,
		                        (DWORD)((wcslen(text) + 1) * sizeof *text));
		RegCloseKey(handle);
	}
	free(key);
	free(text);
	if (status != ERROR_SUCCESS)
		fprintf(stderr, "fake_ccmsetup: cannot record the client version: error %ld\n",
		        (long)status);
	return status == ERROR_SUCCESS;
}
