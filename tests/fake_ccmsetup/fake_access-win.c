/* The device check as the real custom action meets it on Windows: every
 * key of the device's subtree opened with KEY_ALL_ACCESS, so that the
 * system's own access check (Wine's, under test) says whether removal
 * would succeed. */
#include "tests/fake_ccmsetup/fake_access.h"

#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "config/base/text.h"

/* Registry key names are at most 255 characters. */
#define KEY_NAME_UNITS 256

static const struct {
	const char *name;
	HKEY handle;
} fake_roots[] = {
	{ "HKLM", HKEY_LOCAL_MACHINE }, { "HKCU", HKEY_CURRENT_USER }, { "HKU", HKEY_USERS },
};

static wchar_t *wide_from_utf8(const char *text)
{
	int units = MultiByteToWideChar(CP_UTF8, 0, text, -1, NULL, 0);
	wchar_t *wide = xmalloc((size_t)units * sizeof *wide);
	MultiByteToWideChar(CP_UTF8, 0, text, -1, wide, units);
	return wide;
}

static bool report_failure(LONG status, const char *what, const char *key)
{
	fprintf(stderr, "fake_ccmsetup: %s %s: error %ld\n", what, key, (long)status);
	return false;
}

/* Splits "HKLM\\a\\b" into the root's handle and "a\\b" (caller frees). */
static bool split_root(const char *key, HKEY *root, wchar_t **subkey)
{
	char *normalized;
	error_message err;

	if (!regpath_normalize(key, &normalized, &err)) {
		fprintf(stderr, "fake_ccmsetup: %s\n", err.text);
		return false;
	}
	const char *separator = strchr(normalized, '\\');
	size_t root_length = separator ? (size_t)(separator - normalized) : strlen(normalized);
	for (size_t i = 0; i < sizeof fake_roots / sizeof fake_roots[0]; i++) {
		if (strlen(fake_roots[i].name) == root_length &&
		    strncmp(normalized, fake_roots[i].name, root_length) == 0) {
			*root = fake_roots[i].handle;
			*subkey = wide_from_utf8(separator ? separator + 1 : "");
			free(normalized);
			return true;
		}
	}
	fprintf(stderr, "fake_ccmsetup: %s: no such root key\n", normalized);
	free(normalized);
	return false;
}

/* Opens parent\name with full access and walks its children; stops at the
 * first key the access check refuses. A child that vanishes meanwhile
 * needs no removal and is skipped. */
static bool walk_full_access(HKEY parent, const wchar_t *name, const char *device_key,
                             bool *denied)
{
	HKEY handle;
	LONG status = RegOpenKeyExW(parent, name, 0, KEY_ALL_ACCESS | KEY_WOW64_64KEY, &handle);

	if (status == ERROR_ACCESS_DENIED) {
		*denied = true;
		return true;
	}
	if (status == ERROR_FILE_NOT_FOUND)
		return true;
	if (status != ERROR_SUCCESS)
		return report_failure(status, "cannot open a key of", device_key);
	bool ok = true;
	wchar_t child[KEY_NAME_UNITS];
	for (DWORD index = 0; ok && !*denied; index++) {
		DWORD units = KEY_NAME_UNITS;
		status = RegEnumKeyExW(handle, index, child, &units, NULL, NULL, NULL, NULL);
		if (status == ERROR_NO_MORE_ITEMS)
			break;
		ok = status == ERROR_SUCCESS ? walk_full_access(handle, child, device_key, denied)
		                             : report_failure(status, "cannot list the subkeys of", device_key);
	}
	RegCloseKey(handle);
	return ok;
}

bool fake_native_device_access(const char *device_key, fake_access *access)
{
	HKEY root;
	HKEY probe;
	wchar_t *subkey;
	bool denied = false;

	if (!split_root(device_key, &root, &subkey))
		return false;
	LONG status = RegOpenKeyExW(root, subkey, 0, KEY_QUERY_VALUE | KEY_WOW64_64KEY, &probe);
	if (status == ERROR_FILE_NOT_FOUND) {
		free(subkey);
		*access = FAKE_DEVICE_ABSENT;
		return true;
	}
	if (status == ERROR_SUCCESS)
		RegCloseKey(probe);
	bool ok = walk_full_access(root, subkey, device_key, &denied);
	free(subkey);
	if (ok)
		*access = denied ? FAKE_DEVICE_DENIED : FAKE_DEVICE_REMOVABLE;
	return ok;
}
