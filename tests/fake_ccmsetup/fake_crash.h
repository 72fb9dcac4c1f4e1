/* Ends the double the way a crashing ccmsetup ends: killed by SIGABRT on
 * POSIX, with the access-violation status 0xC0000005 on Windows (abort()
 * there exits with a plain 3, which no crashed installer leaves). */
#ifndef FAKE_CRASH_H
#define FAKE_CRASH_H

_Noreturn void fake_crash(void);

#endif
