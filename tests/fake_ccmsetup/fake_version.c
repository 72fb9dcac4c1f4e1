#include "tests/fake_ccmsetup/fake_version.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checks/registry/registry.h"
#include "config/base/text.h"

/* A registry file is a 64-bit machine's when it has Wow6432Node. */
static bool write_version(registry *reg, const char *version, error_message *err)
{
	const char *key = registry_key_exists(reg, "HKLM\\SOFTWARE\\Wow6432Node") ? FAKE_CLIENT_KEY_32
	                                                                           : FAKE_CLIENT_KEY;
	size_t size;
	unsigned char *data = text_utf8_to_utf16le(version, strlen(version) + 1, &size);
	registry_value value = { FAKE_VERSION_VALUE, REGISTRY_SZ, data, size };
	bool ok = registry_set_value(reg, key, &value, err) && registry_commit(reg, err);

	free(data);
	return ok;
}

bool fake_record_version(const fake_options *options)
{
	registry *reg;
	error_message err;

	if (options->client_version == NULL)
		return true;
	if (options->registry_file == NULL)
		return fake_native_record_version(options->client_version);
	bool ok = registry_open_file(options->registry_file, &reg, &err);
	if (ok) {
		ok = write_version(reg, options->client_version, &err);
		registry_close(reg);
	}
	if (!ok)
		fprintf(stderr, "fake_ccmsetup: cannot record the client version: %s\n", err.text);
	return ok;
}
