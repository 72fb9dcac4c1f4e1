/* The effective configuration printed as INI: every key of keys.h with
 * its value after defaults and expansion, in a form config_load reads
 * back to the same configuration. */
#include "config/config.h"

#include "config/keys.h"

static void format_section(configkey_section section, const void *base, strbuf *out)
{
	for (size_t i = 0; i < configkey_spec_count; i++)
		if (configkey_specs[i].section == section)
			configkey_format(&configkey_specs[i], base, out);
}

char *config_format(const config *cfg)
{
	strbuf out = STRBUF_INIT;

	strbuf_add_string(&out, "; ccmwrap effective configuration: defaults filled in, "
	                        "%VARIABLES% expanded (%% is a literal %)\n");
	for (int s = 0; s < CONFIGKEY_SIGNATURE; s++) {
		strbuf_printf(&out, "\n[%s]\n", configkey_section_name((configkey_section)s));
		format_section((configkey_section)s, cfg, &out);
	}
	for (size_t i = 0; i < cfg->signature_count; i++) {
		strbuf_printf(&out, "\n[signature %s]\n", cfg->signatures[i].name);
		format_section(CONFIGKEY_SIGNATURE, &cfg->signatures[i], &out);
	}
	return strbuf_detach(&out);
}
