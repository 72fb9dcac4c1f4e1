#include "config/keys.h"

#include <string.h>

#include "config/values.h"

#define FIELD(member) offsetof(config, member)
#define SIGNATURE_FIELD(member) offsetof(config_signature, member)
#define KEY(section_id, key_name, key_kind, field) \
	.section = section_id, .name = key_name, .kind = key_kind, .offset = field
#define DEFAULTS(...) ((const char *const[]){ __VA_ARGS__, NULL })

static const char *const mode_names[] = { "auto", "noservice", "service", NULL };
static const char *const view_names[] = { "auto", "32", "64", NULL };
static const char *const preflight_names[] = { "fix", "check", "off", NULL };
static const char *const remove_deny_names[] = { "trustee", "none", NULL };
static const char *const source_names[] = { "ccmsetup", "msi", "any", NULL };
static const char *const action_names[] = { "fix-retry", "retry", "fail", "success", "ignore", NULL };

const configkey_spec configkey_specs[] = {
	{ KEY(CONFIGKEY_CCMSETUP, "path", CONFIGKEY_FILE_PATH, FIELD(ccmsetup.path)), .required = true },
	{ KEY(CONFIGKEY_CCMSETUP, "arg", CONFIGKEY_ARGUMENT_LIST, FIELD(ccmsetup.args)) },
	{ KEY(CONFIGKEY_CCMSETUP, "mode", CONFIGKEY_ENUM, FIELD(ccmsetup.mode)),
	  .defaults = DEFAULTS("auto"), .names = mode_names },
	{ KEY(CONFIGKEY_CCMSETUP, "timeout", CONFIGKEY_DURATION, FIELD(ccmsetup.timeout_ms)),
	  .defaults = DEFAULTS("2h") },
	{ KEY(CONFIGKEY_CCMSETUP, "stall_timeout", CONFIGKEY_DURATION, FIELD(ccmsetup.stall_timeout_ms)),
	  .defaults = DEFAULTS("15m") },
	{ KEY(CONFIGKEY_CCMSETUP, "busy_wait", CONFIGKEY_DURATION, FIELD(ccmsetup.busy_wait_ms)),
	  .defaults = DEFAULTS("10m") },
	{ KEY(CONFIGKEY_CCMSETUP, "target_version", CONFIGKEY_VERSION, FIELD(ccmsetup.target_version)),
	  .defaults = DEFAULTS("") },
	{ KEY(CONFIGKEY_CCMSETUP, "version_key", CONFIGKEY_REGPATH, FIELD(ccmsetup.version_key)),
	  .defaults = DEFAULTS("HKLM\\SOFTWARE\\Microsoft\\SMS\\Mobile Client") },
	{ KEY(CONFIGKEY_CCMSETUP, "version_value", CONFIGKEY_NAME, FIELD(ccmsetup.version_value)),
	  .defaults = DEFAULTS("ProductVersion") },
	{ KEY(CONFIGKEY_CCMSETUP, "min_interval", CONFIGKEY_DURATION, FIELD(ccmsetup.min_interval_ms)),
	  .defaults = DEFAULTS("0") },
	{ KEY(CONFIGKEY_CCMSETUP, "state_key", CONFIGKEY_REGPATH, FIELD(ccmsetup.state_key)),
	  .defaults = DEFAULTS("HKLM\\SOFTWARE\\ccmwrap") },
	{ KEY(CONFIGKEY_CCMSETUP, "stop_grace", CONFIGKEY_DURATION, FIELD(ccmsetup.stop_grace_ms)),
	  .defaults = DEFAULTS("5m") },
	{ KEY(CONFIGKEY_CCMSETUP, "version_view", CONFIGKEY_ENUM, FIELD(ccmsetup.version_view)),
	  .defaults = DEFAULTS("auto"), .names = view_names },

	{ KEY(CONFIGKEY_LOGS, "ccmsetup", CONFIGKEY_LOG_PATH, FIELD(logs.ccmsetup)),
	  .defaults = DEFAULTS("auto") },
	{ KEY(CONFIGKEY_LOGS, "msi", CONFIGKEY_LOG_PATH, FIELD(logs.msi)),
	  .defaults = DEFAULTS("auto") },
	{ KEY(CONFIGKEY_LOGS, "own", CONFIGKEY_FILE_PATH, FIELD(logs.own)),
	  .defaults = DEFAULTS(CONFIG_STATE_FOLDER "\\ccmwrap.log") },
	{ KEY(CONFIGKEY_LOGS, "own_max_size", CONFIGKEY_SIZE, FIELD(logs.own_max_size)),
	  .defaults = DEFAULTS("2MB") },

	{ KEY(CONFIGKEY_ACL, "trustee", CONFIGKEY_SID, FIELD(acl.trustee)), .defaults = DEFAULTS("S-1-5-18") },
	{ KEY(CONFIGKEY_ACL, "allow_other_trustee", CONFIGKEY_BOOL, FIELD(acl.allow_other_trustee)),
	  .defaults = DEFAULTS("no") },
	{ KEY(CONFIGKEY_ACL, "token", CONFIGKEY_SID_LIST, FIELD(acl.token)),
	  .defaults = DEFAULTS("S-1-5-18, S-1-5-32-544, S-1-1-0, S-1-5-11") },
	{ KEY(CONFIGKEY_ACL, "rights", CONFIGKEY_RIGHTS, FIELD(acl.rights)), .defaults = DEFAULTS("full") },
	{ KEY(CONFIGKEY_ACL, "scope", CONFIGKEY_REGPATH, FIELD(acl.scope)),
	  .defaults = DEFAULTS("HKLM\\SYSTEM\\CurrentControlSet") },
	{ KEY(CONFIGKEY_ACL, "search", CONFIGKEY_TERM_LIST, FIELD(acl.search)), .defaults = DEFAULTS("kbstuff") },
	{ KEY(CONFIGKEY_ACL, "key", CONFIGKEY_REGPATH_LIST, FIELD(acl.keys)),
	  .defaults = DEFAULTS("HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_MOUSE",
	                       "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_KEYBOARD",
	                       "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\*SMS_DISPLAY") },
	{ KEY(CONFIGKEY_ACL, "preflight", CONFIGKEY_ENUM, FIELD(acl.preflight)),
	  .defaults = DEFAULTS("fix"), .names = preflight_names },
	{ KEY(CONFIGKEY_ACL, "remove_deny", CONFIGKEY_ENUM, FIELD(acl.remove_deny)),
	  .defaults = DEFAULTS("trustee"), .names = remove_deny_names },
	{ KEY(CONFIGKEY_ACL, "journal", CONFIGKEY_FILE_PATH, FIELD(acl.journal)),
	  .defaults = DEFAULTS(CONFIG_STATE_FOLDER "\\acl.journal") },

	{ KEY(CONFIGKEY_RETRY, "max_attempts", CONFIGKEY_COUNT, FIELD(retry.max_attempts)),
	  .defaults = DEFAULTS("3"), .minimum = 1, .maximum = 100 },
	{ KEY(CONFIGKEY_RETRY, "delay", CONFIGKEY_DURATION, FIELD(retry.delay_ms)), .defaults = DEFAULTS("30s") },
	{ KEY(CONFIGKEY_RETRY, "backoff", CONFIGKEY_DECIMAL, FIELD(retry.backoff)),
	  .defaults = DEFAULTS("2.0"), .minimum = 1, .maximum = 10 },
	{ KEY(CONFIGKEY_RETRY, "max_delay", CONFIGKEY_DURATION, FIELD(retry.max_delay_ms)),
	  .defaults = DEFAULTS("10m") },
	{ KEY(CONFIGKEY_RETRY, "jitter", CONFIGKEY_PERCENT, FIELD(retry.jitter_percent)),
	  .defaults = DEFAULTS("20%") },

	{ KEY(CONFIGKEY_REPORT, "result", CONFIGKEY_FILE_PATH, FIELD(report.result)),
	  .defaults = DEFAULTS(CONFIG_STATE_FOLDER "\\result.json") },
	{ KEY(CONFIGKEY_REPORT, "mif", CONFIGKEY_FILE_NAME, FIELD(report.mif)),
	  .defaults = DEFAULTS("ccmwrap.mif") },
	{ KEY(CONFIGKEY_REPORT, "mif_dir", CONFIGKEY_FILE_PATH, FIELD(report.mif_dir)),
	  .defaults = DEFAULTS("%windir%") },
	{ KEY(CONFIGKEY_REPORT, "publisher", CONFIGKEY_TEXT, FIELD(report.publisher)),
	  .defaults = DEFAULTS("Contoso") },
	{ KEY(CONFIGKEY_REPORT, "product", CONFIGKEY_TEXT, FIELD(report.product)),
	  .defaults = DEFAULTS("ConfigMgr Client Upgrade") },
	{ KEY(CONFIGKEY_REPORT, "version", CONFIGKEY_TEXT, FIELD(report.version)),
	  .defaults = DEFAULTS("4.00.6487.2000") },

	{ KEY(CONFIGKEY_SIGNATURE, "match", CONFIGKEY_NAME, SIGNATURE_FIELD(match)), .required = true },
	{ KEY(CONFIGKEY_SIGNATURE, "source", CONFIGKEY_ENUM, SIGNATURE_FIELD(source)),
	  .defaults = DEFAULTS("any"), .names = source_names },
	{ KEY(CONFIGKEY_SIGNATURE, "code", CONFIGKEY_CODE, SIGNATURE_FIELD(code)) },
	{ KEY(CONFIGKEY_SIGNATURE, "action", CONFIGKEY_ENUM, SIGNATURE_FIELD(action)), .required = true,
	  .names = action_names },
};

