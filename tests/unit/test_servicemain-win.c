/* The service's answer to the service manager's controls. No program may
 * send SHUTDOWN or PRESHUTDOWN (Windows and Wine refuse them), so the
 * test delivers them from another thread, as the dispatcher does: both
 * raise the stop request, as STOP does (whose way through the real
 * service manager tests/windows/test_wine_oneshot.c takes). Nothing else
 * stops the run: a user allowed to send a user-defined control cannot
 * interrupt it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <uv.h>
#include <windows.h>

#include "wrapper/run/servicemain.h"
#include "wrapper/run/stoprequest.h"

typedef struct delivery {
	unsigned long control;
	unsigned long answer;
	const char *why;
} delivery;

static void on_stop(stoprequest *request, const char *why)
{
	delivery *d = request->data;
	d->why = why;
}

static void send_control(void *context)
{
	delivery *d = context;
	d->answer = servicemain_handle_control(d->control);
}

static delivery deliver(unsigned long control)
{
	delivery d = { .control = control };
	uv_loop_t loop;
	stoprequest stop;
	uv_thread_t dispatcher;

	uv_loop_init(&loop);
	stoprequest_init(&loop, &stop);
	stop.data = &d;
	stoprequest_start(&stop, on_stop);
	assert_int_equal(uv_thread_create(&dispatcher, send_control, &d), 0);
	uv_thread_join(&dispatcher);
	uv_run(&loop, UV_RUN_NOWAIT);
	stoprequest_close(&stop, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	return d;
}

static void test_shutdown_and_preshutdown_stop_the_run(void **state)
{
	(void)state;
	delivery shutdown = deliver(SERVICE_CONTROL_SHUTDOWN);
	assert_int_equal(shutdown.answer, NO_ERROR);
	assert_string_equal(shutdown.why, "a shutdown notice");
	delivery preshutdown = deliver(SERVICE_CONTROL_PRESHUTDOWN);
	assert_int_equal(preshutdown.answer, NO_ERROR);
	assert_string_equal(preshutdown.why, "a shutdown notice");
	delivery stop = deliver(SERVICE_CONTROL_STOP);
	assert_int_equal(stop.answer, NO_ERROR);
	assert_string_equal(stop.why, "a service stop request");
}

static void test_other_controls_do_not_stop_the_run(void **state)
{
	(void)state;
	delivery interrogate = deliver(SERVICE_CONTROL_INTERROGATE);
	assert_int_equal(interrogate.answer, NO_ERROR);
	assert_null(interrogate.why);
	delivery user_defined = deliver(128);
	assert_int_equal(user_defined.answer, ERROR_CALL_NOT_IMPLEMENTED);
	assert_null(user_defined.why);
	delivery pause = deliver(SERVICE_CONTROL_PAUSE);
	assert_int_equal(pause.answer, ERROR_CALL_NOT_IMPLEMENTED);
	assert_null(pause.why);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shutdown_and_preshutdown_stop_the_run),
		cmocka_unit_test(test_other_controls_do_not_stop_the_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
