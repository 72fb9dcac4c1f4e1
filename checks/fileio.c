#include "fileio.h"

#include <limits.h>
#include <stdlib.h>
#include <uv.h>

#define CHUNK_SIZE 65536u

static void close_file(int file)
{
	uv_fs_t request;

	uv_fs_close(NULL, &request, file, NULL);
	uv_fs_req_cleanup(&request);
}

bool fileio_read_whole(const char *path, size_t max_size, strbuf *content, bool *missing,
                       error_message *err)
{
	uv_fs_t request;
	int file = uv_fs_open(NULL, &request, path, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&request);
	strbuf_add(content, "", 0);
	if (missing != NULL)
		*missing = file == UV_ENOENT;
	if (file == UV_ENOENT && missing != NULL)
		return true;
	if (file < 0)
		return error_set(err, "cannot open: %s", uv_strerror(file));
	char *chunk = xmalloc(CHUNK_SIZE);
	size_t read_so_far = 0;
	bool ok = true;
	for (;;) {
		uv_buf_t buffer = uv_buf_init(chunk, CHUNK_SIZE);
		int count = uv_fs_read(NULL, &request, file, &buffer, 1, -1, NULL);
		uv_fs_req_cleanup(&request);
		if (count < 0)
			ok = error_set(err, "cannot read: %s", uv_strerror(count));
		if (count <= 0)
			break;
		if ((size_t)count > max_size - read_so_far) {
			ok = error_set(err, "larger than %zu bytes", max_size);
			break;
		}
		strbuf_add(content, chunk, (size_t)count);
		read_so_far += (size_t)count;
	}
	free(chunk);
	close_file(file);
	return ok;
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
