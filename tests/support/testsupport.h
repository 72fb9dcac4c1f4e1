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
/* A cmocka group's private folder (test_group_folder), with windir and
 * ProgramData set as on a Windows machine so that the INI's defaults
 * resolve the same everywhere: setup and teardown of the group. */
extern char *test_group_folder;
int test_group_folder_make(void **state);
int test_group_folder_remove(void **state);
void test_remove_tree(const char *path);
/* folder + separator + name, with this platform's separators throughout,
 * as ccmwrap writes the paths it resolves (caller frees). */
char *test_path(const char *folder, const char *name);
/* path with this platform's separators: "a/b" is "a\b" on Windows (caller
 * frees). */
char *test_native_path(const char *path);
/* Writes a file only its owner may read or write (0600, whatever the
 * umask), as ccmwrap wants its INI and state files. */
void test_write_file(const char *path, const void *data, size_t size);
void test_write_text(const char *path, const char *text);
/* Adds size bytes at the end of path (created when missing); a piece
 * smaller than stdio's buffer reaches the file in one write. */
void test_append_file(const char *path, const void *data, size_t size);
/* The whole file, NUL-terminated (caller frees); NULL when it cannot be read. */
char *test_read_file(const char *path, size_t *size);
/* Whether anything (a file, a folder) exists at path. */
bool test_exists(const char *path);
/* A file of the source tree, e.g. "samples/kb2000387.ini" (caller frees). */
char *test_source_path(const char *relative);
/* A private copy (0600) of a file of the source tree in folder, under its
 * own name (caller frees the path): a test hands ccmwrap its inputs from a
 * folder only it can write, whatever the checkout's modes (umask 002, an
 * archive) or the folders above it. */
char *test_copy_source(const char *relative, const char *folder);
/* A new temporary folder holding such a copy of each file of the source
 * tree listed (NULL-terminated; caller frees and removes the folder). */
char *test_copy_sources(const char *const *relative);
/* The whole of samples/logs/name, NUL-terminated (caller frees); aborts
 * when it cannot be read. */
char *test_read_sample_log(const char *name, size_t *size);

/* A new temporary folder and the path of one file in it, not yet created:
 * the fixture of the tests about a single file. */
typedef struct test_temp_file {
	char *folder;
	char *path;
} test_temp_file;
test_temp_file *test_temp_file_new(const char *name);
/* Removes the folder and everything in it. */
void test_temp_file_free(test_temp_file *file);

/* An exit code as a parent process sees it: Windows keeps all 32 bits,
 * POSIX only the low 8. */
#ifdef _WIN32
#define TEST_EXIT_SEEN(code) ((int64_t)(code))
#else
#define TEST_EXIT_SEEN(code) ((int64_t)((code) & 0xFF))
#endif

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

/* test_run in two halves, for a test that acts on the program while it
 * runs: test_start returns at once, test_wait waits for the exit, fills
 * result and frees process. */
typedef struct test_process test_process;
test_process *test_start(const char *const *args, const char *cwd);
/* Sends signum to the started program (uv_process_kill). */
void test_signal(test_process *process, int signum);
/* The started program's process id. */
int test_pid(const test_process *process);
void test_wait(test_process *process, test_run_result *result);
/* What the started program has written to stdout so far, NUL-terminated
 * (caller frees). */
char *test_read_stdout(const test_process *process);

/* Polls condition every few milliseconds until it holds (true) or
 * timeout_ms have passed (false): waiting for something another process
 * does, bounded so that a broken program fails the test instead of
 * hanging it. */
bool test_wait_until(bool (*condition)(void *context), void *context, unsigned timeout_ms);

#endif
