/* Whether a Windows test runs under Wine, where some of Windows' behaviour
 * is missing (README "What only a real Windows client can prove"): a test
 * asserts what must hold everywhere, and Windows' exact behaviour only off
 * Wine. Windows only: included by test_*-win.c files alone. */
#ifndef CCMWRAP_TESTWINE_H
#define CCMWRAP_TESTWINE_H

#include <stdbool.h>

bool test_under_wine(void);

#endif
