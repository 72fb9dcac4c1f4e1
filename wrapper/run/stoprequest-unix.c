#include "wrapper/run/stoprequest.h"

#include <signal.h>

const stoprequest_signal stoprequest_platform_signals[] = {
	{ SIGINT, "Ctrl-C" },
	{ SIGTERM, "SIGTERM" },
};
const size_t stoprequest_platform_signal_count =
    sizeof stoprequest_platform_signals / sizeof stoprequest_platform_signals[0];

void stoprequest_platform_start(void)
{
}
