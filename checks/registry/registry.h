/* The registry as ccmwrap sees it, whatever stores it: a registry file
 * (registry-file.c, every platform) or the machine's own registry
 * (registry-win.c; registry-unix.c says there is none). Keys are normalised
 * paths (config/base/regpath.h); security descriptors travel as SDDL text. */
#ifndef CCMWRAP_REGISTRY_H
#define CCMWRAP_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/text.h"

/* Value types, numbered as Windows numbers them. */
enum {
	REGISTRY_NONE = 0,
	REGISTRY_SZ = 1,
	REGISTRY_EXPAND_SZ = 2,
	REGISTRY_BINARY = 3,
	REGISTRY_DWORD = 4,
	REGISTRY_MULTI_SZ = 7,
	REGISTRY_QWORD = 11,
};

typedef struct registry_value {
	char *name;            /* UTF-8; "" is the default value (regedit's @) */
	uint32_t type;
	unsigned char *data;   /* as Windows stores it: strings UTF-16LE, NUL-terminated */
	size_t size;
} registry_value;

typedef struct registry registry;

/* The two views of a 64-bit Windows registry: a 32-bit program's
 * HKLM\SOFTWARE is HKLM\SOFTWARE\Wow6432Node in the 64-bit view. Every
 * operation works in the 64-bit view (on 32-bit Windows, the only one)
 * but registry_get_value, which reads in either. */
typedef enum registry_view {
	REGISTRY_VIEW_64,
	REGISTRY_VIEW_32,
} registry_view;

/* A step beyond writing a descriptor that a backend takes on its own: the
 * native registry's ownership takeover when WRITE_DAC is refused. */
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

/* Called before each step; it must have recorded the step durably when it
 * returns (the journal's fsync), as the step follows at once. */
typedef void (*registry_step_hook)(void *context, const registry_step *step);

/* Backend operations; a backend embeds `struct registry` first. */
typedef struct registry_ops {
	bool (*key_exists)(registry *reg, const char *key);
	bool (*subkeys)(registry *reg, const char *key, strlist *names, error_message *err);
	bool (*values)(registry *reg, const char *key, registry_value **values, size_t *count,
	               error_message *err);
	bool (*get_value)(registry *reg, const char *key, registry_view view, const char *name,
	                  registry_value **value, bool *key_found, error_message *err);
	bool (*get_security)(registry *reg, const char *key, char **sddl, error_message *err);
	bool (*set_security)(registry *reg, const char *key, const char *sddl, error_message *err);
	bool (*set_value)(registry *reg, const char *key, const registry_value *value,
	                  error_message *err);
	bool (*commit)(registry *reg, error_message *err);
	bool (*refresh)(registry *reg, error_message *err);
	char *(*identity)(registry *reg);
	/* NULL: the backend passes nothing over when reading */
	void (*notes)(registry *reg, const strlist **warnings, const strlist **skipped);
	void (*close)(registry *reg);
	/* set_security and set_value make nothing durable before commit */
	bool writes_at_commit;
} registry_ops;

struct registry {
	const registry_ops *ops;
	const char *description;   /* "registry file X" or "native registry", for messages */
	registry_step_hook step_hook;   /* NULL: steps are not reported */
	void *step_context;
};

/* path through any links: the real file is read and written. */
bool registry_open_file(const char *path, registry **out, error_message *err);
/* Without a native registry (Linux) this fails with a message that says to
 * pass --registry FILE. */
bool registry_open_native(registry **out, error_message *err);
void registry_close(registry *reg);
/* Reports the backend's own steps to hook (NULL stops reporting). The file
 * backend takes no such steps. */
void registry_set_step_hook(registry *reg, registry_step_hook hook, void *context);

bool registry_key_exists(registry *reg, const char *key);
/* Names of the direct subkeys, in the order the backend keeps them. The
 * file backend keeps them in the order of their first appearance in the
 * file; a key that is not written but has written subkeys exists there
 * (as importing the file would create it), with no values and no
 * descriptor. */
bool registry_subkeys(registry *reg, const char *key, strlist *names, error_message *err);

/* After an operation on key failed: whether key has vanished, deleted by
 * another program since ccmwrap saw it (an MSI's custom action deletes
 * its own keys while ccmwrap walks them). Such a key is skipped with a
 * warning, never an error (docs/DESIGN.md "Fix"); when it is, key is
 * added to vanished (may be NULL) unless a key above it is there already. */
