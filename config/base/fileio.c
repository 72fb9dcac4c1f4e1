#include "config/base/fileio.h"

#include <limits.h>
#include <stdlib.h>
#include <uv.h>

#define CHUNK_SIZE 65536u

static int open_to_read(const char *path)
{
	uv_fs_t request;
	int file = uv_fs_open(NULL, &request, path, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&request);
	return file;
}

static void close_file(int file)
{
	uv_fs_t request;

	uv_fs_close(NULL, &request, file, NULL);
	uv_fs_req_cleanup(&request);
}

/* 0, or the libuv error code: UV_EFBIG when more than max_size bytes would
 * be appended. Reads at offsets from the start, so that the file's own
 * position (where an appending writer writes) stays as it is. */
static int read_to_end(int file, size_t max_size, strbuf *content)
{
	char *chunk = xmalloc(CHUNK_SIZE);
	size_t read_so_far = 0;
	int result = 0;

	strbuf_add(content, "", 0);
	for (;;) {
		uv_fs_t request;
		uv_buf_t buffer = uv_buf_init(chunk, CHUNK_SIZE);
		int count = uv_fs_read(NULL, &request, file, &buffer, 1, (int64_t)read_so_far, NULL);
		uv_fs_req_cleanup(&request);
		if (count <= 0) {
			result = count;
			break;
		}
		if ((size_t)count > max_size - read_so_far) {
			result = UV_EFBIG;
			break;
		}
		strbuf_add(content, chunk, (size_t)count);
		read_so_far += (size_t)count;
	}
	free(chunk);
	return result;
}

bool fileio_read_whole(const char *path, size_t max_size, strbuf *content, bool *missing,
                       error_message *err)
{
	int file = open_to_read(path);

	strbuf_add(content, "", 0);
	if (missing != NULL)
		*missing = file == UV_ENOENT;
	if (file == UV_ENOENT && missing != NULL)
		return true;
	if (file < 0)
		return error_set(err, "cannot open: %s", uv_strerror(file));
	int result = read_to_end(file, max_size, content);
	close_file(file);
	if (result == UV_EFBIG)
		return error_set(err, "larger than %zu bytes", max_size);
	if (result < 0)
		return error_set(err, "cannot read: %s", uv_strerror(result));
	return true;
}

int fileio_read_open(int file, size_t max_size, strbuf *content)
{
	return read_to_end(file, max_size, content);
}

int fileio_read_file(const char *path, size_t max_size, strbuf *content)
{
	int file = open_to_read(path);

	if (file < 0)
		return file;
	int result = read_to_end(file, max_size, content);
	close_file(file);
	return result;
}

int fileio_write_all(int file, const void *bytes, size_t size)
{
	const char *next = bytes;

	while (size > 0) {
		uv_fs_t request;
		uv_buf_t buffer = uv_buf_init((char *)next, size > INT_MAX ? INT_MAX : (unsigned)size);
		int written = uv_fs_write(NULL, &request, file, &buffer, 1, -1, NULL);
		uv_fs_req_cleanup(&request);
		if (written < 0)
			return written;
		if (written == 0)
			return UV_ENOSPC;
		next += written;
		size -= (size_t)written;
	}
	return 0;
}

int fileio_kind(const char *path, bool follow, unsigned *kind)
{
	uv_fs_t req;
	int rc = follow ? uv_fs_stat(NULL, &req, path, NULL) : uv_fs_lstat(NULL, &req, path, NULL);

	*kind = rc == 0 ? (unsigned)(req.statbuf.st_mode & S_IFMT) : 0;
	uv_fs_req_cleanup(&req);
	return rc;
}
