#include "tests/fake_ccmsetup/fake_access.h"

#include <stdio.h>

bool fake_native_device_access(const char *device_key, fake_access *access)
{
	(void)device_key;
	(void)access;
	fprintf(stderr, "fake_ccmsetup: this platform has no native registry; pass /fake-registry:FILE\n");
	return false;
}
