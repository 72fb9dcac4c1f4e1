#include "tests/fake_ccmsetup/fake_crash.h"

#include <stdlib.h>

_Noreturn void fake_crash(void)
{
	abort();
}
