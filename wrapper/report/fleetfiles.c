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

/* Every result file under folder, read in name order as it is found, so
 * that a fleet's folder costs its names, not its paths (symbolic links to
 * folders are not followed, so a loop cannot trap the search). */
static void read_folder(const char *folder, fleetreport *report, const char *command)
{
	uv_fs_t req;
	uv_dirent_t entry;
	strlist names = STRLIST_INIT;
	int rc = uv_fs_scandir(NULL, &req, folder, 0, NULL);

	if (rc < 0) {
		uv_fs_req_cleanup(&req);
		fprintf(stderr, "ccmwrap %s: %s: cannot list the folder: %s\n", command, folder,
		        uv_strerror(rc));
		return;
	}
	while (uv_fs_scandir_next(&req, &entry) != UV_EOF)
		if (entry.type == UV_DIRENT_DIR || (entry.type == UV_DIRENT_FILE && has_json_extension(entry.name)))
			strlist_add(&names, entry.name);
	uv_fs_req_cleanup(&req);
	if (names.count > 0)
		qsort(names.items, names.count, sizeof *names.items, compare_strings);
	for (size_t i = 0; i < names.count; i++) {
		char *path = filepath_resolve(folder, names.items[i]);
		unsigned kind;
		if (fileio_kind(path, false, &kind) == 0 && kind == S_IFDIR)
			read_folder(path, report, command);
		else
			read_result_file(path, report, command);
		free(path);
	}
	strlist_free(&names);
}

void fleetreport_read_paths(fleetreport *report, const strlist *paths, const char *command)
{
	for (size_t i = 0; i < paths->count; i++) {
		unsigned kind;
		int rc = fileio_kind(paths->items[i], true, &kind);
		if (rc < 0)
			fprintf(stderr, "ccmwrap %s: %s: %s\n", command, paths->items[i], uv_strerror(rc));
		else if (kind == S_IFDIR)
			read_folder(paths->items[i], report, command);
		else
			read_result_file(paths->items[i], report, command);
	}
}
