/* `run --detach`, for startup scripts, which Group Policy gives 600 s in
 * all (docs/DESIGN.md "Push and the one-shot service"): the run goes on in
 * the background and the script's ccmwrap returns 0 as soon as it runs.
 * Windows: ccmwrap.exe is copied to %windir%\ccmwrap\ (a service's
 * program must lie where only administrators can write, which a script's
 * share is not) and started as the one-shot local service `ccmwrap`
 * (oneshot.h) running `service` with the arguments; it deletes itself
 * when the run ends. POSIX: `run` with the arguments in a new session. */
#ifndef CCMWRAP_DETACH_H
#define CCMWRAP_DETACH_H

#include <stdbool.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* arguments follow the command name; their paths are absolute. When
 * another ccmwrap's service runs already, false with *already_running.
 * *started (caller frees) says what was started, for the console. */
bool detach_start(const strlist *arguments, char **started, bool *already_running,
                  error_message *err);

#endif
