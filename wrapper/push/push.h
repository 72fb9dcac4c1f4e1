/* `ccmwrap push` on a libuv loop (docs/DESIGN.md "Push and the one-shot
 * service"): every host's push (pushjob.h) on a thread of libuv's pool,
 * up to `parallel` at once; a host that cannot be reached tried twice more
 * after a backoff (a timer on the loop, [retry] of the INI), then recorded
 * as `unreachable` with its Win32 error; the progress shown as hosts end.
 * The threads share nothing but the plan; what a host's push found comes
 * back to the loop in uv_queue_work's after-work callback. */
#ifndef CCMWRAP_PUSH_H
#define CCMWRAP_PUSH_H

#include <stdbool.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/push/pushjob.h"
#include "wrapper/push/pushprogress.h"

/* The most hosts at once, and the default. */
#define PUSH_PARALLEL_MAX 64
#define PUSH_PARALLEL_DEFAULT 8
/* After the stop request at the timeout: the INI's stop_grace for
 * ccmsetup, and this for ccmwrap to write everything down. */
#define PUSH_STOP_MARGIN_MS (60ull * 1000)
/* Tries of a host that cannot be reached: the first and two more. */
#define PUSH_TRIES 3

typedef struct push_request {
	const pushjob_plan *plan;
	const strlist *hosts;
	unsigned parallel;
	const config *cfg;             /* [retry]: the backoff between tries */
	pushprogress *progress;
} push_request;

/* Pushes to every host; each ends with its result file (or a line on
 * stderr saying why it could not be written). *all_succeeded: every host
 * ended successful (outcome_is_success). False only when the loop could
 * not be set up. */
bool push_run(const push_request *request, bool *all_succeeded, error_message *err);

/* The default --timeout: each attempt's [ccmsetup] timeout, busy_wait,
 * the longest [retry] delays between them, and 10 minutes for the rest. */
uint64_t push_default_timeout_ms(const config *cfg);

#endif
