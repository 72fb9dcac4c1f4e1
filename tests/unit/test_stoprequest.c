/* The stop request: raised from any thread, delivered once to the run
 * that watches, kept for a run that has not started watching yet (a
 * service stopped while its run was being prepared), and forgotten when
 * that run closes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <uv.h>

#include "wrapper/run/stoprequest.h"

typedef struct watcher {
	uv_loop_t loop;
	stoprequest stop;
	const char *why;
	unsigned deliveries;
} watcher;

static void on_stop(stoprequest *request, const char *why)
{
	watcher *w = request->data;
	w->why = why;
	w->deliveries++;
}

static void watch(watcher *w)
{
	*w = (watcher){ 0 };
	uv_loop_init(&w->loop);
	stoprequest_init(&w->loop, &w->stop);
	w->stop.data = w;
	stoprequest_start(&w->stop, on_stop);
}

/* One pass of the loop delivers what was raised before it; then closed. */
static void deliver_and_close(watcher *w)
{
	uv_run(&w->loop, UV_RUN_NOWAIT);
	stoprequest_close(&w->stop, NULL);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&w->loop), 0);
}

static void raise_from_a_thread(void *why)
{
	stoprequest_raise(why);
}

static void test_a_request_from_another_thread_is_delivered_once(void **state)
{
	watcher w;
	uv_thread_t thread;

	(void)state;
	watch(&w);
	assert_int_equal(uv_thread_create(&thread, raise_from_a_thread, "a service stop request"), 0);
	uv_thread_join(&thread);
	stoprequest_raise("Ctrl-C");
	deliver_and_close(&w);
	assert_int_equal(w.deliveries, 1);
	assert_string_equal(w.why, "a service stop request");
}

static void test_a_request_before_the_start_waits_for_it(void **state)
{
	watcher w;

	(void)state;
	stoprequest_raise("a shutdown notice");
	watch(&w);
	deliver_and_close(&w);
	assert_int_equal(w.deliveries, 1);
	assert_string_equal(w.why, "a shutdown notice");
}

/* What was asked of one run is not asked of the next. */
static void test_a_closed_watcher_leaves_nothing_to_the_next(void **state)
{
	watcher first, second;

	(void)state;
	watch(&first);
	stoprequest_raise("SIGTERM");
	deliver_and_close(&first);
	assert_int_equal(first.deliveries, 1);
	watch(&second);
	deliver_and_close(&second);
	assert_int_equal(second.deliveries, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_request_from_another_thread_is_delivered_once),
		cmocka_unit_test(test_a_request_before_the_start_waits_for_it),
		cmocka_unit_test(test_a_closed_watcher_leaves_nothing_to_the_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
