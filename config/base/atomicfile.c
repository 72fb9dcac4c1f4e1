#include "config/base/atomicfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/text.h"

#define BUFFER_SIZE 65536u
#define CREATE_ATTEMPTS 16
/* A new file gets what the umask allows of this. */
#define NEW_FILE_MODE 0666

static bool uv_failure(error_message *err, const char *what, const char *path, int code)
{
	return error_set(err, "cannot %s '%s': %s", what, path, uv_strerror(code));
}

static int existing_mode(const char *path)
{
	uv_fs_t req;
	int result = uv_fs_stat(NULL, &req, path, NULL);
	int mode = result == 0 ? (int)(req.statbuf.st_mode & 07777) : NEW_FILE_MODE;

	uv_fs_req_cleanup(&req);
	return mode;
}

static char *temp_name(const char *path)
{
	unsigned char random_bytes[4];
	strbuf name = STRBUF_INIT;

	if (uv_random(NULL, NULL, random_bytes, sizeof random_bytes, 0, NULL) != 0)
		memset(random_bytes, 0, sizeof random_bytes);
	strbuf_printf(&name, "%s.tmp-%02x%02x%02x%02x", path, random_bytes[0], random_bytes[1],
	              random_bytes[2], random_bytes[3]);
	return strbuf_detach(&name);
}

bool atomicfile_begin(atomicfile *out, const char *path, error_message *err)
{
	int mode = existing_mode(path);

	memset(out, 0, sizeof *out);
	for (int attempt = 0; attempt < CREATE_ATTEMPTS; attempt++) {
		uv_fs_t req;
		char *candidate = temp_name(path);
		int file = uv_fs_open(NULL, &req, candidate,
		                      UV_FS_O_CREAT | UV_FS_O_EXCL | UV_FS_O_WRONLY, mode, NULL);
		uv_fs_req_cleanup(&req);
		if (file >= 0) {
			out->path = xstrdup(path);
			out->temp_path = candidate;
			out->file = file;
			out->buffer = xmalloc(BUFFER_SIZE);
			return true;
		}
		free(candidate);
		if (file != UV_EEXIST)
			return error_set(err, "cannot create a temporary file beside '%s': %s", path,
			                 uv_strerror(file));
	}
	return error_set(err, "cannot create a temporary file beside '%s': every name tried exists",
	                 path);
}

static bool flush_buffer(atomicfile *file, error_message *err)
{
	int result = fileio_write_all(file->file, file->buffer, file->used);

	if (result < 0)
		return uv_failure(err, "write", file->temp_path, result);
	file->used = 0;
	return true;
}

bool atomicfile_write(atomicfile *file, const void *bytes, size_t size, error_message *err)
{
	const unsigned char *p = bytes;

	while (size > 0) {
		size_t room = BUFFER_SIZE - file->used;
		size_t take = size < room ? size : room;
		memcpy(file->buffer + file->used, p, take);
		file->used += take;
		p += take;
		size -= take;
		if (file->used == BUFFER_SIZE && !flush_buffer(file, err))
			return false;
	}
	return true;
}

static void release(atomicfile *file)
{
	free(file->path);
	free(file->temp_path);
	free(file->buffer);
	memset(file, 0, sizeof *file);
}

static int close_file(atomicfile *file)
{
	uv_fs_t req;
	int result = uv_fs_close(NULL, &req, file->file, NULL);

	uv_fs_req_cleanup(&req);
	return result;
}

static void remove_temp(atomicfile *file)
{
	uv_fs_t req;

	uv_fs_unlink(NULL, &req, file->temp_path, NULL);
	uv_fs_req_cleanup(&req);
}

/* The folder with its trailing separator, which opens as the folder. */
static char *folder_of(const char *path)
{
	size_t length = (size_t)(filepath_base_name(path) - path);

	return length == 0 ? xstrdup(".") : xstrndup(path, length);
}

/* The rename itself is made durable by flushing the folder. Windows cannot
 * open a folder as a file, and its rename is durable on its own, so a
 * folder that does not open is left at that. */
static void flush_folder(const char *path)
{
	uv_fs_t req;
	char *folder = folder_of(path);
	int handle = uv_fs_open(NULL, &req, folder, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&req);
	if (handle >= 0) {
		uv_fs_fsync(NULL, &req, handle, NULL);
		uv_fs_req_cleanup(&req);
		uv_fs_close(NULL, &req, handle, NULL);
		uv_fs_req_cleanup(&req);
	}
	free(folder);
}

/* A reader holding the target open (atomicfile.h) is gone within
 * moments; on POSIX a refusal is for good, and the wait only delays its
 * message. */
#define RENAME_RETRY_MS 2000u

int atomicfile_rename_over(const char *from, const char *to, atomicfile_pause *pause,
                           void *context)
{
	unsigned waited = 0;

	for (unsigned ms = 1;; ms *= 2) {
		uv_fs_t req;
		int result = uv_fs_rename(NULL, &req, from, to, NULL);
		uv_fs_req_cleanup(&req);
		if ((result != UV_EPERM && result != UV_EACCES && result != UV_EBUSY) ||
		    waited >= RENAME_RETRY_MS)
			return result;
		pause(ms, context);
		waited += ms;
	}
}

static void sleep_pause(unsigned ms, void *context)
{
	(void)context;
	uv_sleep(ms);
}

bool atomicfile_commit(atomicfile *file, error_message *err)
{
	uv_fs_t req;
	bool ok = flush_buffer(file, err);

	if (ok) {
		int result = uv_fs_fsync(NULL, &req, file->file, NULL);
		uv_fs_req_cleanup(&req);
		if (result < 0)
			ok = uv_failure(err, "flush", file->temp_path, result);
	}
	int closed = close_file(file);
	if (ok && closed < 0)
		ok = uv_failure(err, "close", file->temp_path, closed);
	if (ok) {
		int result = atomicfile_rename_over(file->temp_path, file->path, sleep_pause, NULL);
		if (result < 0)
			ok = error_set(err, "cannot replace '%s': %s", file->path, uv_strerror(result));
	}
	if (ok)
		flush_folder(file->path);
	else
		remove_temp(file);
	release(file);
	return ok;
}

void atomicfile_abandon(atomicfile *file)
{
	close_file(file);
	remove_temp(file);
	release(file);
}

bool atomicfile_replace(const char *path, const void *bytes, size_t size, error_message *err)
{
	atomicfile file;

	if (!atomicfile_begin(&file, path, err))
		return false;
	if (!atomicfile_write(&file, bytes, size, err)) {
		atomicfile_abandon(&file);
		return false;
	}
	return atomicfile_commit(&file, err);
}
