#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/run/child.h"
#include "tests/support/testsupport.h"

/* Only a guard against a hanging test, never a synchronisation. */
#define FAILURE_GUARD_MS 60000

typedef struct child_run {
	uv_loop_t loop;
	uv_timer_t guard;
	uv_timer_t watch;
	child_process child;
	child_exit exit;
	int exits;
	const char *ready_file;
	bool ask_to_close;        /* once ready: child_ask_to_close */
	bool kill;                /* once ready (after asking): child_kill */
	bool asked;               /* what child_ask_to_close answered */
	int closes;
} child_run;

static void child_closed(child_process *child)
{
	child_run *run = child->data;

	run->closes++;
}

/* Its handle stays open after the exit, until closed. */
static void child_ended(child_process *child, const child_exit *how)
{
	child_run *run = child->data;

	run->exit = *how;
	run->exits++;
	assert_int_equal(run->closes, 0);
	child_close(child, child_closed);
	uv_close((uv_handle_t *)&run->guard, NULL);
	uv_close((uv_handle_t *)&run->watch, NULL);
}

static void guard_expired(uv_timer_t *timer)
{
	(void)timer;
	fail_msg("the child did not end within %d ms", FAILURE_GUARD_MS);
}

static bool file_exists(const char *path)
{
	uv_fs_t req;
	int rc = uv_fs_stat(NULL, &req, path, NULL);

	uv_fs_req_cleanup(&req);
	return rc == 0;
}

/* Stops the child once it said (by creating ready_file) that it is ready. */
static void watch_ready(uv_timer_t *timer)
{
	child_run *run = timer->data;

	if (run->ready_file == NULL || file_exists(run->ready_file)) {
		uv_timer_stop(timer);
		if (run->ask_to_close)
			run->asked = child_ask_to_close(&run->child);
		if (run->kill)
			assert_true(child_kill(&run->child));
	}
}

static void run_child(child_run *run, const char *program, const char *first, const char *second,
                      bool stop)
{
	strlist arguments = STRLIST_INIT;
	error_message err;

	uv_loop_init(&run->loop);
	uv_timer_init(&run->loop, &run->guard);
	uv_timer_init(&run->loop, &run->watch);
	run->watch.data = run;
	uv_timer_start(&run->guard, guard_expired, FAILURE_GUARD_MS, 0);
	strlist_add(&arguments, first);
	strlist_add(&arguments, second);
	child_init(&run->loop, &run->child, child_ended, run);
	if (!child_start(&run->child, program, &arguments, &err))
		fail_msg("%s", err.text);
	if (stop)
		uv_timer_start(&run->watch, watch_ready, 0, 5);
	uv_run(&run->loop, UV_RUN_DEFAULT);
	assert_int_equal(run->closes, 1);
	assert_int_equal(uv_loop_close(&run->loop), 0);
	strlist_free(&arguments);
}

static void test_exit_code_is_reported(void **state)
{
	child_run run = { 0 };

	(void)state;
	run_child(&run, CCMWRAP_CHILD_HELPER, "exit", "3", false);
	assert_int_equal(run.exits, 1);
	assert_int_equal(run.exit.exit_status, 3);
	assert_int_equal(run.exit.term_signal, 0);
}

#ifndef _WIN32
static void test_asking_to_close_ends_a_child_that_listens(void **state)
{
	child_run run = { 0 };

	(void)state;
	run.ask_to_close = true;
	run_child(&run, CCMWRAP_CHILD_HELPER, "sleep", "600000", true);
	assert_true(run.asked);
	assert_int_equal(run.exits, 1);
	assert_int_equal(run.exit.term_signal, SIGTERM);
}
#else
/* A program without a window cannot be asked: the caller ends it at once. */
static void test_a_windowless_child_cannot_be_asked(void **state)
{
	child_run run = { 0 };

	(void)state;
	run.ask_to_close = true;
	run.kill = true;
	run_child(&run, CCMWRAP_CHILD_HELPER, "sleep", "600000", true);
	assert_false(run.asked);
	assert_int_equal(run.exits, 1);
	assert_int_equal(run.exit.term_signal, SIGKILL);
}
#endif

static void test_a_child_that_ignores_the_request_is_killed(void **state)
{
	char *folder = test_make_temp_dir();
	char *ready = test_path(folder, "ready");
	child_run run = { 0 };

	(void)state;
	run.ready_file = ready;
	run.ask_to_close = true;
	run.kill = true;
	run_child(&run, CCMWRAP_CHILD_HELPER, "ignore-term", ready, true);
	assert_int_equal(run.exits, 1);
	assert_int_equal(run.exit.term_signal, SIGKILL);
	test_remove_tree(folder);
	free(ready);
	free(folder);
}

