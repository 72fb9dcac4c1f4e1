/* The INI as a file: where it is by default, reading it whole, and
 * refusing one that non-administrators could change. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "fileio.h"
#include "filepath.h"
#include "filesafety.h"
#include "ini-reader.h"

/* More than this is not an INI someone wrote by hand. */
#define CONFIG_FILE_MAX_SIZE (1024 * 1024)

static bool read_ini_file(const char *path, strbuf *content, error_message *err)
{
	int result = fileio_read_file(path, CONFIG_FILE_MAX_SIZE, content);

	if (result == UV_EFBIG)
		return error_set(err, "the file is larger than 1 MB; expected an INI file");
	if (result < 0)
		return error_set(err, "cannot read the file: %s; expected an INI file (-c FILE)",
		                 uv_strerror(result));
	return true;
}

/* The checks before the content is parsed: readable, not too large, and
 * safe from non-administrators; then the folder that relative paths are
 * based on (caller frees), or NULL after adding the problem to errors. */
static char *read_checked(const char *path, const config_options *options, strbuf *content,
                          strlist *errors)
{
	error_message err;

	if (!read_ini_file(path, content, &err)) {
		inireader_add_error(errors, path, 0, "%s", err.text);
		return NULL;
	}
	if (!options->allow_insecure && !filesafety_check(path, &err)) {
		inireader_add_error(errors, path, 0,
		                    "refusing an INI that non-administrators can change: %s", err.text);
		return NULL;
	}
	char *folder = filepath_folder_of(path);
	if (folder == NULL)
		inireader_add_error(errors, path, 0, "cannot find the current folder; expected it readable");
	return folder;
}

bool config_load(const char *path, const config_options *options, config *cfg, strlist *errors)
{
	strbuf content = STRBUF_INIT;

	memset(cfg, 0, sizeof *cfg);
	char *folder = read_checked(path, options, &content, errors);
	bool ok = folder != NULL &&
	          config_load_bytes(path, folder, content.data, content.length, cfg, errors);
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