const size_t configkey_spec_count = sizeof configkey_specs / sizeof configkey_specs[0];

static const char *const section_names[] = {
	"ccmsetup", "logs", "acl", "retry", "report", "signature",
};

const char *configkey_section_name(configkey_section section)
{
	return section_names[section];
}

const configkey_spec *configkey_find(configkey_section section, const char *name)
{
	for (size_t i = 0; i < configkey_spec_count; i++)
		if (configkey_specs[i].section == section && text_equal_nocase(configkey_specs[i].name, name))
			return &configkey_specs[i];
	return NULL;
}

char *configkey_names_of(configkey_section section)
{
	strbuf names = STRBUF_INIT;

	for (size_t i = 0; i < configkey_spec_count; i++) {
		if (configkey_specs[i].section != section)
			continue;
		if (names.length > 0)
			strbuf_add_string(&names, ", ");
		strbuf_add_string(&names, configkey_specs[i].name);
	}
	return strbuf_detach(&names);
}

bool configkey_is_list(const configkey_spec *spec)
{
	return spec->kind == CONFIGKEY_REGPATH_LIST || spec->kind == CONFIGKEY_TERM_LIST ||
	       spec->kind == CONFIGKEY_ARGUMENT_LIST;
}

bool configkey_empty_means_none(const configkey_spec *spec)
{
	return spec->kind == CONFIGKEY_REGPATH_LIST || spec->kind == CONFIGKEY_TERM_LIST;
}
