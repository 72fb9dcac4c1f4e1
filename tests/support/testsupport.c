#include "tests/support/testsupport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/text.h"

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
	filepath_to_native(path);
	return path;
}

char *test_native_path(const char *path)
{
	char *native = xstrdup(path);

	filepath_to_native(native);
	return native;
}

/* Through libuv, whose paths are UTF-8 on Windows too (stdio's are ANSI). */
static void write_bytes(const char *path, int flags, const void *data, size_t size,
                        const char *what)
{
	uv_fs_t req;
	int file = uv_fs_open(NULL, &req, path, flags, 0600, NULL);

	uv_fs_req_cleanup(&req);
	if (file < 0)
		fail(what, path);
	int written = fileio_write_all(file, data, size);
	int closed = uv_fs_close(NULL, &req, file, NULL);
	uv_fs_req_cleanup(&req);
	if (written != 0 || closed != 0)
		fail(what, path);
}

void test_write_file(const char *path, const void *data, size_t size)
{
	uv_fs_t req;

	write_bytes(path, UV_FS_O_WRONLY | UV_FS_O_CREAT | UV_FS_O_TRUNC, data, size, "write");
	/* Private whatever the umask: ccmwrap trusts only such INIs and state. */
	if (uv_fs_chmod(NULL, &req, path, 0600, NULL) != 0)
		fail("chmod", path);
	uv_fs_req_cleanup(&req);
}

void test_write_text(const char *path, const char *text)
{
	test_write_file(path, text, strlen(text));
}

void test_append_file(const char *path, const void *data, size_t size)
{
	write_bytes(path, UV_FS_O_WRONLY | UV_FS_O_CREAT | UV_FS_O_APPEND, data, size, "append");
}

bool test_exists(const char *path)
{
	uv_fs_t req;
	int status = uv_fs_stat(NULL, &req, path, NULL);

	uv_fs_req_cleanup(&req);
	return status == 0;
}

char *test_read_file(const char *path, size_t *size)
{
	strbuf content = STRBUF_INIT;

	if (fileio_read_file(path, SIZE_MAX, &content) != 0) {
		strbuf_free(&content);
		return NULL;
	}
	strbuf_add(&content, "", 0);
	if (size != NULL)
		*size = content.length;
	return strbuf_detach(&content);
}

char *test_source_path(const char *relative)
{
	return test_path(CCMWRAP_SOURCE_DIR, relative);
}

char *test_copy_source(const char *relative, const char *folder)
{
	char *source = test_source_path(relative);
	size_t size;
	char *bytes = test_read_file(source, &size);

	if (bytes == NULL)
		fail("read", source);
	char *copy = test_path(folder, filepath_base_name(relative));
	test_write_file(copy, bytes, size);
	free(bytes);
	free(source);
	return copy;
}

char *test_copy_sources(const char *const *relative)
{
	char *folder = test_make_temp_dir();

	for (; *relative != NULL; relative++)
		free(test_copy_source(*relative, folder));
	return folder;
}

char *test_read_sample_log(const char *name, size_t *size)
{
	char *relative = test_path("samples/logs", name);
	char *path = test_source_path(relative);
	char *bytes = test_read_file(path, size);

	if (bytes == NULL)
		fail("read", path);
	free(path);
	free(relative);
	return bytes;
}

test_temp_file *test_temp_file_new(const char *name)
{
	test_temp_file *file = xcalloc(1, sizeof *file);

	file->folder = test_make_temp_dir();
	file->path = test_path(file->folder, name);
	return file;
}

void test_temp_file_free(test_temp_file *file)
{
	test_remove_tree(file->folder);
	free(file->folder);
	free(file->path);
	free(file);
}

struct test_process {
	uv_loop_t loop;
	uv_process_t process;
	char *folder;
	char *out_path;
	char *err_path;
	uv_file out_fd;
	uv_file err_fd;
	test_run_result result;
};

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

static void close_capture(uv_file fd)
{
	uv_fs_t req;

	uv_fs_close(NULL, &req, fd, NULL);
	uv_fs_req_cleanup(&req);
}

test_process *test_start(const char *const *args, const char *cwd)
{
	test_process *started = xcalloc(1, sizeof *started);
	uv_process_options_t options = { 0 };
	uv_stdio_container_t stdio[3];

	started->folder = test_make_temp_dir();
	started->out_path = test_path(started->folder, "stdout");
	started->err_path = test_path(started->folder, "stderr");
	uv_loop_init(&started->loop);
	started->out_fd = open_capture(started->out_path);
	started->err_fd = open_capture(started->err_path);
	stdio[0].flags = UV_IGNORE;
	stdio[1].flags = UV_INHERIT_FD;
	stdio[1].data.fd = started->out_fd;
	stdio[2].flags = UV_INHERIT_FD;
	stdio[2].data.fd = started->err_fd;
	options.file = args[0];
	options.args = (char **)args;
	options.cwd = cwd;
	options.exit_cb = process_exited;
	options.stdio = stdio;
	options.stdio_count = 3;
	started->process.data = &started->result;
	int rc = uv_spawn(&started->loop, &started->process, &options);
	if (rc != 0) {
		fprintf(stderr, "test support: cannot start %s: %s\n", args[0], uv_strerror(rc));
		abort();
	}
	return started;
}

int test_pid(const test_process *process)
{
	return process->process.pid;
}

void test_signal(test_process *process, int signum)
{
	int rc = uv_process_kill(&process->process, signum);

	if (rc != 0) {
		fprintf(stderr, "test support: cannot signal process %d: %s\n",
		        (int)process->process.pid, uv_strerror(rc));
		abort();
	}
}

void test_wait(test_process *process, test_run_result *result)
{
	uv_run(&process->loop, UV_RUN_DEFAULT);
	uv_loop_close(&process->loop);
	close_capture(process->out_fd);
	close_capture(process->err_fd);
	*result = process->result;
	result->out = test_read_file(process->out_path, NULL);
	result->err = test_read_file(process->err_path, NULL);
	test_remove_tree(process->folder);
	free(process->out_path);
	free(process->err_path);
	free(process->folder);
	free(process);
}

char *test_read_stdout(const test_process *process)
{
	char *out = test_read_file(process->out_path, NULL);

	if (out == NULL)
		fail("read", process->out_path);
	return out;
}

void test_run(const char *const *args, const char *cwd, test_run_result *result)
{
	test_wait(test_start(args, cwd), result);
}

bool test_wait_until(bool (*condition)(void *context), void *context, unsigned timeout_ms)
{
	enum { POLL_MS = 5 };
	uint64_t deadline = uv_hrtime() + (uint64_t)timeout_ms * 1000000u;

	while (!condition(context)) {
		if (uv_hrtime() >= deadline)
			return false;
		uv_sleep(POLL_MS);
	}
	return true;
}

void test_run_result_free(test_run_result *result)
{
	free(result->out);
	free(result->err);
	result->out = NULL;
	result->err = NULL;
}

char *test_group_folder;

int test_group_folder_make(void **state)
{
	(void)state;
	test_group_folder = test_make_temp_dir();
	uv_os_setenv("windir", "/win");
	uv_os_setenv("ProgramData", "/data");
	return 0;
}

int test_group_folder_remove(void **state)
{
	(void)state;
	test_remove_tree(test_group_folder);
	free(test_group_folder);
	return 0;
}
