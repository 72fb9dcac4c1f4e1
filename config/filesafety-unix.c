#include "filesafety.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "filepath.h"

#define ALLOW_HINT "or pass --allow-insecure-config"

/* A writable folder with the sticky bit (/tmp) lets others add files but
 * not replace ours. */
static bool check_entry(const char *what, const char *path, bool is_folder, error_message *err)
{
	struct stat info;

	if (stat(path, &info) != 0)
		return error_set(err, "cannot check %s %s: %s; expected it readable", what, path,
		                 strerror(errno));
	if (info.st_uid != 0 && info.st_uid != geteuid())
		return error_set(err, "%s %s is owned by user id %u, neither root nor the current user, "
		                      "so that user could change what runs; expected it owned by root or "
		                      "you (chown), " ALLOW_HINT,
		                 what, path, (unsigned)info.st_uid);
	bool others_write = (info.st_mode & (S_IWGRP | S_IWOTH)) != 0;
	if (others_write && !(is_folder && (info.st_mode & S_ISVTX)))
		return error_set(err, "%s %s is writable by its group or by others (mode %04o), so a "
		                      "non-administrator could change what runs; expected write access "
		                      "for its owner only (chmod go-w), " ALLOW_HINT,
		                 what, path, (unsigned)(info.st_mode & 07777));
	return true;
}

bool filesafety_check(const char *path, error_message *err)
{
	if (!check_entry("the file", path, false, err))
		return false;
	char *folder = filepath_folder_of(path);
	if (folder == NULL)
		return error_set(err, "cannot find the folder of %s; expected a readable current folder", path);
	bool safe = check_entry("its folder", folder, true, err);
	free(folder);
	return safe;
}
