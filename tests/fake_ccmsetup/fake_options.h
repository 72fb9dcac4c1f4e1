/* The test double's command line: the real ccmsetup arguments it is given
 * (/mp:SCCM01, SMSSITECODE=ABC, /service, /noservice) are accepted and
 * ignored; its own behaviour is chosen by /fake-... arguments, which the
 * tests put in the INI as `arg` lines like any other ccmsetup argument. */
#ifndef FAKE_OPTIONS_H
#define FAKE_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

typedef enum fake_encoding {
	FAKE_ENCODING_UTF16,         /* as Windows Installer writes a verbose log: BOM FF FE */
	FAKE_ENCODING_UTF16_NO_BOM,  /* a log whose start was cut: known only by its NULs */
	FAKE_ENCODING_UTF8,          /* BOM EF BB BF */
	FAKE_ENCODING_ANSI,
} fake_encoding;

/* What this process plays: ccmsetup, or a part of Windows Installer. */
typedef enum fake_role {
	FAKE_ROLE_CCMSETUP,
	FAKE_ROLE_MSISERVER,                /* /fake-msiserver: the MSIServer service */
	FAKE_ROLE_CUSTOM_ACTION_SERVER,     /* /fake-custom-action-server: msiexec.exe */
	FAKE_ROLE_INSTALL_MSISERVER,        /* /fake-install-msiserver: set that service up */
} fake_role;

/* The language of Windows Installer's user-interface lines (Action start,
 * Action ended, Internal Error): Windows writes them in its own. */
typedef enum fake_language {
	FAKE_LANGUAGE_EN,
	FAKE_LANGUAGE_DE,
	FAKE_LANGUAGE_FR,
	FAKE_LANGUAGE_JA,
} fake_language;

typedef struct fake_options {
	fake_role role;
	const char *registry_file;   /* /fake-registry:FILE; none = native registry */
	const char *log_directory;   /* /fake-logdir:DIR (required) */
	const char *trustee;         /* /fake-trustee:SID, default S-1-5-18 */
	bool service;                /* /fake-service: bootstrap exits, a second instance works */
	bool service_instance;       /* /fake-service-instance: that second instance */
	unsigned service_linger_ms;  /* /fake-service-linger:MS: the instance stays up this long after its end */
	unsigned line_delay_ms;      /* /fake-delay:MS between log lines */
	bool hang;                   /* /fake-hang: hang (2 min) in RemoveW2KDrivers lacking access */
	bool ignore_stop;            /* /fake-ignore-stop: stop requests change nothing (SIGTERM ignored) */
	fake_encoding msi_encoding;  /* /fake-msi-encoding:utf16|utf16-nobom|utf8|ansi */
	bool rotate;                 /* /fake-rotate: ccmsetup.log rotated to .lo_ mid-run */
	bool crash;                  /* /fake-crash: dies by a signal mid-install */
	int success_code;            /* /fake-exit:N: exit code of a successful install (7 = reboot) */
	int fail_code;               /* /fake-fail:N: every install fails (Return value 3), exit N */
	bool busy;                   /* /fake-busy: another installation runs: 1618 */
	bool silent;                 /* /fake-silent: exits 0 writing no log at all */
	bool wording_2007;           /* /fake-wording:2007 (default) or :current, of the hand-over line */
	fake_language language;      /* /fake-language:en (default)|de|fr|ja */
	const char *client_version;  /* /fake-version:V: a successful install records it */
	bool custom_action;          /* /fake-custom-action: the hang runs in msiserver's custom-action server */
	const char *hold_file;       /* /fake-hold-until:FILE: before it ends, wait until FILE exists */
	unsigned hold_busy_ms;       /* /fake-hold-busy:MS: only hold the busy lock this long */
} fake_options;

/* False with a message on stderr for a malformed /fake- argument; the
 * ccmsetup role needs /fake-logdir. */
bool fake_options_parse(int argc, char **argv, fake_options *options);

#endif
