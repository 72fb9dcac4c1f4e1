/* Asking the double to stop, the ways ccmsetup is asked: the ccmsetup
 * service's STOP control, or on Windows WM_CLOSE to its hidden window (as
 * ccmwrap asks a ccmsetup run without service). On POSIX SIGTERM is the
 * request, and its default action ends the double at once. */
#ifndef FAKE_STOP_H
#define FAKE_STOP_H

#include <stdbool.h>

/* From now on requests change nothing: a ccmsetup stuck where it cannot
 * answer them (POSIX: SIGTERM ignored). */
void fake_stop_ignore(void);
/* Windows: opens the hidden window, whose WM_CLOSE is a stop request. */
void fake_stop_listen(void);
/* A stop request, from the service control handler or the window. */
void fake_stop_request(void);
/* Waits milliseconds, or less when a stop is requested: true then. */
bool fake_stop_wait(unsigned milliseconds);

#endif
