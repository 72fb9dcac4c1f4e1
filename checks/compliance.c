#include "checks/compliance.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "checks/acl.h"

void compliance_token(const config *cfg, strlist *token)
{
	strlist_add(token, cfg->acl.trustee);
	for (size_t i = 0; i < cfg->acl.token.count; i++)
		if (!text_equal_nocase(cfg->acl.token.items[i], cfg->acl.trustee))
			strlist_add(token, cfg->acl.token.items[i]);
}

bool compliance_check_key(inherit_source *source, const config *cfg, const strlist *token,
                          const char *key, compliance_key *result, error_message *err)
{
	security_descriptor effective;
	char *stored = NULL;
	strbuf why = STRBUF_INIT;
	bool known;

	memset(result, 0, sizeof *result);
	if (!inherit_source_stored(source, key, &stored, err) ||
	    !inherit_effective(source, key, &effective, &known, err)) {
		free(stored);
		return false;
	}
	result->in_scope = cfg->acl.scope != NULL && regpath_is_within(key, cfg->acl.scope);
	if (!known) {
		result->key = xstrdup(key);
		result->unknown = true;
		result->why = xstrdup(COMPLIANCE_UNKNOWN_WHY);
		free(stored);
		security_descriptor_free(&effective);
		return true;
	}
	result->key = xstrdup(key);
	result->stored = stored != NULL;
	result->protected_dacl = (effective.dacl_flags & DACL_FLAG_PROTECTED) != 0;
	result->rights = acl_effective_rights(&effective, token);
	result->compliant = (result->rights & cfg->acl.rights) == cfg->acl.rights;
	strbuf_add_string(&why, "");
	if (!result->compliant)
		acl_explain_missing(&effective, token, cfg->acl.rights, &why);
	result->why = strbuf_detach(&why);
	free(stored);
	security_descriptor_free(&effective);
	return true;
}

bool compliance_check(inherit_source *source, const config *cfg, const scan_result *targets,
                      compliance_report *report, error_message *err)
{
	strlist token = STRLIST_INIT;
	bool ok = true;

	memset(report, 0, sizeof *report);
	compliance_token(cfg, &token);
	report->keys = xcalloc(targets->keys.count + 1, sizeof *report->keys);
	for (size_t i = 0; ok && i < targets->keys.count; i++) {
		ok = compliance_check_key(source, cfg, &token, targets->keys.items[i],
		                          &report->keys[i], err);
		if (!ok)
			break;
		report->count++;
		if (report->keys[i].unknown)
			report->unknown++;
		else if (!report->keys[i].compliant)
			report->noncompliant++;
	}
	strlist_free(&token);
	return ok;
}

void compliance_key_free(compliance_key *result)
{
	free(result->key);
	free(result->why);
	memset(result, 0, sizeof *result);
}

void compliance_report_free(compliance_report *report)
{
	for (size_t i = 0; i < report->count; i++)
		compliance_key_free(&report->keys[i]);
	free(report->keys);
	memset(report, 0, sizeof *report);
}
