/* The double's Windows Installer (Windows only; POSIX has none): the
 * MSIServer service and its custom-action server, msiexec.exe, in the
 * roles the real ones play in KB2000387. The Wine tests point the prefix's
 * MSIServer service at this program (/fake-install-msiserver).
 *
 * Started by ccmsetup for a custom action, the service starts msiexec.exe
 * (this program under that name) beside itself; the custom-action server
 * owns Global\_MSIExecute and hangs, as RemoveW2KDrivers did. While it
 * runs the service accepts only SHUTDOWN, which is how Windows Installer
 * looks busy from outside; when it ends (ended by ccmwrap, say), the
 * mutex is abandoned and the service stops. Started for another process
 * (/fake-hold-busy) it is busy, holding the mutex, while that one lives. */
#ifndef FAKE_MSISERVER_H
#define FAKE_MSISERVER_H

#include <stdbool.h>

#include "tests/fake_ccmsetup/fake_options.h"

/* /fake-install-msiserver: the MSIServer service runs this program. */
bool fake_msiserver_install(void);
/* /fake-msiserver: the service. */
int fake_msiserver_run(void);
/* /fake-custom-action-server: msiexec.exe's part. */
int fake_custom_action_server(void);

/* ccmsetup's part: runs the custom action in the service's server and
 * waits until it has ended (bounded by limit_ms). */
bool fake_msiserver_custom_action(unsigned limit_ms);
/* Makes the service busy for as long as this process lives. */
bool fake_msiserver_busy_while_alive(void);

#endif
