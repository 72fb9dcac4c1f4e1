/* logfollow's system seam as the tests replace it (logfollow_use_system):
 * every folder watch is refused with TEST_WATCH_REFUSAL, as inotify
 * refuses one past its limit, so that the callers' handling of a follower
 * that cannot start is seen on every platform. */
#ifndef CCMWRAP_TESTWATCH_H
#define CCMWRAP_TESTWATCH_H

#include <uv.h>

#include "wrapper/logs/logfollow.h"

#define TEST_WATCH_REFUSAL UV_ENOSPC

extern const logfollow_system test_refusing_watches;

#endif
