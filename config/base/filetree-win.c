#include "config/base/filetree.h"

#include <stdlib.h>
#include <string.h>
#include <windows.h>

#include "config/base/filepath.h"
#include "config/base/text.h"
#include "config/base/wide.h"

static bool failed(error_message *err, const char *what, const char *path)
{
	return error_set(err, "cannot %s %s: Windows error %lu", what, path,
	                 (unsigned long)GetLastError());
}

static bool is_gone(DWORD error)
{
	return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND;
}

/* The names in a folder, read whole before anything in it changes. */
static bool list_folder(const char *folder, strlist *names, error_message *err)
{
	char *pattern = filepath_resolve(folder, "*");
	wchar_t *wide = wide_from_utf8(pattern);
	WIN32_FIND_DATAW found;
	HANDLE search = FindFirstFileW(wide, &found);

	free(wide);
	free(pattern);
	if (search == INVALID_HANDLE_VALUE)
		return GetLastError() == ERROR_FILE_NOT_FOUND || failed(err, "list the folder", folder);
	do {
		if (wcscmp(found.cFileName, L".") != 0 && wcscmp(found.cFileName, L"..") != 0)
			strlist_add_owned(names, wide_to_utf8(found.cFileName, -1));
	} while (FindNextFileW(search, &found));
	DWORD error = GetLastError();
	FindClose(search);
	SetLastError(error);
	return error == ERROR_NO_MORE_FILES || failed(err, "list the folder", folder);
}

static bool copy_folder(const char *source, const wchar_t *wide_target, const char *target,
                        error_message *err)
{
	strlist names = STRLIST_INIT;

	if (!CreateDirectoryW(wide_target, NULL))
		return failed(err, "create the folder", target);
	bool ok = list_folder(source, &names, err) &&
	          filetree_copy_names(source, target, &names, err);
	strlist_free(&names);
	return ok;
}

bool filetree_copy(const char *source, const char *target, error_message *err)
{
	wchar_t *wide_source = wide_from_utf8(source);
	wchar_t *wide_target = wide_from_utf8(target);
	DWORD attributes = GetFileAttributesW(wide_source);
	bool ok;

	if (attributes == INVALID_FILE_ATTRIBUTES)
		ok = failed(err, "open", source);
	else if (attributes & FILE_ATTRIBUTE_REPARSE_POINT)
		ok = error_set(err, "%s is a link (reparse point); expected a file or a folder", source);
	else if (attributes & FILE_ATTRIBUTE_DIRECTORY)
		ok = copy_folder(source, wide_target, target, err);
	else
		ok = CopyFileW(wide_source, wide_target, TRUE) || failed(err, "copy to", target);
	free(wide_source);
	free(wide_target);
	return ok;
}

static bool remove_any(const char *path, error_message *err);

static bool remove_folder_contents(const char *path, error_message *err)
{
	strlist names = STRLIST_INIT;
	bool ok = list_folder(path, &names, err);

	for (size_t i = 0; ok && i < names.count; i++) {
		char *inner = filepath_resolve(path, names.items[i]);
		ok = remove_any(inner, err);
		free(inner);
	}
	strlist_free(&names);
	return ok;
}

/* A reparse point (a junction, a symbolic link) is removed as itself:
 * RemoveDirectoryW and DeleteFileW act on the link, never its target. */
static bool remove_any(const char *path, error_message *err)
{
	wchar_t *wide = wide_from_utf8(path);
	DWORD attributes = GetFileAttributesW(wide);
	bool ok;

	if (attributes == INVALID_FILE_ATTRIBUTES)
		ok = is_gone(GetLastError()) || failed(err, "look at", path);
	else if ((attributes & FILE_ATTRIBUTE_DIRECTORY) &&
	         !(attributes & FILE_ATTRIBUTE_REPARSE_POINT))
		ok = remove_folder_contents(path, err) &&
		     (RemoveDirectoryW(wide) || failed(err, "remove", path));
	else if (attributes & FILE_ATTRIBUTE_DIRECTORY)
		ok = RemoveDirectoryW(wide) || failed(err, "remove", path);
	else {
		if (attributes & FILE_ATTRIBUTE_READONLY)
			SetFileAttributesW(wide, attributes & ~(DWORD)FILE_ATTRIBUTE_READONLY);
		ok = DeleteFileW(wide) || is_gone(GetLastError()) || failed(err, "remove", path);
	}
	free(wide);
	return ok;
}

bool filetree_remove(const char *path, error_message *err)
{
	return remove_any(path, err);
}
