#include "config/base/filesafety.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/base/filepath.h"
#include "config/base/text.h"

#define ALLOW_HINT "or pass --allow-insecure-config"

static bool trusted_owner(uid_t owner)
{
	return owner == 0 || owner == geteuid();
}

static bool others_write(const struct stat *info)
{
	return (info->st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

static bool check_owner(const char *what, const char *path, const struct stat *info,
                        error_message *err)
{
	if (trusted_owner(info->st_uid))
		return true;
	return error_set(err, "%s %s is owned by user id %u, neither root nor the current user, "
	                      "so that user could change what runs; expected it owned by root or "
	                      "you (chown), " ALLOW_HINT,
	                 what, path, (unsigned)info->st_uid);
}

/* A writable folder with the sticky bit (/tmp) lets others add files but
 * not replace ours; sticky_ok says whether adding is harmless. */
static bool check_entry(const char *what, const char *path, bool sticky_ok, error_message *err)
{
	struct stat info;

	if (stat(path, &info) != 0)
		return error_set(err, "cannot check %s %s: %s; expected it readable", what, path,
		                 strerror(errno));
	if (!check_owner(what, path, &info, err))
		return false;
	if (others_write(&info) && !(sticky_ok && S_ISDIR(info.st_mode) && (info.st_mode & S_ISVTX)))
		return error_set(err, "%s %s is writable by its group or by others (mode %04o), so a "
		                      "non-administrator could change what runs; expected write access "
		                      "for its owner only (chmod go-w), " ALLOW_HINT,
		                 what, path, (unsigned)(info.st_mode & 07777));
	return true;
}

/* Every folder above folder, up to the root: renaming folder away takes
 * write access to its parent (without the sticky bit there). */
static bool check_ancestors(const char *folder, error_message *err)
{
	char *current = filepath_resolve(folder, "");
	bool safe = true;

	while (safe && strcmp(current, "/") != 0) {
		char *parent = filepath_resolve(current, "..");
		safe = check_entry("a folder above it:", parent, true, err);
		free(current);
		current = parent;
	}
	free(current);
	return safe;
}

bool filesafety_check(const char *path, error_message *err)
{
	if (!check_entry("the file", path, false, err))
		return false;
	char *folder = filepath_folder_of(path);
	if (folder == NULL)
		return error_set(err, "cannot find the folder of %s; expected a readable current folder", path);
	bool safe = check_entry("its folder", folder, true, err) && check_ancestors(folder, err);
	free(folder);
	return safe;
}

bool filesafety_check_folder(const char *folder, error_message *err)
{
	return check_entry("the folder", folder, false, err) && check_ancestors(folder, err);
}

bool filesafety_prepare_state_folder(const char *folder, error_message *err)
{
	struct stat info;

	if (mkdir(folder, 0700) != 0 && errno != EEXIST)
		return error_set(err, "cannot create the state folder %s: %s", folder, strerror(errno));
	if (lstat(folder, &info) != 0)
		return error_set(err, "cannot check the state folder %s: %s", folder, strerror(errno));
	if (S_ISLNK(info.st_mode) || !S_ISDIR(info.st_mode))
		return error_set(err, "the state folder %s is %s, not a folder ccmwrap made; expected "
		                      "a folder: remove it", folder,
		                 S_ISLNK(info.st_mode) ? "a symbolic link" : "a file");
	if (!trusted_owner(info.st_uid))
		return error_set(err, "the state folder %s is owned by user id %u, neither root nor the "
		                      "current user; expected it owned by root: remove it", folder,
		                 (unsigned)info.st_uid);
	if (others_write(&info) && chmod(folder, info.st_mode & 0755) != 0)
		return error_set(err, "the state folder %s is writable by others (mode %04o) and cannot "
		                      "be closed: %s", folder, (unsigned)(info.st_mode & 07777),
		                 strerror(errno));
	return check_ancestors(folder, err);
}
