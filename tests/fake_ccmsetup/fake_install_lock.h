/* What a running installation holds: on Windows the Windows Installer
 * mutex Global\_MSIExecute, owned as msiexec owns it, which makes the
 * double's own installation fail with 1618 as msiexec would; on POSIX the
 * lock file busy_lock_path() names beside ccmsetup.log (wrapper/run/busy.h),
 * which ccmwrap's busy check there looks at. */
#ifndef FAKE_INSTALL_LOCK_H
#define FAKE_INSTALL_LOCK_H

#include <stdbool.h>

typedef struct fake_install_lock fake_install_lock;

/* *lock is NULL when another installation holds it. False with a message
 * on stderr when it could not be tried. */
bool fake_install_lock_take(const char *ccmsetup_log, fake_install_lock **lock);
void fake_install_lock_release(fake_install_lock *lock);

/* Only holds what another installation holds, for milliseconds: on
 * Windows the Windows Installer service busy (fake_msiserver.h), on POSIX
 * the lock file. False with a message on stderr when it cannot. */
bool fake_install_lock_hold(const char *ccmsetup_log, unsigned milliseconds);

#endif
