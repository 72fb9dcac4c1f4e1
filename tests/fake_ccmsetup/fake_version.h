/* What an upgrade leaves behind: the client's version, where the 32-bit
 * ConfigMgr 2007 client keeps it, in the 32-bit registry view
 * (HKLM\SOFTWARE\Wow6432Node\... on x64). ccmwrap reads it again to
 * confirm an upgrade. */
#ifndef FAKE_VERSION_H
#define FAKE_VERSION_H

#include <stdbool.h>

#include "tests/fake_ccmsetup/fake_options.h"

#define FAKE_CLIENT_KEY "HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client"
#define FAKE_CLIENT_KEY_32 "HKLM\\SOFTWARE\\Wow6432Node\\Microsoft\\SMS\\Mobile Client"
#define FAKE_VERSION_VALUE "ProductVersion"

/* Records options->client_version; false with a message on stderr. */
bool fake_record_version(const fake_options *options);

/* The same in the machine's registry, through the 32-bit view. */
bool fake_native_record_version(const char *version);

#endif
