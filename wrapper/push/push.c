#include "wrapper/push/push.h"

#include <stdio.h>
#include <stdlib.h>
#include <uv.h>

#include "wrapper/run/retry.h"

/* What the default timeout leaves for everything but the runs: copying,
 * the service's start and stop, the result. */
#define PUSH_TIMEOUT_MARGIN_MS (10ull * 60 * 1000)

typedef struct push_state push_state;

typedef struct push_host {
	push_state *state;
	const char *name;
	unsigned tries;
	uv_work_t work;
	uv_timer_t backoff;
	bool backoff_ready;
	pushjob_result result;
} push_host;

struct push_state {
	uv_loop_t loop;
	const push_request *request;
	push_host *hosts;
	size_t next;
	size_t active;
	bool all_succeeded;
};

uint64_t push_default_timeout_ms(const config *cfg)
{
	uint64_t attempts = cfg->retry.max_attempts;

	return cfg->ccmsetup.timeout_ms * attempts + cfg->ccmsetup.busy_wait_ms +
	       attempts * cfg->retry.max_delay_ms + PUSH_TIMEOUT_MARGIN_MS;
}

/* On a thread of the pool: the whole of one try at the host. */
static void push_host_work(uv_work_t *work)
{
	push_host *host = work->data;

	pushjob_run(host->state->request->plan, host->name, &host->result);
}

static void push_host_done(uv_work_t *work, int status);

static void push_host_queue(push_host *host)
{
	host->tries++;
	host->work.data = host;
	uv_queue_work(&host->state->loop, &host->work, push_host_work, push_host_done);
}

static void push_start_more(push_state *state)
{
	const push_request *request = state->request;

	while (state->active < request->parallel && state->next < request->hosts->count) {
		push_host *host = &state->hosts[state->next++];
		state->active++;
		pushprogress_started(request->progress);
		push_host_queue(host);
	}
}

/* A host that was never reached gets the result push writes for it. */
static void push_record_unreachable(push_host *host, outcome_kind *outcome, uint32_t *exit_code)
{
	pushjob_result *result = &host->result;
	strbuf warning = STRBUF_INIT;
	error_message err;

	strbuf_printf(&warning, "push: %s: %s (Win32 error %lu)", result->step,
	              result->error.message.text, (unsigned long)result->error.win32);
	*outcome = OUTCOME_UNREACHABLE;
	*exit_code = outcome_exit_code(OUTCOME_UNREACHABLE, result->error.win32);
	result->written = pushjob_write_own_result(host->state->request->plan->results_dir,
	                                           host->name, OUTCOME_UNREACHABLE,
	                                           result->error.win32, warning.data, &err);
	if (!result->written)
		result->error.message = err;
	strbuf_free(&warning);
}

static void push_host_finish(push_host *host)
{
	push_state *state = host->state;
	pushjob_result *result = &host->result;
	outcome_kind outcome = result->outcome;
	uint32_t exit_code = result->exit_code;

	if (result->unreachable)
		push_record_unreachable(host, &outcome, &exit_code);
	if (!result->written)
		fprintf(stderr, "ccmwrap push: %s: %s\n", host->name, result->error.message.text);
	if (result->cleanup.text[0] != '\0')
		fprintf(stderr, "ccmwrap push: %s: %s\n", host->name, result->cleanup.text);
	if (!result->written || !outcome_is_success(outcome))
		state->all_succeeded = false;
	pushprogress_finished(state->request->progress, host->name, outcome, exit_code,
	                      result->unreachable ? 0 : result->fixed);
	state->active--;
}

static void push_backoff_over(uv_timer_t *timer)
{
	push_host_queue(timer->data);
}

static void push_host_done(uv_work_t *work, int status)
{
	push_host *host = work->data;
	push_state *state = host->state;

	(void)status;
	if (host->result.unreachable && host->tries < PUSH_TRIES) {
		if (!host->backoff_ready) {
			uv_timer_init(&state->loop, &host->backoff);
			host->backoff.data = host;
			host->backoff_ready = true;
		}
		uv_timer_start(&host->backoff, push_backoff_over,
		               retry_delay_ms(state->request->cfg, host->tries, retry_system_random,
		                              NULL),
		               0);
		return;
	}
	push_host_finish(host);
	push_start_more(state);
}

bool push_run(const push_request *request, bool *all_succeeded, error_message *err)
{
	push_state state = { .request = request, .all_succeeded = true };
	char threads[16];

	/* The pool is made with the first work item, as large as this says. */
	snprintf(threads, sizeof threads, "%u", request->parallel);
	int rc = uv_os_setenv("UV_THREADPOOL_SIZE", threads);
	if (rc == 0)
		rc = uv_loop_init(&state.loop);
	if (rc != 0)
		return error_set(err, "cannot set up the event loop: %s", uv_strerror(rc));
	state.hosts = xcalloc(request->hosts->count, sizeof *state.hosts);
	for (size_t i = 0; i < request->hosts->count; i++) {
		state.hosts[i].state = &state;
		state.hosts[i].name = request->hosts->items[i];
	}
	push_start_more(&state);
	uv_run(&state.loop, UV_RUN_DEFAULT);
	for (size_t i = 0; i < request->hosts->count; i++)
		if (state.hosts[i].backoff_ready)
			uv_close((uv_handle_t *)&state.hosts[i].backoff, NULL);
	uv_run(&state.loop, UV_RUN_DEFAULT);
	uv_loop_close(&state.loop);
	free(state.hosts);
	*all_succeeded = state.all_succeeded;
	return true;
}
