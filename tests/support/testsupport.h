/* What the cmocka tests share: temporary folders, whole-file reads and
 * writes, and running a built program to see its exit code and output. */
#ifndef CCMWRAP_TESTSUPPORT_H
#define CCMWRAP_TESTSUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A new empty folder under the system's temporary folder (caller frees and
 * removes with test_remove_tree). */
char *test_make_temp_dir(void);
void test_remove_tree(const char *path);
/* folder + "/" + name (caller frees). */
char *test_path(const char *folder, const char *name);
void test_write_file(const char *path, const void *data, size_t size);
void test_write_text(const char *path, const char *text);
/* The whole file, NUL-terminated (caller frees); NULL when it cannot be read. */
char *test_read_file(const char *path, size_t *size);
/* A file of the source tree, e.g. "samples/kb2000387.ini" (caller frees). */
char *test_source_path(const char *relative);

typedef struct test_run_result {
	int64_t exit_code;        /* as the parent sees it */
	int term_signal;
	char *out;                /* stdout, NUL-terminated */
	char *err;                /* stderr */
} test_run_result;

/* Runs program with args (NULL-terminated, args[0] is the program) in the
 * given folder (NULL = current) and waits for it. */
void test_run(const char *const *args, const char *cwd, test_run_result *result);
void test_run_result_free(test_run_result *result);

#endif
