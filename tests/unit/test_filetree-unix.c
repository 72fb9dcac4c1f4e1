/* Copying and removing a tree as push does with ADMIN$\ccmwrap: a copy
 * holds the same bytes and modes without group or other write, refuses a
 * link and never writes through one; a removal removes a link planted in
 * the tree and leaves what it points to. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config/base/filetree.h"
#include "tests/support/testsupport.h"

static char *folder;

static int make_folder(void **state)
{
	(void)state;
	folder = test_make_temp_dir();
	return 0;
}

static int remove_folder(void **state)
{
	(void)state;
	test_remove_tree(folder);
	free(folder);
	return 0;
}

static char *path_of(const char *name)
{
	return test_path(folder, name);
}

static void make_dir(const char *name)
{
	char *path = path_of(name);
	assert_int_equal(mkdir(path, 0700), 0);
	free(path);
}

static void write_in(const char *name, const char *text, mode_t mode)
{
	char *path = path_of(name);
	test_write_text(path, text);
	assert_int_equal(chmod(path, mode), 0);
	free(path);
}

static void link_in(const char *target, const char *name)
{
	char *path = path_of(name);
	char *to = path_of(target);
	assert_int_equal(symlink(to, path), 0);
	free(to);
	free(path);
}

static void assert_file(const char *name, const char *text, mode_t mode)
{
	char *path = path_of(name);
	struct stat info;
	char *content = test_read_file(path, NULL);

	assert_non_null(content);
	assert_string_equal(content, text);
	assert_int_equal(lstat(path, &info), 0);
	assert_int_equal(info.st_mode & 07777, mode);
	free(content);
	free(path);
}

static bool exists(const char *name)
{
	char *path = path_of(name);
	struct stat info;
	bool found = lstat(path, &info) == 0;

	free(path);
	return found;
}

static bool copy(const char *source, const char *target, error_message *err)
{
	char *from = path_of(source);
	char *to = path_of(target);
	bool ok = filetree_copy(from, to, err);

	free(from);
	free(to);
	return ok;
}

static bool remove_tree(const char *name, error_message *err)
{
	char *path = path_of(name);
	bool ok = filetree_remove(path, err);

	free(path);
	return ok;
}

static void test_a_folder_is_copied_whole(void **state)
{
	error_message err;

	(void)state;
	make_dir("source");
	make_dir("source/sub");
	make_dir("source/sub/empty");
	write_in("source/ccmsetup.exe", "MZ program", 0775);
	write_in("source/sub/client.msi", "msi bytes", 0666);
	assert_true(copy("source", "copy", &err));
	assert_file("copy/ccmsetup.exe", "MZ program", 0755);
	assert_file("copy/sub/client.msi", "msi bytes", 0644);
	assert_true(exists("copy/sub/empty"));
	assert_true(copy("source/ccmsetup.exe", "single.exe", &err));
	assert_file("single.exe", "MZ program", 0755);
}

static void test_a_copy_refuses_links_and_existing_targets(void **state)
{
	error_message err;
	char expected[4096];

	(void)state;
	make_dir("source");
	write_in("secret", "not to be pushed", 0600);
	link_in("secret", "source/link");
	assert_false(copy("source", "copy", &err));
	snprintf(expected, sizeof expected, "%s/source/link is a symbolic link; expected a file or a "
	                                    "folder", folder);
	assert_string_equal(err.text, expected);

	write_in("ini", "[ccmsetup]\n", 0600);
	write_in("outside", "keep me", 0600);
	link_in("outside", "planted");
	assert_false(copy("ini", "planted", &err));
	snprintf(expected, sizeof expected, "cannot create %s/planted: File exists", folder);
	assert_string_equal(err.text, expected);
	assert_file("outside", "keep me", 0600);
}

static void test_a_removal_does_not_follow_a_planted_link(void **state)
{
	error_message err;

	(void)state;
	make_dir("outside");
	write_in("outside/precious", "keep me", 0600);
	make_dir("pushed");
	make_dir("pushed/sub");
	write_in("pushed/sub/file", "x", 0600);
	link_in("outside", "pushed/folder-link");
	link_in("outside/precious", "pushed/sub/file-link");
	assert_true(remove_tree("pushed", &err));
	assert_false(exists("pushed"));
	assert_file("outside/precious", "keep me", 0600);

	link_in("outside", "top-link");
	assert_true(remove_tree("top-link", &err));
	assert_false(exists("top-link"));
	assert_file("outside/precious", "keep me", 0600);
}

static void test_removing_what_is_not_there_is_no_error(void **state)
{
	error_message err;

	(void)state;
	assert_true(remove_tree("missing", &err));
	assert_true(remove_tree("missing/deeper", &err));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_a_folder_is_copied_whole, make_folder,
		                                remove_folder),
		cmocka_unit_test_setup_teardown(test_a_copy_refuses_links_and_existing_targets,
		                                make_folder, remove_folder),
		cmocka_unit_test_setup_teardown(test_a_removal_does_not_follow_a_planted_link,
		                                make_folder, remove_folder),
		cmocka_unit_test_setup_teardown(test_removing_what_is_not_there_is_no_error,
		                                make_folder, remove_folder),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
