/* The double's two logs, written the way the real writers write them:
 * ccmsetup.log in CMTrace format, appended to; client.msi.log as a verbose
 * Windows Installer log, new for each installation, UTF-16LE by default.
 * Each line is flushed at once so that a follower sees it as it happens. */
#ifndef FAKE_LOGS_H
#define FAKE_LOGS_H

#include <stdbool.h>

#include "config/base/error.h"
#include "tests/fake_ccmsetup/fake_options.h"

bool fake_logs_open(const fake_options *options);
void fake_logs_close(void);

/* One CMTrace entry in ccmsetup.log (type 1 info, 2 warning, 3 error). */
void fake_ccmsetup_log(int type, const char *format, ...) PRINTF_LIKE(2, 3);
/* One line in client.msi.log, as it is. */
void fake_msi_line(const char *format, ...) PRINTF_LIKE(1, 2);
/* "MSI (s) (B4:44) [HH:MM:SS:mmm]: " followed by the text. */
void fake_msi_engine(const char *format, ...) PRINTF_LIKE(1, 2);
/* HH:MM:SS as Action start/ended lines show it. */
const char *fake_clock(void);

/* Windows Installer's user-interface lines, in the language of
 * /fake-language (the wording is ours; what matters is that it is not
 * English): an action's start and end in client.msi.log, ActionText as
 * ccmsetup.log relays it ("MSI: Action 8:25:34: X. Description"), and an
 * internal error as both logs show it. */
void fake_msi_action_start(const char *action);
void fake_msi_action_end(const char *action, int return_value);
void fake_ccmsetup_action(int type, const char *action, const char *description);
void fake_internal_error(int number);

/* Renames ccmsetup.log to ccmsetup.lo_ and goes on in a new file, as
 * ccmsetup does when its log reaches its size limit. */
bool fake_logs_rotate(void);

#endif
