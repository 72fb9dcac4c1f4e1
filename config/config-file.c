/* The INI as a file: where it is by default, reading it whole, and
 * refusing one that non-administrators could change. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "filepath.h"
#include "filesafety.h"

/* More than this is not an INI someone wrote by hand. */
#define CONFIG_FILE_MAX_SIZE (1024 * 1024)

static void add_file_error(strlist *errors, const char *path, const char *detail)
{
	strbuf message = STRBUF_INIT;

	strbuf_printf(&message, "%s:0: %s", path, detail);
	strlist_add_owned(errors, strbuf_detach(&message));
}

static bool read_whole_file(const char *path, strbuf *content, error_message *err)
{
	uv_fs_t req;
	char chunk[65536];
	bool ok = true;
	int fd = uv_fs_open(NULL, &req, path, UV_FS_O_RDONLY, 0, NULL);

	uv_fs_req_cleanup(&req);
	if (fd < 0)
		return error_set(err, "cannot read the file: %s; expected an INI file (-c FILE)", uv_strerror(fd));
	strbuf_add(content, "", 0);
	for (;;) {
		uv_buf_t buffer = uv_buf_init(chunk, sizeof chunk);
		int n = uv_fs_read(NULL, &req, fd, &buffer, 1, -1, NULL);
		uv_fs_req_cleanup(&req);
		if (n == 0)
			break;
		if (n < 0) {
			ok = error_set(err, "cannot read the file: %s; expected an INI file (-c FILE)", uv_strerror(n));
			break;
		}
		if (content->length + (size_t)n > CONFIG_FILE_MAX_SIZE) {
			ok = error_set(err, "the file is larger than 1 MB; expected an INI file");
			break;
		}
		strbuf_add(content, chunk, (size_t)n);
	}
	uv_fs_close(NULL, &req, fd, NULL);
	uv_fs_req_cleanup(&req);
	return ok;
}

bool config_load(const char *path, const config_options *options, config *cfg, strlist *errors)
{
	strbuf content = STRBUF_INIT;
	error_message err;

	memset(cfg, 0, sizeof *cfg);
	if (!read_whole_file(path, &content, &err)) {
		add_file_error(errors, path, err.text);
		strbuf_free(&content);
		return false;
	}
	if (!options->allow_insecure && !filesafety_check(path, &err)) {
		strbuf_free(&content);
		strbuf message = STRBUF_INIT;
		strbuf_printf(&message, "refusing an INI that non-administrators can change: %s", err.text);
		add_file_error(errors, path, message.data);
		strbuf_free(&message);
		return false;
	}
	char *folder = filepath_folder_of(path);
	if (folder == NULL) {
		add_file_error(errors, path, "cannot find the current folder; expected it readable");
		strbuf_free(&content);
		return false;
	}
	bool ok = config_load_bytes(path, folder, content.data, content.length, cfg, errors);
	free(folder);
	strbuf_free(&content);
	return ok;
}

char *config_default_path(const char *argv0)
{
	char executable[4096];
	size_t size = sizeof executable;
	const char *program = uv_exepath(executable, &size) == 0 ? executable : argv0;
	char *folder = filepath_folder_of(program);
	char *path = filepath_resolve(folder != NULL ? folder : ".", "ccmwrap.ini");

	free(folder);
	return path;
}
