/* ccmwrap check [-c INI] [--registry FILE] [--json]: one line per target
 * key: whether the trustee holds the configured rights, what it holds and
 * why not. Exit 0 compliant, 1 a fix is needed, 2 when it could not check
 * (a bad command line, an invalid configuration, an unreadable registry, a
 * target whose descriptor is unknown because none is stored for it):
 * docs/DESIGN.md gives check these three codes so scripts can branch on them,
 * which is why an invalid configuration is 2 here, not 10001. Configured
 * keys that do not exist are listed as missing; they need no fix. Keys
 * deleted by another program during the walk are listed as vanished. */
#include <stdio.h>
#include <stdlib.h>

#include "checks/compliance.h"
#include "checks/inherit.h"
#include "checks/scan.h"
#include "checks/sddltext.h"
#include "config/base/json.h"
#include "wrapper/commands/command.h"
#include "wrapper/report/exitcode.h"
#include "wrapper/run/loglocate.h"

static void add_rights(strbuf *out, uint32_t rights)
{
	if (rights == 0)
		strbuf_add_string(out, "none");
	else
		sddl_format_mask(rights, out);
}

static void print_text(const compliance_report *report, const scan_result *targets,
                       const loglocate_list *sites)
{
	strbuf line = STRBUF_INIT;

	for (size_t i = 0; i < report->count; i++) {
		const compliance_key *key = &report->keys[i];
		if (key->unknown) {
			printf("%-12s %s: %s\n", "unknown", key->key, key->why);
			continue;
		}
		strbuf_clear(&line);
		strbuf_printf(&line, "%-12s %s rights=", key->compliant ? "compliant" : "noncompliant",
		              key->key);
		add_rights(&line, key->rights);
		if (!key->compliant)
			strbuf_printf(&line, ": %s", key->why);
		if (!key->compliant && !key->in_scope)
			strbuf_add_string(&line, "; outside acl.scope, fix leaves it alone");
		printf("%s\n", line.data);
	}
	for (size_t i = 0; i < targets->missing.count; i++)
		printf("%-12s %s: the key does not exist\n", "missing", targets->missing.items[i]);
	for (size_t i = 0; i < targets->vanished.count; i++)
		printf("%-12s %s: %s\n", "vanished", targets->vanished.items[i],
		       REGISTRY_VANISHED_WHY);
	printf("%zu target keys, %zu noncompliant, ", report->count, report->noncompliant);
	if (report->unknown > 0)
		printf("%zu unknown, ", report->unknown);
	printf("%zu missing\n", targets->missing.count);
	strbuf_clear(&line);
	loglocate_describe(sites, &line);
	printf("ccmsetup's logs: %s\n", line.data);
	strbuf_free(&line);
}

/* "logs":{"expected":...,"holds_log":...,"sites":[{"folder","reason","holds_log"}...]} */
static void add_json_sites(json_writer *json, const loglocate_list *sites)
{
	const loglocate_site *expected = &sites->sites[loglocate_expected(sites)];

	json_key(json, "logs");
	json_begin_object(json);
	json_member_string(json, "expected", expected->ccmsetup_log);
	json_member_bool(json, "holds_log", expected->holds_log);
	json_member_bool(json, "configured", sites->configured);
	json_key(json, "sites");
	json_begin_array(json);
	for (size_t i = 0; i < sites->count; i++) {
		json_begin_object(json);
		json_member_string(json, "folder", sites->sites[i].folder);
		json_member_string(json, "reason", sites->sites[i].reason);
		json_member_bool(json, "holds_log", sites->sites[i].holds_log);
		json_end_object(json);
	}
	json_end_array(json);
	json_end_object(json);
}

static void add_json_key(json_writer *json, const compliance_key *key)
{
	char rights[16];

	snprintf(rights, sizeof rights, "0x%x", (unsigned)key->rights);
	json_begin_object(json);
	json_member_string(json, "key", key->key);
	json_member_bool(json, "compliant", key->compliant);
	json_member_bool(json, "unknown", key->unknown);
	json_member_string(json, "rights", rights);
	json_member_bool(json, "stored", key->stored);
	json_member_bool(json, "protected", key->protected_dacl);
	json_member_bool(json, "in_scope", key->in_scope);
	json_member_string(json, "why", key->why);
	json_end_object(json);
}

static void print_json(const compliance_report *report, const scan_result *targets,
                       const loglocate_list *sites)
{
	strbuf out = STRBUF_INIT;
	json_writer json;

	json_writer_init(&json, &out);
	json_begin_object(&json);
	json_member_bool(&json, "compliant", report->noncompliant == 0 && report->unknown == 0);
	json_member_unsigned(&json, "targets", report->count);
	json_member_unsigned(&json, "noncompliant", report->noncompliant);
	json_key(&json, "keys");
	json_begin_array(&json);
	for (size_t i = 0; i < report->count; i++)
		add_json_key(&json, &report->keys[i]);
	json_end_array(&json);
	json_key(&json, "missing");
	json_strings(&json, &targets->missing);
	json_key(&json, "vanished");
	json_strings(&json, &targets->vanished);
	json_member_unsigned(&json, "unknown", report->unknown);
	add_json_sites(&json, sites);
	json_end_object(&json);
	printf("%s\n", out.data);
	strbuf_free(&out);
}

static int check_registry(registry *reg, const config *cfg, bool json)
{
	scan_result targets = SCAN_RESULT_INIT;
	compliance_report report = { 0 };
	inherit_source source;
	error_message err;

	inherit_source_init(&source, reg);
	bool ok = scan_targets(reg, cfg, &targets, &err) &&
	          compliance_check(&source, cfg, &targets, &report, &err);
	int code = EXIT_COMMAND_ERROR;
	if (!ok) {
		fprintf(stderr, "ccmwrap check: %s\n", err.text);
	} else {
		/* Where ccmsetup writes is checked too: a run that looks in the
		 * wrong place cannot tell how ccmsetup ended. */
		loglocate_list sites;
		loglocate_list_sites(cfg, &sites);
		if (json)
			print_json(&report, &targets, &sites);
		else
			print_text(&report, &targets, &sites);
		loglocate_free(&sites);
		for (size_t i = 0; i < source.warnings.count; i++)
			fprintf(stderr, "ccmwrap check: warning: %s\n", source.warnings.items[i]);
		/* An unknown key could not be checked: 2, whatever the others are. */
		code = report.unknown > 0        ? EXIT_COMMAND_ERROR
		       : report.noncompliant > 0 ? EXIT_CHECK_NONCOMPLIANT
		                                 : EXIT_OK;
	}
	compliance_report_free(&report);
	scan_result_free(&targets);
	inherit_source_free(&source);
	return code;
}

static int run_check(command_context *context)
{
	return check_registry(context->reg, &context->cfg, context->options->json);
}

const command command_check = {
	.name = "check",
	.usage = "[-c INI] [--registry FILE] [--json]",
	.summary = "check the registry permissions KB2000387 needs (exit 0 ok, 1 fix needed, 2 error "
	           "or unknown)",
	.options = CLI_CONFIG | CLI_REGISTRY | CLI_JSON,
	.min_arguments = 0,
	.max_arguments = 0,
	.usage_error_code = EXIT_COMMAND_ERROR,
	.needs = COMMAND_NEEDS_CONFIG | COMMAND_OPENS_REGISTRY,
	.registry_error_code = EXIT_COMMAND_ERROR,
	.run = run_check,
};
