#include "tests/fake_ccmsetup/fake_stop.h"

#include <signal.h>
#include <uv.h>

void fake_stop_ignore(void)
{
	signal(SIGTERM, SIG_IGN);
}

void fake_stop_listen(void)
{
}

void fake_stop_request(void)
{
}

bool fake_stop_wait(unsigned milliseconds)
{
	uv_sleep(milliseconds);
	return false;
}
