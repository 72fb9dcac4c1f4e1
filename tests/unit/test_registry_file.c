/* The registry file backend: every value form to exact bytes, the three
 * encodings, descriptors, byte-exact atomic writes, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include <cmocka.h>

#include "config/base/atomicfile.h"
#include "checks/registry/regfile.h"
#include "checks/registry/registry.h"
#include "tests/support/testregistry.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

typedef test_temp_file fixture;

static int setup(void **state)
{
	*state = test_temp_file_new("test.reg");
	return 0;
}

static int teardown(void **state)
{
	test_temp_file_free(*state);
	return 0;
}

static registry *open_text(const fixture *f, const char *text)
{
	test_write_text(f->path, text);
	return test_open_registry_file(f->path);
}

static void expect_open_error(const fixture *f, const char *expected)
{
	test_expect_registry_file_error(f->path, expected);
}

static void expect_text_error(const fixture *f, const char *text, const char *expected)
{
	test_write_text(f->path, text);
	expect_open_error(f, expected);
}

static const registry_value *find_value(registry_value *values, size_t count, const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(values[i].name, name) == 0)
			return &values[i];
	fail_msg("no value %s", name);
	return NULL;
}

static void assert_bytes(const registry_value *value, uint32_t type, const void *bytes, size_t size)
{
	assert_int_equal(value->type, type);
	assert_int_equal(value->size, size);
	assert_memory_equal(value->data, bytes, size);
}

#define K "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Test]\n"
#define V5 "Windows Registry Editor Version 5.00\n\n"

static void test_value_forms(void **state)
{
	registry *reg = open_text(*state, V5 K
		"\"Str\"=\"a\\\\b \\\"q\\\"\"\n"
		"@=\"default\"\n"
		"\"Dword\"=dword:0001e240\n"
		"\"Bin\"=hex:00,ff,10\n"
		"\"Empty\"=hex:\n"
		"\"Expand\"=hex(2):25,00,41,00,25,00,00,00\n"
		"\"Multi\"=hex(7):61,00,00,00,62,00,00,00,00,00\n"
		"\"Qword\"=hex(b):01,02,03,04,05,06,07,08\n"
		"\"None\"=hex(0):\n"
		"\"Big type\"=hex(100000):aa\n"
		"\"Long\"=hex:01,02,\\\n"
		"  03,04,\\\n"
		"\t05\n"
		"\"Eq=name\" = \"x\"\n");
	registry_value *values;
	size_t count;
	error_message err;

	assert_true(registry_values(reg, "HKLM\\SOFTWARE\\Test", &values, &count, &err));
	assert_int_equal(count, 12);
	assert_bytes(find_value(values, count, "Str"), REGISTRY_SZ,
	             "a\0\\\0b\0 \0\"\0q\0\"\0\0", 16);
	assert_bytes(find_value(values, count, ""), REGISTRY_SZ, "d\0e\0f\0a\0u\0l\0t\0\0", 16);
	assert_bytes(find_value(values, count, "Dword"), REGISTRY_DWORD, "\x40\xe2\x01\x00", 4);
	assert_bytes(find_value(values, count, "Bin"), REGISTRY_BINARY, "\x00\xff\x10", 3);
	assert_int_equal(find_value(values, count, "Empty")->size, 0);
	assert_bytes(find_value(values, count, "Expand"), REGISTRY_EXPAND_SZ, "%\0A\0%\0\0", 8);
	assert_bytes(find_value(values, count, "Multi"), REGISTRY_MULTI_SZ, "a\0\0\0b\0\0\0\0", 10);
	assert_bytes(find_value(values, count, "Qword"), REGISTRY_QWORD, "\1\2\3\4\5\6\7\x08", 8);
	assert_int_equal(find_value(values, count, "None")->type, REGISTRY_NONE);
	assert_bytes(find_value(values, count, "Big type"), 0x100000, "\xaa", 1);
	assert_bytes(find_value(values, count, "Long"), REGISTRY_BINARY, "\1\2\3\4\5", 5);
	assert_bytes(find_value(values, count, "Eq=name"), REGISTRY_SZ, "x\0\0", 4);
	strlist strings = STRLIST_INIT;
	assert_true(registry_value_strings(find_value(values, count, "Multi"), &strings));
	assert_int_equal(strings.count, 2);
	assert_string_equal(strings.items[1], "b");
	strlist_free(&strings);
	registry_values_free(values, count);
	registry_close(reg);
}

static void test_later_value_replaces_earlier(void **state)
{
	registry *reg = open_text(*state, V5 K "\"A\"=dword:00000001\n" K "\"a\"=dword:00000002\n");
	registry_value *values;
	size_t count;

	assert_true(registry_values(reg, "HKLM\\SOFTWARE\\Test", &values, &count, NULL));
	assert_int_equal(count, 1);
	assert_bytes(&values[0], REGISTRY_DWORD, "\2\0\0\0", 4);
	registry_values_free(values, count);
	registry_close(reg);
}

static void test_keys_order_and_implied_parents(void **state)
{
	registry *reg = open_text(*state, V5
		"[HKEY_LOCAL_MACHINE\\A\\Zed]\n"
		";sddl=D:P(A;CI;KA;;;SY)\n\n"
		"[HKEY_LOCAL_MACHINE\\A\\*Star]\n"
		"; a comment\n"
		"[HKLM\\A\\Mid\\Deep]\n");
	strlist names = STRLIST_INIT;
	char *sddl = (char *)"unset";
	error_message err;

	assert_true(registry_key_exists(reg, "HKLM\\A"));
	assert_true(registry_key_exists(reg, "hkey_local_machine\\a\\*STAR"));
	assert_true(registry_key_exists(reg, "HKLM"));
	assert_false(registry_key_exists(reg, "HKLM\\B"));
	assert_false(registry_key_exists(reg, "HKLM\\A\\*"));
	assert_true(registry_subkeys(reg, "HKLM\\A", &names, &err));
	assert_int_equal(names.count, 3);
	assert_string_equal(names.items[0], "Zed");
	assert_string_equal(names.items[1], "*Star");
	assert_string_equal(names.items[2], "Mid");
	strlist_free(&names);
	assert_true(registry_get_security(reg, "HKLM\\A\\Zed", &sddl, &err));
	assert_string_equal(sddl, "D:P(A;CI;KA;;;SY)");
	free(sddl);
	assert_true(registry_get_security(reg, "HKLM\\A\\*Star", &sddl, &err));
	assert_null(sddl);
	assert_true(registry_get_security(reg, "HKLM\\A\\Mid", &sddl, &err));
	assert_null(sddl);
	assert_false(registry_get_security(reg, "HKLM\\B", &sddl, &err));
	assert_true(strstr(err.text, "key HKLM\\B does not exist in registry file ") == err.text);
	registry_close(reg);
}

static void test_sample_utf16(void **state)
{
	(void)state;
	char *path = test_source_path("samples/registry/kb2000387-broken.reg");
	registry *reg;
	error_message err;
	char *sddl;
	registry_value *values;
	size_t count;
	const char *kbd = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Class\\"
	                  "{4D36E96B-E325-11CE-BFC1-08002BE10318}";

	assert_true(registry_open_file(path, &reg, &err));
	assert_true(registry_get_security(reg, "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE",
	                                  &sddl, &err));
	assert_string_equal(sddl, "O:BAG:SYD:P(A;CI;KR;;;BU)");
	free(sddl);
	assert_true(registry_values(reg, kbd, &values, &count, &err));
	strlist strings = STRLIST_INIT;
	assert_true(registry_value_strings(find_value(values, count, "UpperFilters"), &strings));
	assert_int_equal(strings.count, 2);
	assert_string_equal(strings.items[0], "kbdclass");
	assert_string_equal(strings.items[1], "kbstuff");
	strlist_free(&strings);
	registry_values_free(values, count);
	assert_true(registry_values(reg, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\kbstuff", &values,
	                            &count, &err));
	const registry_value *image = find_value(values, count, "ImagePath");
	assert_int_equal(image->type, REGISTRY_EXPAND_SZ);
	assert_true(registry_value_strings(image, &strings));
	assert_string_equal(strings.items[0], "system32\\DRIVERS\\kbstuff.sys");
	strlist_free(&strings);
	registry_values_free(values, count);
	registry_close(reg);
	free(path);
}

static void test_utf8_bom_and_crlf(void **state)
{
	registry *reg = open_text(*state, "\xEF\xBB\xBFWindows Registry Editor Version 5.00\r\n\r\n"
	                                  K ";sddl=D:P(A;;KA;;;SY)  \r\n\"N\"=\"\xC3\xA9\"\r\n");
	registry_value *values;
	size_t count;
	char *sddl;

	assert_true(registry_values(reg, "HKLM\\SOFTWARE\\Test", &values, &count, NULL));
	assert_bytes(&values[0], REGISTRY_SZ, "\xE9\0\0\0", 4);
	registry_values_free(values, count);
	assert_true(registry_get_security(reg, "HKLM\\SOFTWARE\\Test", &sddl, NULL));
	assert_string_equal(sddl, "D:P(A;;KA;;;SY)");
	free(sddl);
	registry_close(reg);
}

static void test_regedit4_ansi(void **state)
{
	registry *reg = open_text(*state, "REGEDIT4\r\n\r\n" K
	                                  "\"Caf\xE9\"=\"\x80\"\r\n"
	                                  "\"E\"=hex(2):25,e9,00\r\n"
	                                  "\"M\"=hex(7):61,00,62,00,00\r\n"
	                                  "\"B\"=hex:e9\r\n");
	registry_value *values;
	size_t count;

	assert_true(registry_values(reg, "HKLM\\SOFTWARE\\Test", &values, &count, NULL));
	assert_bytes(find_value(values, count, "Caf\xC3\xA9"), REGISTRY_SZ, "\xAC\x20\0\0", 4);
	assert_bytes(find_value(values, count, "E"), REGISTRY_EXPAND_SZ, "%\0\xE9\0\0\0", 6);
	assert_bytes(find_value(values, count, "M"), REGISTRY_MULTI_SZ, "a\0\0\0b\0\0\0\0\0", 10);
	assert_bytes(find_value(values, count, "B"), REGISTRY_BINARY, "\xE9", 1);
	registry_values_free(values, count);
	registry_close(reg);
}

/* ---- writes */

