/* Service mode of the double: the bootstrap starts the service instance
 * and leaves while the instance installs. On Windows the instance is a
 * real service named `ccmsetup`, registered with this program and the
 * bootstrap's arguments, started through the service control manager, and
 * it stops when asked to. POSIX has no services: the instance is a
 * detached process. */
#ifndef FAKE_SERVICE_H
#define FAKE_SERVICE_H

#include <stdbool.h>

#include "config/base/error.h"
#include "tests/fake_ccmsetup/fake_options.h"

/* The installation the instance does; returns its exit code. */
typedef int (*fake_service_work)(const fake_options *options);

/* The bootstrap's part: the instance runs this program with argv[1..],
 * /fake-service-instance added. */
bool fake_service_start(int argc, char **argv, error_message *err);

/* The instance's part: runs work, stays up options->service_linger_ms
 * (cut short by a stop request), and returns work's code. On Windows it
 * fails with a message on stderr unless the service manager started it. */
int fake_service_run(const fake_options *options, fake_service_work work);

#endif
