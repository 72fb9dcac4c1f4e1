#include "wrapper/report/fleetreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>

#include "config/base/fileio.h"
#include "config/base/filepath.h"

/* Far above any result file; keeps a stray huge file from being loaded. */
#define RESULT_FILE_MAX_SIZE (1024u * 1024)

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_json_extension(const char *name)
{
	size_t length = strlen(name);
	return length > 5 && text_equal_nocase(name + length - 5, ".json");
}

/* The result files under folder, in name order (symbolic links to folders
 * are not followed, so a loop cannot trap the search). */
static bool collect_folder(const char *folder, strlist *files, error_message *err)
{
	uv_fs_t req;
	uv_dirent_t entry;
	strlist found = STRLIST_INIT;
	int rc = uv_fs_scandir(NULL, &req, folder, 0, NULL);

	if (rc < 0) {
		uv_fs_req_cleanup(&req);
		return error_set(err, "%s: cannot list the folder: %s", folder, uv_strerror(rc));
	}
	while (uv_fs_scandir_next(&req, &entry) != UV_EOF)
		if (entry.type == UV_DIRENT_DIR || (entry.type == UV_DIRENT_FILE && has_json_extension(entry.name)))
			strlist_add_owned(&found, filepath_resolve(folder, entry.name));
	uv_fs_req_cleanup(&req);
	if (found.count > 0)
		qsort(found.items, found.count, sizeof *found.items, compare_strings);
	bool ok = true;
	for (size_t i = 0; i < found.count; i++) {
		unsigned kind;
		if (fileio_kind(found.items[i], false, &kind) == 0 && kind == S_IFDIR)
			ok = collect_folder(found.items[i], files, err) && ok;
		else
			strlist_add(files, found.items[i]);
	}
	strlist_free(&found);
	return ok;
}

static bool collect(const char *path, strlist *files, error_message *err)
{
	unsigned kind;
	int rc = fileio_kind(path, true, &kind);

	if (rc < 0)
		return error_set(err, "%s: %s", path, uv_strerror(rc));
	if (kind == S_IFDIR)
		return collect_folder(path, files, err);
	strlist_add(files, path);
	return true;
}

static void read_result_file(const char *path, fleetreport *report, const char *command)
{
	strbuf text = STRBUF_INIT;
	run_result result;
	error_message err;

	if (fileio_read_whole(path, RESULT_FILE_MAX_SIZE, &text, NULL, &err) &&
	    result_parse(text.data, text.length, &result, &err)) {
		fleetreport_add(report, &result, path);
		result_free(&result);
	} else {
		fprintf(stderr, "ccmwrap %s: %s: %s; skipped\n", command, path, err.text);
		fleetreport_skip(report);
	}
	strbuf_free(&text);
}

void fleetreport_read_paths(fleetreport *report, const strlist *paths, const char *command)
{
	strlist files = STRLIST_INIT;
	error_message err;

	for (size_t i = 0; i < paths->count; i++)
		if (!collect(paths->items[i], &files, &err))
			fprintf(stderr, "ccmwrap %s: %s\n", command, err.text);
	for (size_t i = 0; i < files.count; i++)
		read_result_file(files.items[i], report, command);
	strlist_free(&files);
}