static char *parent_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *backslash = strrchr(path, '\\');
	const char *separator = backslash > slash ? backslash : slash;
	return xstrndup(path, (size_t)(separator - path));
}

static void test_relative_path_is_relative_to_the_ini_folder(void **state)
{
	char *folder = parent_folder(CCMWRAP_CHILD_HELPER);
	const char *name = CCMWRAP_CHILD_HELPER + strlen(folder) + 1;
	char *program = NULL;
	error_message err;
	child_run run = { 0 };

	(void)state;
	assert_true(child_resolve_program(name, folder, &program, &err));
	char *expected = test_path(folder, name);
	assert_string_equal(program, expected);
	run_child(&run, program, "exit", "7", false);
	assert_int_equal(run.exit.exit_status, 7);
	free(expected);
	free(program);
	free(folder);
}

static void test_absolute_path_is_kept(void **state)
{
	char *program = NULL;
	error_message err;

	(void)state;
	assert_true(child_resolve_program(CCMWRAP_CHILD_HELPER, "/elsewhere", &program, &err));
	char *expected = test_native_path(CCMWRAP_CHILD_HELPER);
	assert_string_equal(program, expected);
	free(expected);
	free(program);
}

static void test_bare_name_is_never_found_through_path(void **state)
{
	char *folder = test_make_temp_dir();
	char *looked_for = test_path(folder, "sh");
	char *program = NULL;
	error_message err;
	strbuf message = STRBUF_INIT;

	(void)state;
	assert_false(child_resolve_program("sh", folder, &program, &err));
	strbuf_printf(&message, "'sh' cannot be started: %s; looked for %s", uv_strerror(UV_ENOENT),
	              looked_for);
	assert_string_equal(err.text, message.data);
	assert_null(program);
	strbuf_free(&message);
	free(looked_for);
	test_remove_tree(folder);
	free(folder);
}

static void test_folder_or_empty_path_is_refused(void **state)
{
	char *folder = test_make_temp_dir();
	char *program = NULL;
	error_message err;
	strbuf message = STRBUF_INIT;

	(void)state;
	assert_false(child_resolve_program(folder, "/", &program, &err));
	strbuf_printf(&message, "'%s' cannot be started: it is not a file", folder);
	assert_string_equal(err.text, message.data);
	assert_false(child_resolve_program("", folder, &program, &err));
	assert_string_equal(err.text, "no program to start: [ccmsetup] path is empty");
	strbuf_free(&message);
	test_remove_tree(folder);
	free(folder);
}

static void count_exit(child_process *child, const child_exit *how)
{
	child_run *run = child->data;

	run->exit = *how;
	run->exits++;
}

static void count_close(child_process *child)
{
	child_run *run = child->data;

	run->closes++;
}

/* A failed start says why and never calls on_exit; libuv's handle of the
 * failed spawn still closes on the loop, and close_cb comes once, after
 * it, so that the caller frees nothing too early. */
static void test_start_failure_says_what_and_why(void **state)
{
	char *folder = test_make_temp_dir();
	char *not_a_program = test_path(folder, "ccmsetup.exe");
	strlist arguments = STRLIST_INIT;
	uv_loop_t loop;
	child_run run = { 0 };
	error_message err;
	strbuf prefix = STRBUF_INIT;

	(void)state;
	test_write_text(not_a_program, "not a program");
	uv_loop_init(&loop);
	child_init(&loop, &run.child, count_exit, &run);
	assert_false(child_start(&run.child, not_a_program, &arguments, &err));
	strbuf_printf(&prefix, "cannot start '%s': ", not_a_program);
	assert_true(strncmp(err.text, prefix.data, prefix.length) == 0);
	assert_true(strlen(err.text) > prefix.length);
	assert_false(child_kill(&run.child));
	assert_false(child_ask_to_close(&run.child));
	child_close(&run.child, count_close);
	assert_int_equal(run.closes, 0);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(run.closes, 1);
	assert_int_equal(run.exits, 0);
	assert_int_equal(uv_loop_close(&loop), 0);
	strbuf_free(&prefix);
	test_remove_tree(folder);
	free(not_a_program);
	free(folder);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exit_code_is_reported),
#ifndef _WIN32
		cmocka_unit_test(test_asking_to_close_ends_a_child_that_listens),
#else
		cmocka_unit_test(test_a_windowless_child_cannot_be_asked),
#endif
		cmocka_unit_test(test_a_child_that_ignores_the_request_is_killed),
		cmocka_unit_test(test_relative_path_is_relative_to_the_ini_folder),
		cmocka_unit_test(test_absolute_path_is_kept),
		cmocka_unit_test(test_bare_name_is_never_found_through_path),
		cmocka_unit_test(test_folder_or_empty_path_is_refused),
		cmocka_unit_test(test_start_failure_says_what_and_why),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