static char *read_all(const char *path, size_t *size)
{
	char *data = test_read_file(path, size);

	assert_non_null(data);
	return data;
}

/* original with `old` (UTF-16LE of an ASCII line) replaced by `new`. */
static char *utf16(const char *ascii, size_t *size)
{
	return (char *)text_utf8_to_utf16le(ascii, strlen(ascii), size);
}

static void expect_file_replaced(const char *path, const char *original, size_t original_size,
                                 const char *old_line, const char *new_line)
{
	size_t old_size, new_size, size;
	char *old_bytes = utf16(old_line, &old_size);
	char *new_bytes = utf16(new_line, &new_size);
	char *now = read_all(path, &size);
	const char *at = NULL;

	for (size_t i = 0; i + old_size <= original_size && at == NULL; i += 2)
		if (memcmp(original + i, old_bytes, old_size) == 0)
			at = original + i;
	assert_non_null(at);
	size_t before = (size_t)(at - original);
	size_t after = original_size - before - old_size;
	assert_int_equal(size, before + new_size + after);
	assert_memory_equal(now, original, before);
	assert_memory_equal(now + before, new_bytes, new_size);
	assert_memory_equal(now + before + new_size, at + old_size, after);
	free(old_bytes);
	free(new_bytes);
	free(now);
}

static size_t folder_entries(const char *folder)
{
	uv_fs_t req;
	int count = uv_fs_scandir(NULL, &req, folder, 0, NULL);

	uv_fs_req_cleanup(&req);
	return (size_t)count;
}

