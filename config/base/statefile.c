#include "config/base/statefile.h"

#include <stdlib.h>
#include <uv.h>

#include "config/base/text.h"
#include "config/base/timestamp.h"

/* Enough for every rejected file of a day, however often one is planted. */
#define SET_ASIDE_ATTEMPTS 100

static char *rejected_name(const char *path, const char *when, int attempt)
{
	strbuf name = STRBUF_INIT;

	strbuf_printf(&name, "%s.rejected-%s", path, when);
	if (attempt > 0)
		strbuf_printf(&name, "-%d", attempt);
	return strbuf_detach(&name);
}

bool statefile_exists(const char *path)
{
	uv_fs_t req;
	int status = uv_fs_lstat(NULL, &req, path, NULL);

	uv_fs_req_cleanup(&req);
	return status == 0;
}

bool statefile_set_aside(const char *path, const char *why, char **note, error_message *err)
{
	char when[TIMESTAMP_COMPACT_SIZE];

	timestamp_format_compact(timestamp_now_ms(), when);
	for (int attempt = 0; attempt < SET_ASIDE_ATTEMPTS; attempt++) {
		char *name = rejected_name(path, when, attempt);
		if (statefile_exists(name)) {
			free(name);
			continue;
		}
		uv_fs_t req;
		int status = uv_fs_rename(NULL, &req, path, name, NULL);
		uv_fs_req_cleanup(&req);
		if (status != 0) {
			free(name);
			return error_set(err, "%s, and it cannot be set aside: %s", why, uv_strerror(status));
		}
		strbuf text = STRBUF_INIT;
		strbuf_printf(&text, "%s (%s)", name, why);
		*note = strbuf_detach(&text);
		free(name);
		return true;
	}
	return error_set(err, "cannot set %s aside: %d rejected copies of it exist already", path,
	                 SET_ASIDE_ATTEMPTS);
}

bool statefile_open_or_set_aside(const char *path, statefile_opener *open, void *context,
                                 char **set_aside, error_message *err)
{
	error_message why;
	bool existed = statefile_exists(path);

	*set_aside = NULL;
	if (open(context, &why))
		return true;
	if (!existed) {
		*err = why;
		return false;
	}
	return statefile_set_aside(path, why.text, set_aside, err) && open(context, err);
}

typedef struct append_opening {
	const char *path;
	int *file;
} append_opening;

static bool open_to_append(void *context, error_message *err)
{
	append_opening *opening = context;

	return statefile_open(opening->path, STATEFILE_APPEND, opening->file, NULL, err);
}

bool statefile_append_or_set_aside(const char *path, int *file, char **set_aside,
                                   error_message *err)
{
	append_opening opening = { path, file };

	return statefile_open_or_set_aside(path, open_to_append, &opening, set_aside, err);
}
