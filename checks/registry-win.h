/* The machine's registry through advapi32 (Windows only). Beyond the
 * registry.h interface it reports the extra steps it takes when a key's
 * DACL refuses WRITE_DAC (privileges, ownership taken and given back), each
 * before it happens, so that a journal can record it first. */
#ifndef CCMWRAP_REGISTRY_WIN_H
#define CCMWRAP_REGISTRY_WIN_H

#include "registry.h"

#define REGISTRY_STEP_ENABLE_PRIVILEGE "enable-privilege"
#define REGISTRY_STEP_TAKE_OWNERSHIP "take-ownership"
#define REGISTRY_STEP_SET_SECURITY "set-security"
#define REGISTRY_STEP_RESTORE_OWNER "restore-owner"

typedef struct registry_step {
	const char *action;   /* one of REGISTRY_STEP_* */
	const char *key;      /* normalised path; NULL for enable-privilege */
	const char *before;   /* owner SID before the step; NULL when not an owner change */
	const char *after;    /* new owner SID, the SDDL written, or the privilege name */
} registry_step;

typedef void (*registry_step_hook)(void *context, const registry_step *step);

/* registry_open_native with a hook called before every step of an
 * ownership takeover (hook may be NULL). */
bool registry_open_native_with_steps(registry_step_hook hook, void *context, registry **out,
                                     error_message *err);

#endif
