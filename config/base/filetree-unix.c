#include "config/base/filetree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/text.h"

#define COPY_BUFFER_SIZE 65536

static bool failed(error_message *err, const char *what, const char *path)
{
	return error_set(err, "cannot %s %s: %s", what, path, strerror(errno));
}

/* The names in a folder, read whole before anything in it changes. */
static bool list_folder(int folder, const char *shown, strlist *names, error_message *err)
{
	int copy = dup(folder);
	DIR *dir = copy < 0 ? NULL : fdopendir(copy);
	struct dirent *entry;

	if (dir == NULL) {
		if (copy >= 0)
			close(copy);
		return failed(err, "list the folder", shown);
	}
	while ((entry = readdir(dir)) != NULL)
		if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
			strlist_add(names, entry->d_name);
	closedir(dir);
	return true;
}

static bool copy_bytes(int from, int to, const char *source, const char *target,
                       error_message *err)
{
	char *buffer = xmalloc(COPY_BUFFER_SIZE);
	bool ok = true;

	for (;;) {
		ssize_t got = read(from, buffer, COPY_BUFFER_SIZE);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			ok = got == 0 || failed(err, "read", source);
			break;
		}
		int code = fileio_write_all(to, buffer, (size_t)got);
		if (code != 0) {
			ok = error_set(err, "cannot write %s: %s", target, uv_strerror(code));
			break;
		}
	}
	free(buffer);
	return ok;
}

static bool copy_file(int from, const struct stat *info, const char *source, const char *target,
                      error_message *err)
{
	int to = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	              info->st_mode & 0755);

	if (to < 0)
		return failed(err, "create", target);
	bool ok = copy_bytes(from, to, source, target, err);
	if (close(to) != 0 && ok)
		ok = failed(err, "write", target);
	return ok;
}

static bool copy_folder(int from, const struct stat *info, const char *source, const char *target,
                        error_message *err)
{
	strlist names = STRLIST_INIT;

	if (mkdir(target, info->st_mode & 0755) != 0)
		return failed(err, "create the folder", target);
	bool ok = list_folder(from, source, &names, err) &&
	          filetree_copy_names(source, target, &names, err);
	strlist_free(&names);
	return ok;
}

bool filetree_copy(const char *source, const char *target, error_message *err)
{
	struct stat info;
	int from = open(source, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

	if (from < 0 && errno == ELOOP)
		return error_set(err, "%s is a symbolic link; expected a file or a folder", source);
	if (from < 0)
		return failed(err, "open", source);
	bool ok;
	if (fstat(from, &info) != 0)
		ok = failed(err, "look at", source);
	else if (S_ISDIR(info.st_mode))
		ok = copy_folder(from, &info, source, target, err);
	else if (S_ISREG(info.st_mode))
		ok = copy_file(from, &info, source, target, err);
	else
		ok = error_set(err, "%s is neither a file nor a folder (mode %lo)", source,
		               (unsigned long)info.st_mode);
	close(from);
	return ok;
}

static bool remove_in(int folder, const char *shown, error_message *err);

/* Removes name inside the open folder: a folder is opened relative to it
 * without following a link, so a link swapped in cannot lead outside. */
static bool remove_entry(int folder, const char *name, const char *shown, error_message *err)
{
	struct stat info;

	if (fstatat(folder, name, &info, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT || failed(err, "look at", shown);
	if (!S_ISDIR(info.st_mode))
		return unlinkat(folder, name, 0) == 0 || errno == ENOENT || failed(err, "remove", shown);
	int inner = openat(folder, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (inner < 0)
		return failed(err, "open the folder", shown);
	bool ok = remove_in(inner, shown, err);
	close(inner);
	return ok && (unlinkat(folder, name, AT_REMOVEDIR) == 0 || failed(err, "remove", shown));
}

static bool remove_in(int folder, const char *shown, error_message *err)
{
	strlist names = STRLIST_INIT;
	bool ok = list_folder(folder, shown, &names, err);

	for (size_t i = 0; ok && i < names.count; i++) {
		char *path = filepath_resolve(shown, names.items[i]);
		ok = remove_entry(folder, names.items[i], path, err);
		free(path);
	}
	strlist_free(&names);
	return ok;
}

bool filetree_remove(const char *path, error_message *err)
{
	char *copy = xstrdup(path);
	char *slash = strrchr(copy, '/');
	const char *name = slash != NULL ? slash + 1 : copy;
	const char *parent = slash == NULL ? "." : slash == copy ? "/" : copy;

	if (slash != NULL && slash != copy)
		*slash = '\0';
	int folder = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	bool ok = folder >= 0 ? remove_entry(folder, name, path, err)
	                      : errno == ENOENT || failed(err, "open the folder", parent);
	if (folder >= 0)
		close(folder);
	free(copy);
	return ok;
}
