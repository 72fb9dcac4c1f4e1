#include "tests/fake_ccmsetup/fake_crash.h"

#include <windows.h>

_Noreturn void fake_crash(void)
{
	TerminateProcess(GetCurrentProcess(), (UINT)EXCEPTION_ACCESS_VIOLATION);
	ExitProcess((UINT)EXCEPTION_ACCESS_VIOLATION);
}