/* Opens text, then deletes the file: a commit that writes anything at all
 * leaves a file (or a temporary one) in the folder again. */
static registry *open_then_delete(const fixture *f, const char *text)
{
	registry *reg = open_text(f, text);
	uv_fs_t req;

	uv_fs_unlink(NULL, &req, f->path, NULL);
	uv_fs_req_cleanup(&req);
	return reg;
}

static void assert_commit_writes_nothing(const fixture *f, registry *reg)
{
	assert_true(registry_commit(reg, NULL));
	assert_int_equal(folder_entries(f->folder), 0);
	registry_close(reg);
}

static char *copy_sample(const fixture *f, size_t *size)
{
	char *source = test_source_path("samples/registry/kb2000387-broken.reg");
	char *data = read_all(source, size);

	test_write_file(f->path, data, *size);
	free(source);
	return data;
}

#define MOUSE "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"
#define MOUSE_LONG "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE"

static void test_replace_sddl_keeps_every_other_byte(void **state)
{
	fixture *f = *state;
	size_t size;
	char *original = copy_sample(f, &size);
	registry *reg;
	error_message err;

	assert_true(registry_open_file(f->path, &reg, &err));
	assert_true(registry_set_security(reg, MOUSE, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;BU)", &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	expect_file_replaced(f->path, original, size, ";sddl=O:BAG:SYD:P(A;CI;KR;;;BU)\r\n",
	                     ";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;BU)\r\n");
	assert_int_equal(folder_entries(f->folder), 1);
	assert_true(registry_open_file(f->path, &reg, &err));
	char *sddl;
	assert_true(registry_get_security(reg, MOUSE, &sddl, &err));
	assert_string_equal(sddl, "O:BAG:SYD:P(A;CI;KA;;;SY)(A;CI;KR;;;BU)");
	free(sddl);
	assert_true(registry_set_security(reg, MOUSE, "O:BAG:SYD:P(A;CI;KR;;;BU)", &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	size_t restored_size;
	char *restored = read_all(f->path, &restored_size);
	assert_int_equal(restored_size, size);
	assert_memory_equal(restored, original, size);
	free(restored);
	free(original);
}

static void test_insert_and_remove_sddl_line(void **state)
{
	fixture *f = *state;
	size_t size;
	char *original = copy_sample(f, &size);
	registry *reg;
	error_message err;

	assert_true(registry_open_file(f->path, &reg, &err));
	assert_true(registry_set_security(reg, MOUSE "\\0000", "D:P(A;CI;KA;;;SY)", &err));
	assert_true(registry_commit(reg, &err));
	expect_file_replaced(f->path, original, size, MOUSE_LONG "\\0000]\r\n",
	                     MOUSE_LONG "\\0000]\r\n;sddl=D:P(A;CI;KA;;;SY)\r\n");
	assert_true(registry_set_security(reg, MOUSE "\\0000", NULL, &err));
	assert_true(registry_set_security(reg, MOUSE, NULL, &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	expect_file_replaced(f->path, original, size, MOUSE_LONG "]\r\n;sddl=O:BAG:SYD:P(A;CI;KR;;;BU)\r\n",
	                     MOUSE_LONG "]\r\n");
	free(original);
}

static void test_descriptor_on_implied_key(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 "[HKLM\\A\\B\\C]\n\"v\"=dword:00000001\n");
	error_message err;
	size_t size;

	assert_true(registry_set_security(reg, "HKLM\\A\\B", "D:(A;CI;KA;;;SY)", &err));
	assert_true(registry_set_security(reg, "HKLM\\A", "D:P(A;CI;KA;;;BA)", &err));
	assert_true(registry_commit(reg, &err));
	registry_close(reg);
	char *now = read_all(f->path, &size);
	assert_string_equal(now, V5 "[HKEY_LOCAL_MACHINE\\A]\n;sddl=D:P(A;CI;KA;;;BA)\n\n"
	                            "[HKEY_LOCAL_MACHINE\\A\\B]\n;sddl=D:(A;CI;KA;;;SY)\n\n"
	                            "[HKLM\\A\\B\\C]\n\"v\"=dword:00000001\n");
	free(now);
	assert_true(registry_open_file(f->path, &reg, &err));
	char *sddl;
	assert_true(registry_get_security(reg, "HKLM\\A\\B", &sddl, &err));
	assert_string_equal(sddl, "D:(A;CI;KA;;;SY)");
	free(sddl);
	registry_close(reg);
}

static void test_last_line_without_newline(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, "REGEDIT4\r\n\r\n[HKLM\\A]");
	size_t size;

	assert_true(registry_set_security(reg, "HKLM\\A", "D:P(A;;KA;;;SY)", NULL));
	assert_true(registry_commit(reg, NULL));
	registry_close(reg);
	char *now = read_all(f->path, &size);
	assert_string_equal(now, "REGEDIT4\r\n\r\n[HKLM\\A]\r\n;sddl=D:P(A;;KA;;;SY)\r\n");
	free(now);
}

static void test_commit_without_change_writes_nothing(void **state)
{
	fixture *f = *state;
	registry *reg = open_then_delete(f, V5 K ";sddl=D:P(A;;KA;;;SY)\n");

	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", NULL));
	assert_commit_writes_nothing(f, reg);
}

/* Another program (ccmsetup, writing the client version) replaced the
 * file since it was read: a commit would lose its change, so it writes
 * nothing, and the file is read again before ccmwrap goes on. */
static void test_a_file_another_writer_replaced_is_not_overwritten(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K);
	const char *theirs = V5 K "\"Version\"=\"5.0\"\n";
	error_message err;
	char expected[2048];

	assert_true(atomicfile_replace(f->path, theirs, strlen(theirs), &err));
	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", &err));
	assert_false(registry_commit(reg, &err));
	snprintf(expected, sizeof expected, "registry file %s was changed by another program since "
	         "ccmwrap read it; nothing written, so that its change is not lost", f->path);
	assert_string_equal(err.text, expected);
	assert_false(registry_refresh(reg, &err));
	char *kept = read_all(f->path, NULL);
	assert_string_equal(kept, theirs);
	free(kept);
	registry_close(reg);
}

static void test_refresh_reads_what_another_writer_wrote(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K);
	const char *theirs = V5 K "\"Version\"=\"5.0\"\n";
	registry_value *value = NULL;
	bool key_found = false;
	error_message err;

	assert_true(registry_refresh(reg, &err));
	assert_true(atomicfile_replace(f->path, theirs, strlen(theirs), &err));
	assert_true(registry_refresh(reg, &err));
	assert_true(registry_get_value(reg, "HKLM\\SOFTWARE\\Test", REGISTRY_VIEW_64, "version",
	                               &value, &key_found, &err));
	assert_true(key_found);
	assert_non_null(value);
	registry_value_free(value);
	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", &err));
	assert_true(registry_commit(reg, &err));
	char *written = read_all(f->path, NULL);
	assert_string_equal(written, V5 K ";sddl=D:P(A;;KA;;;SY)\n\"Version\"=\"5.0\"\n");
	free(written);
	registry_close(reg);
}

