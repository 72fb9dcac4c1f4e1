/* What a running installation holds, so that ccmwrap's busy check sees
 * it: on Windows the Windows Installer mutex Global\_MSIExecute, owned as
 * msiexec owns it; on POSIX the lock file busy_lock_path() names beside
 * ccmsetup.log (wrapper/busy.h). */
#ifndef FAKE_INSTALL_LOCK_H
#define FAKE_INSTALL_LOCK_H

#include <stdbool.h>

typedef struct fake_install_lock fake_install_lock;

/* *lock is NULL when another installation holds it. False with a message
 * on stderr when it could not be tried. */
bool fake_install_lock_take(const char *ccmsetup_log, fake_install_lock **lock);
void fake_install_lock_release(fake_install_lock *lock);

#endif
