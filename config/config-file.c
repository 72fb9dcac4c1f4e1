/* The INI as a file: where it is by default, reading it whole, and
 * refusing one that non-administrators could change. */
#include "config/config.h"

#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"
#include "config/base/filesafety.h"
#include "config/expand.h"
#include "config/ini-reader.h"

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

/* The state ccmwrap trusts, in a folder non-administrators can change, is
 * refused like such an INI. The result file is not among it: it is
 * written so that nothing in its folder can redirect it, and may go to a
 * share others write. */
static bool check_state_paths(const config *cfg, const char *state_dir, error_message *err)
{
	const struct {
		const char *key;
		const char *path;
	} state[] = { { "[acl] journal", cfg->acl.journal }, { "[logs] own", cfg->logs.own } };
	bool safe = true;

	for (size_t i = 0; safe && i < sizeof state / sizeof state[0]; i++) {
		char *folder = xstrndup(state[i].path,
		                        (size_t)(filepath_base_name(state[i].path) - state[i].path));
		char *resolved = filepath_resolve(folder, "");
		if (!text_equal_nocase(resolved, state_dir) && !filesafety_check_folder(resolved, err))
			safe = error_prefix(err, "%s: refusing %s %s, in a folder non-administrators can "
			                         "change", cfg->file, state[i].key, state[i].path);
		free(resolved);
		free(folder);
	}
	return safe;
}

bool config_prepare_state(const config *cfg, bool allow_insecure, error_message *err)
{
	char *state_dir = config_state_dir(cfg);
	char *program_data = expand_getenv("ProgramData");
	/* Only a folder of ccmwrap's own is created and repaired; the INI's
	 * folder, which stands in for it where there is no %ProgramData%, is
	 * only checked, strictly. */
	bool ok = program_data != NULL ? filesafety_prepare_state_folder(state_dir, err)
	                               : allow_insecure || filesafety_check_folder(state_dir, err);

	ok = ok && (allow_insecure || check_state_paths(cfg, state_dir, err));
	free(program_data);
	free(state_dir);
	return ok;
}

char *config_default_path(const char *argv0)
{
	char *executable;
	error_message err;
	bool found = filepath_own_program(&executable, &err);
	char *folder = filepath_folder_of(found ? executable : argv0);
	char *path = filepath_resolve(folder != NULL ? folder : ".", "ccmwrap.ini");

	free(folder);
	free(executable);
	return path;
}