/* The document keeps no copy of the file's text: a commit streams the
 * lines it leaves alone from the file read, and replaces that file. The
 * next change reads the file written, so every change of every commit is
 * in the last file, and reading goes on in between. */
static void test_commits_one_after_another_keep_every_change(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K "\"A\"=\"1\"\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\n");
	registry_value b = { "B", REGISTRY_DWORD, (unsigned char *)"\x02\0\0\0", 4 };
	error_message err;
	char *sddl;

	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", &err));
	assert_true(registry_commit(reg, &err));
	assert_true(registry_get_security(reg, "HKLM\\SOFTWARE\\Test", &sddl, &err));
	assert_string_equal(sddl, "D:P(A;;KA;;;SY)");
	free(sddl);
	assert_true(registry_set_value(reg, "HKLM\\SOFTWARE\\Test", &b, &err));
	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Other", "D:P(A;;KR;;;BU)", &err));
	assert_true(registry_commit(reg, &err));
	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", NULL, &err));
	assert_true(registry_commit(reg, &err));
	char *written = read_all(f->path, NULL);
	assert_string_equal(written, V5 K "\"A\"=\"1\"\n\"B\"=dword:00000002\n\n"
	                    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\n;sddl=D:P(A;;KR;;;BU)\n");
	free(written);
	registry_close(reg);
}

/* Keys with the same descriptor text share one copy of it; changing one
 * key's descriptor changes no other key's. */
static void test_a_shared_descriptor_changes_for_one_key_only(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K ";sddl=D:P(A;;KA;;;SY)\n\n"
	                             "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\n;sddl=D:P(A;;KA;;;SY)\n");
	error_message err;
	char *sddl;

	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KR;;;BU)", &err));
	assert_true(registry_get_security(reg, "HKLM\\SOFTWARE\\Other", &sddl, &err));
	assert_string_equal(sddl, "D:P(A;;KA;;;SY)");
	free(sddl);
	assert_true(registry_commit(reg, &err));
	char *written = read_all(f->path, NULL);
	assert_string_equal(written, V5 K ";sddl=D:P(A;;KR;;;BU)\n\n"
	                    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Other]\n;sddl=D:P(A;;KA;;;SY)\n");
	free(written);
	registry_close(reg);
}

/* Another program replaced the file after ccmwrap wrote it: the next
 * change is refused, and the file keeps what the other program wrote. */
static void test_a_file_replaced_after_a_commit_is_not_overwritten(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K);
	const char *theirs = V5 K "\"Version\"=\"5.0\"\n";
	error_message err;
	char expected[2048];

	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", &err));
	assert_true(registry_commit(reg, &err));
	assert_true(atomicfile_replace(f->path, theirs, strlen(theirs), &err));
	assert_false(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", NULL, &err));
	snprintf(expected, sizeof expected, "registry file %s was changed by another program since "
	         "ccmwrap wrote it; nothing changed, so that its change is not lost", f->path);
	assert_string_equal(err.text, expected);
	char *kept = read_all(f->path, NULL);
	assert_string_equal(kept, theirs);
	free(kept);
	registry_close(reg);
}

/* The lines are read back from the file when it is written: a file
 * changed in place since (same name, same inode) is not mixed into the
 * new one. */
static void test_a_file_changed_in_place_is_not_read_back(void **state)
{
	fixture *f = *state;
	regfile_document doc;
	error_message err;
	char expected[2048];

	test_write_text(f->path, V5 K "\"A\"=\"1\"\n");
	assert_true(regfile_document_load(&doc, f->path, &err));
	test_write_text(f->path, V5 K "\"A\"=\"2\"\n\"B\"=\"3\"\n");
	regfile_document_set_sddl(&doc, regfile_document_find(&doc, "HKLM\\SOFTWARE\\Test"),
	                          "D:P(A;;KA;;;SY)");
	assert_false(regfile_document_write(&doc, &err));
	snprintf(expected, sizeof expected, "%s was changed by another program since ccmwrap read "
	         "it; nothing written, so that its change is not lost", f->path);
	assert_string_equal(err.text, expected);
	char *kept = read_all(f->path, NULL);
	assert_string_equal(kept, V5 K "\"A\"=\"2\"\n\"B\"=\"3\"\n");
	free(kept);
	regfile_document_free(&doc);
}

static void assert_value_text(registry *reg, const char *key, registry_view view,
                              const char *expected)
{
	registry_value *value = NULL;
	bool key_found = false;
	strlist text = STRLIST_INIT;
	error_message err;

	assert_true(registry_get_value(reg, key, view, "ProductVersion", &value, &key_found, &err));
	if (expected == NULL) {
		assert_null(value);
		return;
	}
	assert_non_null(value);
	assert_true(registry_value_strings(value, &text));
	assert_string_equal(text.items[0], expected);
	strlist_free(&text);
	registry_value_free(value);
}

