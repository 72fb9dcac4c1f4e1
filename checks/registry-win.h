/* The machine's registry through advapi32 (Windows only). It reports the
 * extra steps it takes when a key's DACL refuses WRITE_DAC (privileges,
 * ownership taken and given back) to the registry's step hook
 * (registry.h), each before it happens. */
#ifndef CCMWRAP_REGISTRY_WIN_H
#define CCMWRAP_REGISTRY_WIN_H

#include "registry.h"

/* registry_open_native followed by registry_set_step_hook. */
bool registry_open_native_with_steps(registry_step_hook hook, void *context, registry **out,
                                     error_message *err);

#endif
