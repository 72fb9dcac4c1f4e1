#include "testsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "text.h"

static void fail(const char *what, const char *path)
{
	fprintf(stderr, "test support: %s %s failed\n", what, path);
	abort();
}

char *test_make_temp_dir(void)
{
	char base[4096];
	size_t size = sizeof base;
	uv_fs_t req;

	if (uv_os_tmpdir(base, &size) != 0)
		fail("uv_os_tmpdir", "");
	char *template = test_path(base, "ccmwrap-test-XXXXXX");
	if (uv_fs_mkdtemp(NULL, &req, template, NULL) < 0)
		fail("mkdtemp", template);
	char *path = xstrdup(req.path);
	uv_fs_req_cleanup(&req);
	free(template);
	return path;
}

void test_remove_tree(const char *path)
{
	uv_fs_t req;
	uv_dirent_t entry;

	if (uv_fs_scandir(NULL, &req, path, 0, NULL) >= 0) {
		while (uv_fs_scandir_next(&req, &entry) != UV_EOF) {
			char *child = test_path(path, entry.name);
			if (entry.type == UV_DIRENT_DIR)
				test_remove_tree(child);
			else {
				uv_fs_t unlink_req;
				uv_fs_unlink(NULL, &unlink_req, child, NULL);
				uv_fs_req_cleanup(&unlink_req);
			}
			free(child);
		}
	}
	uv_fs_req_cleanup(&req);
	uv_fs_rmdir(NULL, &req, path, NULL);
	uv_fs_req_cleanup(&req);
}

char *test_path(const char *folder, const char *name)
{
	size_t length = strlen(folder) + strlen(name) + 2;
	char *path = xmalloc(length);

	snprintf(path, length, "%s/%s", folder, name);
	return path;
}

void test_write_file(const char *path, const void *data, size_t size)
{
	FILE *file = fopen(path, "wb");

	if (file == NULL || fwrite(data, 1, size, file) != size || fclose(file) != 0)
		fail("write", path);
}

void test_write_text(const char *path, const char *text)
{
	test_write_file(path, text, strlen(text));
}

char *test_read_file(const char *path, size_t *size)
{
	FILE *file = fopen(path, "rb");
	strbuf content = STRBUF_INIT;
	char chunk[65536];
	size_t n;

	if (file == NULL)
		return NULL;
	strbuf_add(&content, "", 0);
	while ((n = fread(chunk, 1, sizeof chunk, file)) > 0)
		strbuf_add(&content, chunk, n);
	fclose(file);
	if (size != NULL)
		*size = content.length;
	return strbuf_detach(&content);
}

char *test_source_path(const char *relative)
{
	return test_path(CCMWRAP_SOURCE_DIR, relative);
}

static void process_exited(uv_process_t *process, int64_t exit_status, int term_signal)
{
	test_run_result *result = process->data;

	result->exit_code = exit_status;
	result->term_signal = term_signal;
	uv_close((uv_handle_t *)process, NULL);
}

static uv_file open_capture(const char *path)
{
	uv_fs_t req;
	int fd = uv_fs_open(NULL, &req, path, UV_FS_O_CREAT | UV_FS_O_TRUNC | UV_FS_O_RDWR, 0600, NULL);

	uv_fs_req_cleanup(&req);
	if (fd < 0)
		fail("open", path);
	return fd;
}

void test_run(const char *const *args, const char *cwd, test_run_result *result)
{
	uv_loop_t loop;
	uv_process_t process;
	uv_process_options_t options = { 0 };
	uv_stdio_container_t stdio[3];
	char *folder = test_make_temp_dir();
	char *out_path = test_path(folder, "stdout");
	char *err_path = test_path(folder, "stderr");
	uv_fs_t req;

	memset(result, 0, sizeof *result);
	uv_loop_init(&loop);
	uv_file out_fd = open_capture(out_path);
	uv_file err_fd = open_capture(err_path);
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_INHERIT_FD;
	stdio[1].data.fd = out_fd;
	stdio[2].flags = UV_INHERIT_FD;
	stdio[2].data.fd = err_fd;
	options.file = args[0];
	options.args = (char **)args;
	options.cwd = cwd;
	options.exit_cb = process_exited;
	options.stdio = stdio;
	options.stdio_count = 3;
	process.data = result;
	int rc = uv_spawn(&loop, &process, &options);
	if (rc != 0) {
		fprintf(stderr, "test support: cannot start %s: %s\n", args[0], uv_strerror(rc));
		abort();
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	uv_fs_close(NULL, &req, out_fd, NULL);
	uv_fs_req_cleanup(&req);
	uv_fs_close(NULL, &req, err_fd, NULL);
	uv_fs_req_cleanup(&req);
	result->out = test_read_file(out_path, NULL);
	result->err = test_read_file(err_path, NULL);
	test_remove_tree(folder);
	free(out_path);
	free(err_path);
	free(folder);
}

void test_run_result_free(test_run_result *result)
{
	free(result->out);
	free(result->err);
	result->out = NULL;
	result->err = NULL;
}