/* A 64-bit machine's file has HKLM\SOFTWARE\Wow6432Node: the 32-bit view
 * of HKLM\SOFTWARE is there. A file without it is a 32-bit machine's. */
static void test_values_in_the_32_bit_view(void **state)
{
	fixture *f = *state;
	const char *client = "HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client";
	registry *reg = open_text(f, V5
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Mobile Client]\n"
	    "\"ProductVersion\"=\"2.50.4253.3000\"\n"
	    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Wow6432Node\\Microsoft\\SMS\\Mobile Client]\n"
	    "\"ProductVersion\"=\"4.00.6487.2000\"\n");

	assert_value_text(reg, client, REGISTRY_VIEW_32, "4.00.6487.2000");
	assert_value_text(reg, client, REGISTRY_VIEW_64, "2.50.4253.3000");
	assert_value_text(reg, "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\SMS\\Mobile Client",
	                  REGISTRY_VIEW_32, "4.00.6487.2000");
	registry_close(reg);

	reg = open_text(f, V5 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Mobile Client]\n"
	                      "\"ProductVersion\"=\"2.50.4253.3000\"\n");
	assert_value_text(reg, client, REGISTRY_VIEW_32, "2.50.4253.3000");
	assert_value_text(reg, "HKLM\\SOFTWARE\\Other", REGISTRY_VIEW_32, NULL);
	registry_close(reg);
}

static void test_missing_file_at_commit_fails_cleanly(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K);
	error_message err;
	char expected[2048];

	test_remove_tree(f->folder);
	assert_true(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:P(A;;KA;;;SY)", &err));
	assert_false(registry_commit(reg, &err));
	snprintf(expected, sizeof expected, "cannot look at %s: ", f->path);
	assert_true(strncmp(err.text, expected, strlen(expected)) == 0);
	registry_close(reg);
	uv_fs_t req;
	uv_fs_mkdir(NULL, &req, f->folder, 0700, NULL);
	uv_fs_req_cleanup(&req);
}

static void test_set_security_rejects_bad_text(void **state)
{
	registry *reg = open_text(*state, V5 K);
	error_message err;

	assert_false(registry_set_security(reg, "HKLM\\SOFTWARE\\Test", "D:\n[HKLM\\X]", &err));
	assert_string_equal(err.text, "cannot store descriptor 'D:\\x0a[HKLM\\X]' for HKLM\\SOFTWARE\\Test: "
	                              "expected SDDL text on one line");
	assert_false(registry_set_security(reg, "HKLM\\Nope", "D:", &err));
	registry_close(reg);
}

/* ---- bad input */

/* What regedit refuses, and what ccmwrap cannot trust, is an error; the
 * lines regedit only skips are in test_regfile_import.c. */
static void test_bad_lines(void **state)
{
	fixture *f = *state;

	expect_text_error(f, "", "1: the file is empty; expected 'Windows Registry Editor Version 5.00'");
	expect_text_error(f, "Windows Registry Editor Version 4.00\n",
	                  "1: 'Windows Registry Editor Version 4.00' is not a .reg file header; expected "
	                  "'Windows Registry Editor Version 5.00' or 'REGEDIT4'");
	expect_text_error(f, V5 K ";sddl=D:\n" K ";sddl=D:\n",
	                  "6: a second ;sddl= line for HKLM\\SOFTWARE\\Test (the first is on line 4); "
	                  "expected one descriptor per key");
	expect_text_error(f, V5 K "\"a\"=\"\xff\"\n",
	                  "4: not UTF-8 at byte 6: FF is a byte that never occurs in UTF-8; expected a "
	                  "UTF-8 or UTF-16LE file (a REGEDIT4 file may use ANSI)");
}

/* The error for a descriptor line ccmwrap does not take: on line, the
 * line as shown, and why. */
static void expect_descriptor_error(const fixture *f, const char *text, const char *line,
                                    const char *shown, const char *why)
{
	char expected[1024];

	snprintf(expected, sizeof expected, "%s: '%s' is not a descriptor line ccmwrap can trust: "
	         "%s; expected ';sddl=...' at the start of the line below [KEY]", line, shown, why);
	expect_text_error(f, text, expected);
}

#define NOT_UNDER_HEADER "it is not directly under a key's header"
#define CUT_SHORT "the file ends inside it (no line break): the file may be cut short"

/* A descriptor anywhere but ";sddl=" at the start of the line under its
 * key's header would be read as "no descriptor": each is an error. */
static void test_descriptor_lines_out_of_place(void **state)
{
	fixture *f = *state;

	expect_descriptor_error(f, V5 K "; a comment\n;sddl=D:(A;;KR;;;BU)\n", "5",
	                        ";sddl=D:(A;;KR;;;BU)", NOT_UNDER_HEADER);
	expect_descriptor_error(f, V5 ";sddl=D:(A;;KR;;;BU)\n" K, "3", ";sddl=D:(A;;KR;;;BU)",
	                        NOT_UNDER_HEADER);
	expect_descriptor_error(f, V5 K "  ;sddl=D:P(A;;KA;;;SY)\n", "4", ";sddl=D:P(A;;KA;;;SY)",
	                        "it is indented");
	expect_descriptor_error(f, V5 K ";SDDL=D:P(A;;KA;;;SY)\n", "4", ";SDDL=D:P(A;;KA;;;SY)",
	                        "it is not written ';sddl=' in lower case");
}

static void test_cut_off_files(void **state)
{
	fixture *f = *state;

	/* Cut inside the last descriptor line: the ACEs after the cut are lost,
	 * or the whole line would read as a comment. */
	expect_descriptor_error(f, V5 K ";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)", "4",
	                        ";sddl=O:BAG:SYD:P(A;CI;KA;;;SY)", CUT_SHORT);
	expect_descriptor_error(f, V5 K ";sdd", "4", ";sdd", CUT_SHORT);
	test_write_file(f->path, "\xFF\xFEW\0", 5);
	expect_open_error(f, "1: the file ends in the middle of a UTF-16 character; expected an even "
	                     "number of bytes");
}

