#include "tests/fake_ccmsetup/fake_version.h"

#include <stdio.h>

bool fake_native_record_version(const char *version)
{
	(void)version;
	fprintf(stderr, "fake_ccmsetup: this platform has no native registry; pass /fake-registry:FILE\n");
	return false;
}
