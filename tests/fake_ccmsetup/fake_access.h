/* Can the installer remove an SMS 2003 remote-control device? Only with
 * Full Control over the device key and everything below it, which is what
 * RemoveW2KDrivers lacks in KB2000387. */
#ifndef FAKE_ACCESS_H
#define FAKE_ACCESS_H

#include <stdbool.h>

#include "tests/fake_ccmsetup/fake_options.h"

typedef enum fake_access {
	FAKE_DEVICE_ABSENT,
	FAKE_DEVICE_REMOVABLE,
	FAKE_DEVICE_DENIED,
} fake_access;

/* False (with a message on stderr) when the registry cannot be read. */
bool fake_device_access(const fake_options *options, const char *device_key, fake_access *access);

/* The native registry's own answer: opening every key of the subtree with
 * KEY_ALL_ACCESS, so that the operating system's access check decides. */
bool fake_native_device_access(const char *device_key, fake_access *access);

#endif
