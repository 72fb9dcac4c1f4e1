/* The small file helpers: whole-file reads, complete writes, atomic
 * replacement, and the Windows-1252 code page. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/fileio.h"
#include "tests/support/testsupport.h"
#include "config/base/windows1252.h"

typedef test_temp_file fixture;

static int setup(void **state)
{
	*state = test_temp_file_new("file.txt");
	return 0;
}

static int teardown(void **state)
{
	test_temp_file_free(*state);
	return 0;
}

static void read_whole_returns_every_byte(void **state)
{
	fixture *f = *state;
	strbuf content = STRBUF_INIT;
	error_message err = { "" };

	test_write_file(f->path, "a\0b\n", 4);
	assert_true(fileio_read_whole(f->path, 4, &content, NULL, &err));
	assert_int_equal(content.length, 4);
	assert_memory_equal(content.data, "a\0b\n", 4);
	strbuf_free(&content);
}

static void read_whole_refuses_a_file_above_the_limit(void **state)
{
	fixture *f = *state;
	strbuf content = STRBUF_INIT;
	error_message err = { "" };

	test_write_text(f->path, "12345");
	assert_false(fileio_read_whole(f->path, 4, &content, NULL, &err));
	assert_string_equal(err.text, "larger than 4 bytes");
	strbuf_free(&content);
}

static void read_whole_tells_a_missing_file_apart(void **state)
{
	fixture *f = *state;
	strbuf content = STRBUF_INIT;
	error_message err = { "" };
	bool missing = false;

	assert_true(fileio_read_whole(f->path, 4, &content, &missing, &err));
	assert_true(missing);
	assert_string_equal(content.data, "");
	assert_false(fileio_read_whole(f->path, 4, &content, NULL, &err));
	assert_non_null(strstr(err.text, "cannot open: "));
	strbuf_free(&content);
}

static void write_all_then_replace_atomically(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	uv_fs_t request;
	int file = uv_fs_open(NULL, &request, f->path, UV_FS_O_WRONLY | UV_FS_O_CREAT, 0644, NULL);

	uv_fs_req_cleanup(&request);
	assert_true(file >= 0);
	assert_int_equal(fileio_write_all(file, "first\n", 6), 0);
	uv_fs_close(NULL, &request, file, NULL);
	uv_fs_req_cleanup(&request);
	char *text = test_read_file(f->path, NULL);
	assert_string_equal(text, "first\n");
	free(text);

	assert_true(atomicfile_replace(f->path, "second\n", 7, &err));
	text = test_read_file(f->path, NULL);
	assert_string_equal(text, "second\n");
	free(text);
}

static int folder_entries(const char *folder)
{
	uv_fs_t req;
	int count = uv_fs_scandir(NULL, &req, folder, 0, NULL);

	uv_fs_req_cleanup(&req);
	return count;
}

/* The target is a folder that is not empty: the temporary file is written
 * and flushed, then the rename over the target fails and it is removed. */
static void replace_failing_at_the_rename_leaves_no_temp_file(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	uv_fs_t req;
	char *inside = test_path(f->path, "keep");
	char expected[2048];

	assert_int_equal(uv_fs_mkdir(NULL, &req, f->path, 0700, NULL), 0);
	uv_fs_req_cleanup(&req);
	test_write_text(inside, "keep");
	assert_false(atomicfile_replace(f->path, "new\n", 4, &err));
	snprintf(expected, sizeof expected, "cannot replace '%s': ", f->path);
	assert_true(strncmp(err.text, expected, strlen(expected)) == 0);
	assert_int_equal(folder_entries(f->folder), 1);
	char *kept = test_read_file(inside, NULL);
	assert_string_equal(kept, "keep");
	free(kept);
	free(inside);
}

static void replace_in_a_missing_folder_fails_cleanly(void **state)
{
	fixture *f = *state;
	error_message err = { "" };
	char expected[2048];

	test_remove_tree(f->folder);
	assert_false(atomicfile_replace(f->path, "new\n", 4, &err));
	snprintf(expected, sizeof expected, "cannot create a temporary file beside '%s': ", f->path);
	assert_true(strncmp(err.text, expected, strlen(expected)) == 0);
	uv_fs_t req;
	uv_fs_mkdir(NULL, &req, f->folder, 0700, NULL);
	uv_fs_req_cleanup(&req);
}

static void windows1252_round_trips_every_byte(void **state)
{
	unsigned char byte;

	(void)state;
	assert_int_equal(windows1252_to_codepoint(0x80), 0x20AC);
	assert_int_equal(windows1252_to_codepoint(0x81), 0x0081);
	assert_int_equal(windows1252_to_codepoint(0xE9), 0x00E9);
	for (unsigned value = 0; value < 256; value++) {
		assert_true(windows1252_from_codepoint(windows1252_to_codepoint((unsigned char)value),
		                                       &byte));
		assert_int_equal(byte, value);
	}
	assert_false(windows1252_from_codepoint(0x0080, &byte));
	assert_false(windows1252_from_codepoint(0x2713, &byte));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(read_whole_returns_every_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(read_whole_refuses_a_file_above_the_limit, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(read_whole_tells_a_missing_file_apart, setup, teardown),
		cmocka_unit_test_setup_teardown(write_all_then_replace_atomically, setup, teardown),
		cmocka_unit_test_setup_teardown(replace_failing_at_the_rename_leaves_no_temp_file, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(replace_in_a_missing_folder_fails_cleanly, setup, teardown),
		cmocka_unit_test(windows1252_round_trips_every_byte),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
