/* The INI configuration (docs/DESIGN.md "INI") as a typed, validated struct.
 * Every path is absolute and expanded, every duration in milliseconds,
 * every registry path normalised (regpath.h), every SID in S-1-... form. */
#ifndef CCMWRAP_CONFIG_H
#define CCMWRAP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/base/error.h"
#include "config/base/sid.h"
#include "config/base/text.h"

typedef enum config_ccmsetup_mode {
	CONFIG_MODE_AUTO,
	CONFIG_MODE_NOSERVICE,
	CONFIG_MODE_SERVICE,
} config_ccmsetup_mode;

/* Which registry view version_key is read in (docs/DESIGN.md "INI"): ConfigMgr
 * 2007's client is 32-bit, so on x64 its keys are in the 32-bit view. */
typedef enum config_version_view {
	CONFIG_VIEW_AUTO,      /* the 32-bit view first, then the 64-bit one */
	CONFIG_VIEW_32,
	CONFIG_VIEW_64,
} config_version_view;

typedef enum config_preflight {
	CONFIG_PREFLIGHT_FIX,
	CONFIG_PREFLIGHT_CHECK,
	CONFIG_PREFLIGHT_OFF,
} config_preflight;

typedef enum config_remove_deny {
	CONFIG_REMOVE_DENY_TRUSTEE,
	CONFIG_REMOVE_DENY_NONE,
} config_remove_deny;

typedef enum config_signature_source {
	CONFIG_SOURCE_CCMSETUP,
	CONFIG_SOURCE_MSI,
	CONFIG_SOURCE_ANY,
} config_signature_source;

typedef enum config_signature_action {
	CONFIG_ACTION_FIX_RETRY,
	CONFIG_ACTION_RETRY,
	CONFIG_ACTION_FAIL,
	CONFIG_ACTION_SUCCESS,
	CONFIG_ACTION_IGNORE,
} config_signature_action;

/* A [signature NAME] section: a user rule that adds to the built-ins or,
 * with a built-in's name, replaces it. */
typedef struct config_signature {
	char *name;
	char *match;                    /* case-insensitive substring of a message */
	config_signature_source source;
	bool has_code;
	uint32_t code;
	config_signature_action action;
	int line;                       /* of the section header, for messages */
} config_signature;

typedef struct config {
	char *file;       /* the INI as given */
	char *directory;  /* its folder, absolute: base of relative paths */

	struct {
		char *path;
		strlist args;
		config_ccmsetup_mode mode;
		uint64_t timeout_ms;
		uint64_t stall_timeout_ms;
		uint64_t busy_wait_ms;
		char *target_version;   /* NULL when not set */
		char *version_key;
		char *version_value;
		uint64_t min_interval_ms;
		char *state_key;
		uint64_t stop_grace_ms;         /* graceful stop before anything is ended */
		config_version_view version_view;
	} ccmsetup;

	struct {
		char *ccmsetup;         /* NULL = auto: found where ccmsetup writes (loglocate.h) */
		char *msi;              /* NULL = auto: client.msi.log beside ccmsetup.log */
		char *own;
		uint64_t own_max_size;  /* bytes */
	} logs;

	struct {
		char trustee[SID_TEXT_MAX];
		bool allow_other_trustee;
		strlist token;          /* S-1-... strings */
		uint32_t rights;        /* access mask: full = 0xF003F, read = 0x20019 */
		char *scope;
		strlist search;
		strlist keys;
		config_preflight preflight;
		config_remove_deny remove_deny;
		char *journal;
	} acl;

	struct {
		unsigned max_attempts;
		uint64_t delay_ms;
		double backoff;
		uint64_t max_delay_ms;
		unsigned jitter_percent;
	} retry;

	struct {
		char *result;
		char *mif;              /* NULL or "" = no MIF */
		char *mif_dir;
		char *publisher;
		char *product;
		char *version;
	} report;

	config_signature *signatures;
	size_t signature_count;
} config;

typedef struct config_options {
	bool allow_insecure;    /* --allow-insecure-config */
} config_options;

/* Loads and validates the INI. On failure returns false and appends every
 * problem found to errors, each as "FILE:LINE: what is wrong; what is
 * expected"; cfg is then left empty (config_free is still safe). */
bool config_load(const char *path, const config_options *options, config *cfg, strlist *errors);
/* The same from the file's bytes already in memory (no file-safety check):
 * file_name names it in messages, folder is the base of relative paths. */
bool config_load_bytes(const char *file_name, const char *folder, const void *bytes, size_t size,
                       config *cfg, strlist *errors);
void config_free(config *cfg);

/* The effective configuration as INI text that config_load accepts again
 * unchanged (caller frees). */
char *config_format(const config *cfg);

/* The machine's Windows folder: %windir%, or where there is none (Linux)
 * the INI's folder, which stands in for it (caller frees). */
char *config_windir(const config *cfg);

/* Where ccmwrap keeps its state by default (journal, own log, result,
 * lock): a folder only SYSTEM and Administrators may write. Where there is
 * no %ProgramData% (Linux), the INI's folder. */
#define CONFIG_STATE_FOLDER "%ProgramData%\\ccmwrap"
/* That folder (caller frees). */
char *config_state_dir(const config *cfg);
/* Before state is kept: %ProgramData%\ccmwrap created, or repaired, for
 * SYSTEM and Administrators only; the INI's folder standing in for it
 * checked as state folders are (filesafety.h); and, unless allow_insecure,
 * the journal and the own log refused in any other folder others can
 * change. */
bool config_prepare_state(const config *cfg, bool allow_insecure, error_message *err);

/* The default INI: ccmwrap.ini beside the executable (caller frees). */
char *config_default_path(const char *argv0);

#endif