/* Windows allows 512 levels below a root: regedit skips a key deeper. */
static void test_nesting_limit(void **state)
{
	fixture *f = *state;
	strbuf text = STRBUF_INIT;
	registry *reg;
	const strlist *warnings, *skipped;

	strbuf_add_string(&text, V5 "[HKLM");
	for (int i = 0; i < 512; i++)
		strbuf_add_string(&text, "\\k");
	strbuf_add_string(&text, "]\n");
	reg = open_text(f, text.data);
	registry_notes(reg, &warnings, &skipped);
	assert_int_equal(warnings->count, 0);
	registry_close(reg);
	text.length -= 2;
	strbuf_add_string(&text, "\\k]\n");
	reg = open_text(f, text.data);
	registry_notes(reg, &warnings, &skipped);
	assert_int_equal(skipped->count, 1);
	strbuf expected = STRBUF_INIT;
	strbuf_printf(&expected, "%s:3", f->path);
	assert_string_equal(skipped->items[0], expected.data);
	assert_false(registry_key_exists(reg, "HKLM\\k"));
	registry_close(reg);
	strbuf_free(&expected);
	strbuf_free(&text);
}

static void make_sparse(const char *path, const char *start, int64_t size)
{
	uv_fs_t req;
	int file = uv_fs_open(NULL, &req, path, UV_FS_O_CREAT | UV_FS_O_TRUNC | UV_FS_O_WRONLY, 0600,
	                      NULL);
	uv_fs_req_cleanup(&req);
	assert_true(file >= 0);
	uv_buf_t buffer = uv_buf_init((char *)start, (unsigned)strlen(start));
	assert_int_equal(uv_fs_write(NULL, &req, file, &buffer, 1, 0, NULL), (int)strlen(start));
	uv_fs_req_cleanup(&req);
	assert_int_equal(uv_fs_ftruncate(NULL, &req, file, size, NULL), 0);
	uv_fs_req_cleanup(&req);
	uv_fs_close(NULL, &req, file, NULL);
	uv_fs_req_cleanup(&req);
}

static void test_one_gigabyte_file_fails_fast(void **state)
{
	fixture *f = *state;

	make_sparse(f->path, "", INT64_C(1) << 30);
	expect_open_error(f, "1: the line is longer than 1048576 bytes; expected a .reg file line");
	make_sparse(f->path, V5, INT64_C(1) << 30);
	expect_open_error(f, "3: the line is longer than 1048576 bytes; expected a .reg file line");
}

/* ---- value writes */

static void set_value(registry *reg, const char *key, const char *name, uint32_t type,
                      const void *data, size_t size)
{
	registry_value value = { (char *)name, type, (unsigned char *)data, size };
	error_message err = { "" };

	if (!registry_set_value(reg, key, &value, &err))
		fail_msg("set_value %s\\%s failed: %s", key, name, err.text);
}

/* A REG_SZ as Windows stores it: UTF-16LE with its NUL. */
static void set_string(registry *reg, const char *key, const char *name, const char *text)
{
	size_t size;
	unsigned char *wide = text_utf8_to_utf16le(text, strlen(text) + 1, &size);

	set_value(reg, key, name, REGISTRY_SZ, wide, size);
	free(wide);
}

static void commit_and_close(registry *reg)
{
	error_message err = { "" };

	if (!registry_commit(reg, &err))
		fail_msg("commit failed: %s", err.text);
	registry_close(reg);
}

static registry *reopen(const fixture *f)
{
	registry *reg = NULL;
	error_message err = { "" };

	if (!registry_open_file(f->path, &reg, &err))
		fail_msg("reopen failed: %s", err.text);
	return reg;
}

/* HKLM\SOFTWARE\Test's values as the file is read again, which must be
 * expected of them (caller frees with registry_values_free). */
static registry_value *values_read_again(const fixture *f, size_t expected)
{
	registry *reg = reopen(f);
	registry_value *values;
	size_t count;
	error_message err = { "" };

	if (!registry_values(reg, "HKLM\\SOFTWARE\\Test", &values, &count, &err))
		fail_msg("values failed: %s", err.text);
	assert_int_equal(count, expected);
	registry_close(reg);
	return values;
}

static void expect_file_text(const fixture *f, const char *expected)
{
	size_t size;
	char *now = read_all(f->path, &size);

	assert_int_equal(size, strlen(expected));
	assert_string_equal(now, expected);
	free(now);
}

static void test_set_value_appends_to_the_section(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K ";sddl=D:P(A;;KA;;;SY)\n\"A\"=\"x\"\n; a comment\n\n"
	                             "[HKLM\\SOFTWARE\\Other]\n\"B\"=dword:00000002\n");

	set_value(reg, "HKEY_LOCAL_MACHINE\\SOFTWARE\\Test", "Count", REGISTRY_DWORD,
	          "\x07\x00\x01\x00", 4);
	set_string(reg, "HKLM\\SOFTWARE\\Test", "Quote \"q\"", "a\\b");
	set_value(reg, "HKLM\\SOFTWARE\\Other", "", REGISTRY_QWORD, "\x01\x02\x03\x04\x05\x06\x07\x08",
	          8);
	commit_and_close(reg);
	expect_file_text(f, V5 K ";sddl=D:P(A;;KA;;;SY)\n\"A\"=\"x\"\n"
	                     "\"Count\"=dword:00010007\n\"Quote \\\"q\\\"\"=\"a\\\\b\"\n"
	                     "; a comment\n\n"
	                     "[HKLM\\SOFTWARE\\Other]\n\"B\"=dword:00000002\n"
	                     "@=hex(b):01,02,03,04,05,06,07,08\n");
	registry_value *values = values_read_again(f, 3);
	assert_bytes(find_value(values, 3, "Count"), REGISTRY_DWORD, "\x07\x00\x01\x00", 4);
	assert_bytes(find_value(values, 3, "Quote \"q\""), REGISTRY_SZ, "a\0\\\0b\0\0", 8);
	registry_values_free(values, 3);
}

