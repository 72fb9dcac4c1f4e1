/* An INI ccmwrap cannot use: nothing is repaired or started, the error
 * names the file and line, and the exit code is 10001. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "tests/scenarios/scenario.h"
#include "config/base/text.h"

static int line_of(const char *path, const char *text)
{
	char *content = test_read_file(path, NULL);
	char *at = strstr(content, text);
	int line = 1;
	assert_non_null(at);
	for (const char *c = content; c < at; c++)
		line += *c == '\n';
	free(content);
	return line;
}

static void test_invalid_ini_is_10001_with_nothing_started(void **state)
{
	scenario *s = *state;
	scenario_write_ini(s, "fix", 3, "stall_timeout = soon\n");
	size_t before_size, after_size;
	char *registry_before = test_read_file(s->registry, &before_size);

	const char *args[] = { CCMWRAP_BINARY, "run", "-c", s->ini, "--registry", s->registry,
	                       "--result", s->result_file, NULL };
	test_run(args, s->folder, &s->run);

	scenario_read_result(s);
	scenario_assert_exit(s, 10001);
	assert_int_equal(s->result.outcome, OUTCOME_CONFIG);
	assert_int_equal(s->result.attempt_count, 0);
	strbuf where = STRBUF_INIT;
	strbuf_printf(&where, "%s:%d:", s->ini, line_of(s->ini, "stall_timeout = soon"));
	assert_non_null(strstr(s->run.err, where.data));
	assert_non_null(strstr(s->run.err, "soon"));
	strbuf_free(&where);
	uv_fs_t req;
	assert_int_equal(uv_fs_stat(NULL, &req, s->ccmsetup_log, NULL), UV_ENOENT);
	uv_fs_req_cleanup(&req);
	char *registry_after = test_read_file(s->registry, &after_size);
	assert_int_equal(after_size, before_size);
	assert_memory_equal(registry_after, registry_before, before_size);
	free(registry_after);
	free(registry_before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		scenario_test(test_invalid_ini_is_10001_with_nothing_started),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
