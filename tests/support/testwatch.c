#include "tests/support/testwatch.h"

static int refuse_watch(uv_fs_event_t *watch, uv_fs_event_cb on_event, const char *folder,
                        unsigned int flags)
{
	(void)watch;
	(void)on_event;
	(void)folder;
	(void)flags;
	return TEST_WATCH_REFUSAL;
}

const logfollow_system test_refusing_watches = { refuse_watch };