static void test_set_value_after_header_and_descriptor(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 "[HKLM\\A]\n\n[HKLM\\B]\n;sddl=D:P(A;;KA;;;SY)\n\n[HKLM\\A]\n");

	set_string(reg, "HKLM\\B", "v", "b");
	set_string(reg, "HKLM\\A", "v", "a");
	assert_true(registry_set_security(reg, "HKLM\\A", "D:P(A;;KR;;;BU)", NULL));
	commit_and_close(reg);
	/* A key written twice gets its new value in its last section; the new
	 * descriptor goes under its first header, before anything else. */
	expect_file_text(f, V5 "[HKLM\\A]\n;sddl=D:P(A;;KR;;;BU)\n\n"
	                     "[HKLM\\B]\n;sddl=D:P(A;;KA;;;SY)\n\"v\"=\"b\"\n\n"
	                     "[HKLM\\A]\n\"v\"=\"a\"\n");
}

static void test_set_value_replaces_its_lines(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K "\"Before\"=\"1\"\n"
	                             "\"Long\"=hex:01,02,\\\n  03,04,\\\n  05\n"
	                             "\"Short\"=dword:00000001\n"
	                             "\"after\"=\"2\"\n");
	unsigned char wide[40];

	for (size_t i = 0; i < sizeof wide; i++)
		wide[i] = (unsigned char)i;
	set_string(reg, "HKLM\\SOFTWARE\\Test", "LONG", "now short");
	set_value(reg, "HKLM\\SOFTWARE\\Test", "short", REGISTRY_BINARY, wide, sizeof wide);
	commit_and_close(reg);
	/* The name keeps its spelling; long hex wraps as regedit wraps it. */
	expect_file_text(f, V5 K "\"Before\"=\"1\"\n"
	                     "\"Long\"=\"now short\"\n"
	                     "\"Short\"=hex:00,01,02,03,04,05,06,07,08,09,0a,0b,0c,0d,0e,0f,10,11,12,13,"
	                     "14,15,\\\n  16,17,18,19,1a,1b,1c,1d,1e,1f,20,21,22,23,24,25,26,27\n"
	                     "\"after\"=\"2\"\n");
	registry_value *values = values_read_again(f, 4);
	assert_bytes(find_value(values, 4, "Short"), REGISTRY_BINARY, wide, sizeof wide);
	assert_bytes(find_value(values, 4, "Long"), REGISTRY_SZ,
	             "n\0o\0w\0 \0s\0h\0o\0r\0t\0\0", 20);
	registry_values_free(values, 4);
}

static void test_set_value_replaces_the_defining_duplicate(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K "\"v\"=\"old\"\n\"v\"=\"newer\"\n");

	set_string(reg, "HKLM\\SOFTWARE\\Test", "v", "newest");
	commit_and_close(reg);
	expect_file_text(f, V5 K "\"v\"=\"old\"\n\"v\"=\"newest\"\n");
}

/* A value the file removes ("name"=-) is not there to replace: setting it
 * again adds it after the section's last line, and the values around it
 * keep their lines. */
static void test_set_value_after_the_file_removed_it(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K "\"A\"=\"1\"\n\"B\"=\"2\"\n\"C\"=\"3\"\n\"b\"=-\n");

	set_string(reg, "HKLM\\SOFTWARE\\Test", "B", "again");
	set_string(reg, "HKLM\\SOFTWARE\\Test", "C", "changed");
	commit_and_close(reg);
	expect_file_text(f, V5 K "\"A\"=\"1\"\n\"B\"=\"2\"\n\"C\"=\"changed\"\n\"b\"=-\n"
	                     "\"B\"=\"again\"\n");
	registry_value *values = values_read_again(f, 3);
	assert_string_equal(values[0].name, "A");
	assert_string_equal(values[1].name, "C");
	assert_string_equal(values[2].name, "B");
	assert_bytes(find_value(values, 3, "B"), REGISTRY_SZ, "a\0g\0a\0i\0n\0\0", 12);
	registry_values_free(values, 3);
}

static void test_set_value_creates_key_at_the_end(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 K "\"A\"=\"x\"");

	set_string(reg, "HKLM\\SOFTWARE\\ccmwrap\\State", "LastRun", "2024-05-01T10:00:00Z");
	set_value(reg, "HKLM\\SOFTWARE\\ccmwrap\\State", "LastExitCode", REGISTRY_DWORD,
	          "\x42\x06\x07\x80", 4);
	assert_true(registry_key_exists(reg, "HKLM\\SOFTWARE\\ccmwrap"));
	commit_and_close(reg);
	/* The implied parent is not written: importing creates it. */
	expect_file_text(f, V5 K "\"A\"=\"x\"\n\n"
	                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\ccmwrap\\State]\n"
	                     "\"LastRun\"=\"2024-05-01T10:00:00Z\"\n"
	                     "\"LastExitCode\"=dword:80070642\n\n");
	reg = reopen(f);
	set_string(reg, "HKLM\\SOFTWARE\\ccmwrap\\State", "LastRun", "2024-05-02T10:00:00Z");
	set_string(reg, "HKLM\\SOFTWARE\\Next", "v", "");
	commit_and_close(reg);
	expect_file_text(f, V5 K "\"A\"=\"x\"\n\n"
	                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\ccmwrap\\State]\n"
	                     "\"LastRun\"=\"2024-05-02T10:00:00Z\"\n"
	                     "\"LastExitCode\"=dword:80070642\n\n"
	                     "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Next]\n\"v\"=\"\"\n\n");
}

static void test_set_value_on_implied_key(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, V5 "[HKLM\\A\\B]\n\"v\"=dword:00000001\n");

	set_string(reg, "HKLM\\A", "w", "2");
	commit_and_close(reg);
	expect_file_text(f, V5 "[HKEY_LOCAL_MACHINE\\A]\n\"w\"=\"2\"\n\n"
	                     "[HKLM\\A\\B]\n\"v\"=dword:00000001\n");
}

