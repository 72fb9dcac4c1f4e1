/* Whether the trustee holds the wanted rights on every target key, and if
 * not, why: what `ccmwrap check` prints and what fix acts on. */
#ifndef CCMWRAP_COMPLIANCE_H
#define CCMWRAP_COMPLIANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "checks/inherit.h"
#include "checks/scan.h"

typedef struct compliance_key {
	char *key;
	bool compliant;
	bool unknown;         /* no descriptor stored on it or above it: nothing can be told */
	bool stored;          /* the key stores its own descriptor (else inherits it whole) */
	bool protected_dacl;  /* P: inherits nothing */
	bool in_scope;        /* within acl.scope: fix may change it */
	uint32_t rights;      /* the trustee's effective rights, generic rights mapped */
	char *why;            /* "" when compliant; otherwise what denies or that nothing grants */
} compliance_key;

typedef struct compliance_report {
	compliance_key *keys;
	size_t count;
	size_t noncompliant;  /* known to lack the rights */
	size_t unknown;
} compliance_report;

/* Why an unknown key is unknown, as check and fix say it. */
#define COMPLIANCE_UNKNOWN_WHY "no descriptor ccmwrap can read is stored for it or any key " \
                               "above it, so what it allows is unknown"

/* The trustee's token: the trustee SID followed by acl.token (each once). */
void compliance_token(const config *cfg, strlist *token);

/* Checks every key of targets->keys as source sees it. */
bool compliance_check(inherit_source *source, const config *cfg, const scan_result *targets,
                      compliance_report *report, error_message *err);
/* One key; result->key is a copy. */
bool compliance_check_key(inherit_source *source, const config *cfg, const strlist *token,
                          const char *key, compliance_key *result, error_message *err);
void compliance_key_free(compliance_key *result);
void compliance_report_free(compliance_report *report);

#endif
