#include "tests/fake_ccmsetup/fake_access.h"

#include <stdio.h>
#include <string.h>

#include "checks/acl.h"
#include "checks/inherit.h"
#include "checks/registry/registry.h"
#include "checks/scan.h"

/* The groups in the installer's token besides the trustee itself. */
static void installer_token(const char *trustee, strlist *token)
{
	strlist_add(token, trustee);
	if (strcmp(trustee, "S-1-5-18") == 0)
		strlist_add(token, "S-1-5-32-544");
	strlist_add(token, "S-1-1-0");
	strlist_add(token, "S-1-5-11");
}

static bool subtree_has_full_control(registry *reg, const char *trustee, const char *device_key,
                                     bool *full, error_message *err)
{
	strlist keys = STRLIST_INIT;
	strlist token = STRLIST_INIT;
	inherit_source source;
	bool ok = scan_subtree(reg, device_key, &keys, NULL, err);

	installer_token(trustee, &token);
	inherit_source_init(&source, reg);
	*full = true;
	for (size_t i = 0; ok && *full && i < keys.count; i++) {
		security_descriptor sd;
		ok = inherit_effective(&source, keys.items[i], &sd, NULL, err);
		if (ok) {
			*full = acl_effective_rights(&sd, &token) == KEY_ALL_ACCESS_MASK;
			security_descriptor_free(&sd);
		}
	}
	inherit_source_free(&source);
	strlist_free(&token);
	strlist_free(&keys);
	return ok;
}

bool fake_device_access(const fake_options *options, const char *device_key, fake_access *access)
{
	registry *reg;
	error_message err;
	bool full = false;

	if (options->registry_file == NULL)
		return fake_native_device_access(device_key, access);
	if (!registry_open_file(options->registry_file, &reg, &err)) {
		fprintf(stderr, "fake_ccmsetup: %s\n", err.text);
		return false;
	}
	bool exists = registry_key_exists(reg, device_key);
	bool ok = !exists || subtree_has_full_control(reg, options->trustee, device_key, &full, &err);
	registry_close(reg);
	if (!ok) {
		fprintf(stderr, "fake_ccmsetup: %s\n", err.text);
		return false;
	}
	*access = !exists ? FAKE_DEVICE_ABSENT : full ? FAKE_DEVICE_REMOVABLE : FAKE_DEVICE_DENIED;
	return true;
}
