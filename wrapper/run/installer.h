/* Windows Installer as ccmwrap sees it from outside (docs/DESIGN.md
 * "Logs"). Whether it runs an installation is read from its service's
 * state: running and accepting only SERVICE_CONTROL_SHUTDOWN, the check
 * Microsoft documents for the case where 1618 cannot be returned. It takes
 * nothing, unlike acquiring the _MSIExecute mutex for a moment, which can
 * make another installation fail with 1618 itself. An installation whose
 * custom action hangs is ended through its custom-action servers. POSIX
 * has no Windows Installer: it is never busy and runs no custom action. */
#ifndef CCMWRAP_INSTALLER_H
#define CCMWRAP_INSTALLER_H

#include <stdbool.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"

bool installer_busy(bool *busy, error_message *err);

/* Ends every custom-action server, msiexec.exe whose parent is the Windows
 * Installer service's process, that started at or after since_ms (Unix
 * epoch): the installation's hung action fails, it rolls back and releases
 * _MSIExecute. Each ended process is added to ended as "process N started
 * at T: COMMAND LINE". */
bool installer_end_custom_actions(int64_t since_ms, strlist *ended, error_message *err);

#endif
