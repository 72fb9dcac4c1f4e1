/* Windows refuses to rename over a file another program has open, even one
 * opened as libuv opens files, sharing deletion: atomicfile tries again
 * while such a reader holds the target, and gives up after about two
 * seconds of pauses with the target and the new content both kept. The
 * pauses are the test's own, so the reader lets go exactly between two
 * attempts and no time passes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/text.h"
#include "tests/support/testsupport.h"

typedef struct fixture {
	char *folder;
	char *target;      /* holds "old" */
	char *temp;        /* holds "new", to be renamed over target */
	uv_file reader;    /* target, held open; -1 once let go */
	unsigned pauses;
	unsigned paused_ms;
	unsigned last_ms;
	unsigned release_at;   /* the pause at which the reader lets go; 0: never */
} fixture;

static void close_reader(fixture *f)
{
	uv_fs_t request;

	if (f->reader < 0)
		return;
	assert_int_equal(uv_fs_close(NULL, &request, f->reader, NULL), 0);
	uv_fs_req_cleanup(&request);
	f->reader = -1;
}

static int setup(void **state)
{
	fixture *f = xcalloc(1, sizeof *f);
	uv_fs_t request;

	f->folder = test_make_temp_dir();
	f->target = test_path(f->folder, "result.json");
	f->temp = test_path(f->folder, "result.json.tmp-00000001");
	test_write_text(f->target, "old");
	test_write_text(f->temp, "new");
	f->reader = uv_fs_open(NULL, &request, f->target, UV_FS_O_RDONLY, 0, NULL);
	uv_fs_req_cleanup(&request);
	assert_true(f->reader >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	close_reader(f);
	test_remove_tree(f->folder);
	free(f->folder);
	free(f->target);
	free(f->temp);
	free(f);
	return 0;
}

static void counting_pause(unsigned ms, void *context)
{
	fixture *f = context;

	f->pauses++;
	f->paused_ms += ms;
	f->last_ms = ms;
	if (f->pauses == f->release_at)
		close_reader(f);
}

static void assert_content(const char *path, const char *expected)
{
	size_t size = 0;
	char *data = test_read_file(path, &size);

	assert_int_equal(size, strlen(expected));
	assert_memory_equal(data, expected, size);
	free(data);
}

static void test_reader_letting_go_between_attempts(void **state)
{
	fixture *f = *state;

	f->release_at = 3;
	assert_int_equal(atomicfile_rename_over(f->temp, f->target, counting_pause, f), 0);
	assert_int_equal(f->pauses, 3);
	assert_int_equal(f->paused_ms, 1 + 2 + 4);
	assert_content(f->target, "new");
	assert_false(test_exists(f->temp));
}

/* 1 + 2 + ... + 1024 ms is the first sum past two seconds: eleven
 * pauses, then a last attempt whose refusal is the answer. */
static void test_reader_that_stays(void **state)
{
	fixture *f = *state;

	int result = atomicfile_rename_over(f->temp, f->target, counting_pause, f);
	assert_true(result == UV_EPERM || result == UV_EACCES);
	assert_int_equal(f->pauses, 11);
	assert_int_equal(f->last_ms, 1024);
	assert_int_equal(f->paused_ms, 2047);
	close_reader(f);
	assert_content(f->target, "old");
	assert_content(f->temp, "new");
}

/* A target nobody holds is replaced at the first attempt. */
static void test_no_reader_no_pause(void **state)
{
	fixture *f = *state;

	close_reader(f);
	assert_int_equal(atomicfile_rename_over(f->temp, f->target, counting_pause, f), 0);
	assert_int_equal(f->pauses, 0);
	assert_content(f->target, "new");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_reader_letting_go_between_attempts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reader_that_stays, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_reader_no_pause, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
