#include "config/base/statefile.h"

#include <fcntl.h>
#include <io.h>
#include <stdlib.h>
#include <windows.h>
#include <aclapi.h>

#include "config/base/wide.h"
#include "config/base/winsecurity.h"

#define REMOVE_HINT "remove it"

static HANDLE open_no_follow(const wchar_t *path, statefile_access access, DWORD disposition)
{
	DWORD rights = GENERIC_READ | READ_CONTROL |
	               (access == STATEFILE_APPEND ? FILE_WRITE_DATA | FILE_APPEND_DATA : 0);

	return CreateFileW(path, rights, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
	                   disposition, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, NULL);
}

static bool refuse(HANDLE handle, error_message *err, const char *format, const char *path,
                   unsigned long detail)
{
	CloseHandle(handle);
	return error_set(err, format, path, detail);
}

static bool check_security(HANDLE handle, const char *path, error_message *err)
{
	PSID owner = NULL;
	PACL dacl = NULL;
	PSECURITY_DESCRIPTOR descriptor = NULL;

	if (GetSecurityInfo(handle, SE_FILE_OBJECT,
	                    OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION, &owner, NULL,
	                    &dacl, NULL, &descriptor) != ERROR_SUCCESS)
		return refuse(handle, err, "cannot read the security of %s: Windows error %lu", path,
		              (unsigned long)GetLastError());
	bool safe = winsecurity_check(owner, dacl, WINSECURITY_WRITE_RIGHTS, true, "the state file",
	                              path, REMOVE_HINT, err);
	LocalFree(descriptor);
	if (!safe)
		CloseHandle(handle);
	return safe;
}

static bool check_handle(HANDLE handle, const char *path, error_message *err)
{
	BY_HANDLE_FILE_INFORMATION info;

	if (!GetFileInformationByHandle(handle, &info))
		return refuse(handle, err, "cannot look at %s: Windows error %lu", path,
		              (unsigned long)GetLastError());
	if (info.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT)
		return refuse(handle, err, "%s is a link (reparse point %lx), not a state file ccmwrap "
		                           "made: remove it", path, (unsigned long)info.dwFileAttributes);
	if (info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
		return refuse(handle, err, "%s is a folder (attributes %lx), not a state file ccmwrap "
		                           "made: remove it", path, (unsigned long)info.dwFileAttributes);
	if (info.nNumberOfLinks != 1)
		return refuse(handle, err, "%s has %lu names (hard links): what is written to it would "
		                           "change another file: remove it", path,
		              (unsigned long)info.nNumberOfLinks);
	return check_security(handle, path, err);
}

/* A folder in the file's place cannot be opened as a file at all. */
static bool open_failed(const wchar_t *wide, const char *path, DWORD error, error_message *err)
{
	DWORD attributes = GetFileAttributesW(wide);

	if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY))
		return error_set(err, "%s is a folder, not a state file ccmwrap made: remove it", path);
	if (error == ERROR_FILE_EXISTS)
		return error_set(err, "%s appeared while ccmwrap was creating it: remove it", path);
	return error_set(err, "cannot open %s: Windows error %lu", path, (unsigned long)error);
}

bool statefile_open(const char *path, statefile_access access, int *file, bool *missing,
                    error_message *err)
{
	wchar_t *wide = wide_from_utf8(path);
	HANDLE handle = open_no_follow(wide, access, OPEN_EXISTING);
	DWORD error = handle == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;

	if (error == ERROR_FILE_NOT_FOUND && access == STATEFILE_APPEND) {
		handle = open_no_follow(wide, access, CREATE_NEW);
		error = handle == INVALID_HANDLE_VALUE ? GetLastError() : ERROR_SUCCESS;
	}
	*file = -1;
	if (missing != NULL)
		*missing = error == ERROR_FILE_NOT_FOUND && access == STATEFILE_READ;
	bool ok = (missing != NULL && *missing) ||
	          (error != ERROR_SUCCESS ? open_failed(wide, path, error, err)
	                                  : check_handle(handle, path, err));
	free(wide);
	if (!ok || error != ERROR_SUCCESS)
		return ok;
	/* Writes go where the file pointer is: at the end, for appending. */
	LARGE_INTEGER end = { .QuadPart = 0 };
	if (access == STATEFILE_APPEND)
		SetFilePointerEx(handle, end, NULL, FILE_END);
	*file = _open_osfhandle((intptr_t)handle, access == STATEFILE_READ ? _O_RDONLY : _O_RDWR);
	return *file >= 0 || refuse(handle, err, "cannot use %s: C runtime error %lu", path, 0);
}

bool statefile_truncate(int file, int64_t length, error_message *err)
{
	HANDLE handle = (HANDLE)_get_osfhandle(file);
	LARGE_INTEGER position = { .QuadPart = length };

	return (SetFilePointerEx(handle, position, NULL, FILE_BEGIN) && SetEndOfFile(handle)) ||
	       error_set(err, "cannot cut the file to %lld bytes: Windows error %lu", (long long)length,
	                 (unsigned long)GetLastError());
}