bool registry_vanished(registry *reg, const char *key, strlist *vanished);
/* What the warning about a vanished key says after "KEY: ". */
#define REGISTRY_VANISHED_WHY "deleted by another program while ccmwrap worked on it; skipped"

/* Visits key; *descend starts true, and false skips the keys below it. */
typedef bool (*registry_visitor)(void *context, const char *key, bool *descend,
                                 error_message *err);
/* Calls visit for key, then depth first for its subkeys in the backend's
 * order (the order regedit exports in); stops at the first failure. Depth
 * is bounded by the registry's own 512 levels. With vanished, a key whose
 * visit or listing fails because it has vanished (registry_vanished) is
 * skipped, added to vanished, and the walk goes on; NULL makes that a
 * failure too. */
bool registry_walk(registry *reg, const char *key, registry_visitor visit, void *context,
                   strlist *vanished, error_message *err);
bool registry_values(registry *reg, const char *key, registry_value **values, size_t *count,
                     error_message *err);
void registry_values_free(registry_value *values, size_t count);
/* The value of that name (case-insensitive) among values, or NULL. */
const registry_value *registry_find_value(const registry_value *values, size_t count,
                                          const char *name);
/* One value of key (name compared case-insensitively) as seen in view:
 * *value (free with registry_value_free) is NULL when the key or the value
 * does not exist, and *key_found says which. */
bool registry_get_value(registry *reg, const char *key, registry_view view, const char *name,
                        registry_value **value, bool *key_found, error_message *err);
void registry_value_free(registry_value *value);
/* The descriptor stored on the key (caller frees). *sddl is NULL when the
 * key stores none and takes everything from its parent (a registry file's
 * key without a ";sddl=" line). */
bool registry_get_security(registry *reg, const char *key, char **sddl, error_message *err);
/* sddl NULL removes the stored descriptor (the key inherits again; the
 * file backend drops its ";sddl=" line). The file backend stores the text
 * as given (one line, not empty) without parsing it. */
bool registry_set_security(registry *reg, const char *key, const char *sddl, error_message *err);
/* Creates or replaces one value (the name compared case-insensitively),
 * creating the key and its missing parents first. The file backend
 * rewrites only that value's lines (a new value goes at the end of the
 * key's section, a new key in a section at the end of the file); the
 * native registry writes at once. ccmwrap's only value write is its run
 * state under [ccmsetup] state_key. */
bool registry_set_value(registry *reg, const char *key, const registry_value *value,
                        error_message *err);
/* Makes the changes durable: the file backend writes the file atomically
 * (temp file + rename); the native registry has nothing left to do. */
bool registry_commit(registry *reg, error_message *err);
/* Whether no change is durable before registry_commit (the file backend),
 * so that a journal may flush its lines once, before the commit, instead of
 * once a change (docs/DESIGN.md "Journal"). */
bool registry_writes_at_commit(const registry *reg);

/* Which registry this is, for a journal to name it: "native:" and the
 * machine's MachineGuid (its host name where that cannot be read), or
 * "file:" and the registry file's real path (caller frees). */
char *registry_identity(registry *reg);

/* What reading the registry passed over (docs/DESIGN.md "Registry model
 * and the registry file"): every warning, "FILE:LINE: ..." with control
 * characters escaped as in error messages, and of them the lines skipped
 * as regedit skips them, "FILE:LINE". The native registry has none. The
 * lists belong to reg and change with a refresh. */
void registry_notes(registry *reg, const strlist **warnings, const strlist **skipped);
/* Fails, naming the skipped lines, when reading the registry skipped any:
 * a command that writes it back refuses it, so that nothing in it is
 * lost or rewritten from a partial reading. */
bool registry_check_rewritable(registry *reg, error_message *err);

/* Sees what another program wrote since: the file backend reads its file
 * again when it changed on disk (another writer replaced it) and nothing
 * is left uncommitted; the native registry is always current. */
bool registry_refresh(registry *reg, error_message *err);

/* The text of a string value (SZ, EXPAND_SZ; each string of a MULTI_SZ is
 * added to list) as UTF-8. False for other types. */
bool registry_value_strings(const registry_value *value, strlist *list);

#endif
