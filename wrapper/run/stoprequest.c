#include "wrapper/run/stoprequest.h"

#include <stdlib.h>

/* Requests come from other threads (the service manager calls its
 * handler on the dispatcher's thread), so the watcher and a request that
 * came before it are shared under a lock, and reach the loop through its
 * async handle, the one libuv call that is safe from any thread. */
static uv_once_t shared_once = UV_ONCE_INIT;
static uv_mutex_t shared_lock;
static stoprequest *shared_watcher;
static const char *shared_reason;

static void init_shared(void)
{
	if (uv_mutex_init(&shared_lock) != 0)
		abort();
}

void stoprequest_raise(const char *why)
{
	uv_once(&shared_once, init_shared);
	uv_mutex_lock(&shared_lock);
	if (shared_reason == NULL)
		shared_reason = why;
	if (shared_watcher != NULL)
		uv_async_send(&shared_watcher->async);
	uv_mutex_unlock(&shared_lock);
}

static void on_async(uv_async_t *async)
{
	stoprequest *request = async->data;
	const char *why;

	uv_mutex_lock(&shared_lock);
	why = shared_watcher == request ? shared_reason : NULL;
	uv_mutex_unlock(&shared_lock);
	if (why != NULL && request->on_stop != NULL) {
		stoprequest_callback on_stop = request->on_stop;
		request->on_stop = NULL;
		on_stop(request, why);
	}
}

static void on_signal(uv_signal_t *handle, int number)
{
	for (size_t i = 0; i < stoprequest_platform_signal_count; i++)
		if (stoprequest_platform_signals[i].number == number)
			stoprequest_raise(stoprequest_platform_signals[i].why);
	(void)handle;
}

void stoprequest_init(uv_loop_t *loop, stoprequest *request)
{
	void *data = request->data;

	*request = (stoprequest){ .data = data };
	uv_once(&shared_once, init_shared);
	uv_async_init(loop, &request->async, on_async);
	request->async.data = request;
	request->open_handles = 1;
	for (size_t i = 0; i < stoprequest_platform_signal_count && i < STOPREQUEST_MAX_SIGNALS; i++) {
		uv_signal_init(loop, &request->signals[i]);
		request->signals[i].data = request;
		request->signal_count++;
		request->open_handles++;
	}
}

void stoprequest_start(stoprequest *request, stoprequest_callback on_stop)
{
	request->on_stop = on_stop;
	for (size_t i = 0; i < request->signal_count; i++)
		uv_signal_start(&request->signals[i], on_signal, stoprequest_platform_signals[i].number);
	stoprequest_platform_start();
	uv_mutex_lock(&shared_lock);
	shared_watcher = request;
	if (shared_reason != NULL)
		uv_async_send(&request->async);
	uv_mutex_unlock(&shared_lock);
}

static void on_handle_closed(uv_handle_t *handle)
{
	stoprequest *request = handle->data;

	if (--request->open_handles == 0 && request->on_closed != NULL)
		request->on_closed(request);
}

void stoprequest_close(stoprequest *request, stoprequest_close_callback close_cb)
{
	uv_mutex_lock(&shared_lock);
	if (shared_watcher == request) {
		shared_watcher = NULL;
		shared_reason = NULL;   /* asked of this run, not of a later one */
	}
	uv_mutex_unlock(&shared_lock);
	request->on_stop = NULL;
	request->on_closed = close_cb;
	uv_close((uv_handle_t *)&request->async, on_handle_closed);
	for (size_t i = 0; i < request->signal_count; i++)
		uv_close((uv_handle_t *)&request->signals[i], on_handle_closed);
}