static void test_set_value_without_final_newline(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, "REGEDIT4\r\n\r\n[HKLM\\A]\r\n\"v\"=\"1\"");

	set_string(reg, "HKLM\\A", "v", "2");
	set_string(reg, "HKLM\\A", "w", "3");
	commit_and_close(reg);
	expect_file_text(f, "REGEDIT4\r\n\r\n[HKLM\\A]\r\n\"v\"=\"2\"\r\n\"w\"=\"3\"");
}

static void test_set_value_utf16_keeps_every_other_byte(void **state)
{
	fixture *f = *state;
	size_t size;
	char *original = copy_sample(f, &size);
	registry *reg;
	error_message err;

	assert_true(registry_open_file(f->path, &reg, &err));
	set_string(reg, "HKLM\\SOFTWARE\\ccmwrap", "LastOutcome", "success \xE2\x82\xAC");
	commit_and_close(reg);
	size_t added_size, now_size;
	char *added = utf16("[HKEY_LOCAL_MACHINE\\SOFTWARE\\ccmwrap]\r\n"
	                    "\"LastOutcome\"=\"success \xE2\x82\xAC\"\r\n\r\n", &added_size);
	char *now = read_all(f->path, &now_size);
	assert_int_equal(now_size, size + added_size);
	assert_memory_equal(now, original, size);
	assert_memory_equal(now + size, added, added_size);
	free(now);
	free(added);

	test_write_file(f->path, original, size);
	reg = reopen(f);
	set_value(reg, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager",
	          "ObjectDirectories", REGISTRY_DWORD, "\x05\x00\x00\x00", 4);
	commit_and_close(reg);
	expect_file_replaced(f->path, original, size,
	                     "\"ObjectDirectories\"=hex(7):5c,00,57,00,69,00,6e,00,64,00,6f,00,77,00,"
	                     "73,00,00,\\\r\n"
	                     "  00,5c,00,52,00,50,00,43,00,20,00,43,00,6f,00,6e,00,74,00,72,00,6f,00,"
	                     "6c,00,\\\r\n"
	                     "  00,00,00,00\r\n",
	                     "\"ObjectDirectories\"=dword:00000005\r\n");
	free(original);
}

static void test_set_value_same_data_writes_nothing(void **state)
{
	fixture *f = *state;
	registry *reg = open_then_delete(f, V5 K "\"v\"=dword:00000001\n");

	set_value(reg, "HKLM\\SOFTWARE\\Test", "V", REGISTRY_DWORD, "\x01\x00\x00\x00", 4);
	assert_commit_writes_nothing(f, reg);
}

static void test_set_value_refuses_what_the_file_cannot_hold(void **state)
{
	fixture *f = *state;
	registry *reg = open_text(f, "REGEDIT4\n\n[HKLM\\A]\n");
	registry_value multi = { "M", REGISTRY_MULTI_SZ, (unsigned char *)"a\0\0\0\0\0", 6 };
	registry_value wide_text = { "T", REGISTRY_SZ, (unsigned char *)"\xE5\x65\0\0", 4 };
	registry_value line_break = { "a\nb", REGISTRY_DWORD, (unsigned char *)"\0\0\0\0", 4 };
	error_message err;
	char expected[2048];

	assert_false(registry_set_value(reg, "HKLM\\A", &multi, &err));
	snprintf(expected, sizeof expected, "cannot store value 'M' of HKLM\\A in registry file %s: "
	         "a REGEDIT4 file keeps hex(7) strings as ANSI bytes; expected a 'Windows Registry "
	         "Editor Version 5.00' file for this value", f->path);
	assert_string_equal(err.text, expected);
	assert_false(registry_set_value(reg, "HKLM\\A", &wide_text, &err));
	snprintf(expected, sizeof expected, "cannot store value 'T' of HKLM\\A in registry file %s: "
	         "the value holds characters that a REGEDIT4 file (Windows-1252) cannot hold; "
	         "expected a 'Windows Registry Editor Version 5.00' file", f->path);
	assert_string_equal(err.text, expected);
	assert_false(registry_set_value(reg, "HKLM\\A", &line_break, &err));
	snprintf(expected, sizeof expected, "cannot store value 'a\\x0ab' of HKLM\\A in registry file "
	         "%s: value name 'a\\x0ab' holds a control character, which a .reg file cannot hold", f->path);
	assert_string_equal(err.text, expected);
	assert_false(registry_set_value(reg, "HKXX\\A", &multi, &err));
	set_string(reg, "HKLM\\A", "E", "\xE2\x82\xAC caf\xC3\xA9");
	commit_and_close(reg);
	expect_file_text(f, "REGEDIT4\n\n[HKLM\\A]\n\"E\"=\"\x80 caf\xE9\"\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_value_forms, setup, teardown),
		cmocka_unit_test_setup_teardown(test_later_value_replaces_earlier, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_order_and_implied_parents, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sample_utf16, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_bom_and_crlf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_regedit4_ansi, setup, teardown),
		cmocka_unit_test_setup_teardown(test_replace_sddl_keeps_every_other_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_and_remove_sddl_line, setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_on_implied_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_last_line_without_newline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_without_change_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_file_another_writer_replaced_is_not_overwritten,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_commits_one_after_another_keep_every_change, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_a_shared_descriptor_changes_for_one_key_only, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_a_file_replaced_after_a_commit_is_not_overwritten,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(test_a_file_changed_in_place_is_not_read_back, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_refresh_reads_what_another_writer_wrote, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_values_in_the_32_bit_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file_at_commit_fails_cleanly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_security_rejects_bad_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_descriptor_lines_out_of_place, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cut_off_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nesting_limit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_one_gigabyte_file_fails_fast, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_appends_to_the_section, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_after_header_and_descriptor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_replaces_its_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_replaces_the_defining_duplicate, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_set_value_after_the_file_removed_it, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_set_value_creates_key_at_the_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_on_implied_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_without_final_newline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_utf16_keeps_every_other_byte, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(test_set_value_same_data_writes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_value_refuses_what_the_file_cannot_hold, setup,
		                                teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
