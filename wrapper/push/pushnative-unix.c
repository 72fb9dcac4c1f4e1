#include "wrapper/push/pushtarget.h"

/* POSIX has no service manager and no ADMIN$: only the simulation. */
const pushtarget_ops pushtarget_native = {
	.unavailable = "push needs --hosts-root on this platform (no service manager)",
};
