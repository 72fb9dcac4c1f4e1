#include "wrapper/commands/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { TAKES_NOTHING, TAKES_VALUE } option_kind;

typedef enum option_id {
	OPTION_CONFIG,
	OPTION_ALLOW_INSECURE_CONFIG,
	OPTION_REGISTRY,
	OPTION_DRY_RUN,
	OPTION_RESULT,
	OPTION_VERBOSE,
	OPTION_QUIET,
	OPTION_FORCE,
	OPTION_JSON,
	OPTION_JOURNAL,
	OPTION_FOLLOW,
	OPTION_OUTPUT,
	OPTION_FORMAT,
	OPTION_DETACH,
	OPTION_HOSTS,
	OPTION_WITH,
	OPTION_PARALLEL,
	OPTION_RESULTS,
	OPTION_TIMEOUT,
	OPTION_KEEP,
	OPTION_HOSTS_ROOT,
} option_id;

typedef struct option_spec {
	const char *name;
	option_id id;
	unsigned flag;
	option_kind kind;
} option_spec;

static const option_spec option_specs[] = {
	{ "-c", OPTION_CONFIG, CLI_CONFIG, TAKES_VALUE },
	{ "--config", OPTION_CONFIG, CLI_CONFIG, TAKES_VALUE },
	{ "--allow-insecure-config", OPTION_ALLOW_INSECURE_CONFIG, CLI_CONFIG, TAKES_NOTHING },
	{ "--registry", OPTION_REGISTRY, CLI_REGISTRY, TAKES_VALUE },
	{ "--dry-run", OPTION_DRY_RUN, CLI_DRY_RUN, TAKES_NOTHING },
	{ "--result", OPTION_RESULT, CLI_RESULT, TAKES_VALUE },
	{ "-v", OPTION_VERBOSE, CLI_VERBOSITY, TAKES_NOTHING },
	{ "-q", OPTION_QUIET, CLI_VERBOSITY, TAKES_NOTHING },
	{ "--force", OPTION_FORCE, CLI_FORCE, TAKES_NOTHING },
	{ "--json", OPTION_JSON, CLI_JSON, TAKES_NOTHING },
	{ "--journal", OPTION_JOURNAL, CLI_JOURNAL, TAKES_VALUE },
	{ "--follow", OPTION_FOLLOW, CLI_FOLLOW, TAKES_NOTHING },
	{ "-o", OPTION_OUTPUT, CLI_OUTPUT, TAKES_VALUE },
	{ "--format", OPTION_FORMAT, CLI_FORMAT, TAKES_VALUE },
	{ "--detach", OPTION_DETACH, CLI_DETACH, TAKES_NOTHING },
	{ "--hosts", OPTION_HOSTS, CLI_PUSH, TAKES_VALUE },
	{ "--with", OPTION_WITH, CLI_PUSH, TAKES_VALUE },
	{ "--parallel", OPTION_PARALLEL, CLI_PUSH, TAKES_VALUE },
	{ "--results", OPTION_RESULTS, CLI_PUSH, TAKES_VALUE },
	{ "--timeout", OPTION_TIMEOUT, CLI_PUSH, TAKES_VALUE },
	{ "--keep", OPTION_KEEP, CLI_KEEP, TAKES_NOTHING },
	{ "--hosts-root", OPTION_HOSTS_ROOT, CLI_PUSH, TAKES_VALUE },
};

#define OPTION_COUNT (sizeof option_specs / sizeof option_specs[0])

static void store_option(cli_options *options, option_id id, const char *value)
{
	switch (id) {
	case OPTION_CONFIG: options->config_path = value; break;
	case OPTION_ALLOW_INSECURE_CONFIG: options->allow_insecure_config = true; break;
	case OPTION_REGISTRY: options->registry_file = value; break;
	case OPTION_DRY_RUN: options->dry_run = true; break;
	case OPTION_RESULT: options->result_file = value; break;
	case OPTION_VERBOSE: options->verbosity = 1; break;
	case OPTION_QUIET: options->verbosity = -1; break;
	case OPTION_FORCE: options->force = true; break;
	case OPTION_JSON: options->json = true; break;
	case OPTION_JOURNAL: options->journal_file = value; break;
	case OPTION_FOLLOW: options->follow = true; break;
	case OPTION_OUTPUT: options->output_file = value; break;
	case OPTION_FORMAT: options->format = value; break;
	case OPTION_DETACH: options->detach = true; break;
	case OPTION_HOSTS: options->hosts_file = value; break;
	case OPTION_WITH: strlist_add(&options->with_paths, value); break;
	case OPTION_PARALLEL: options->parallel = value; break;
	case OPTION_RESULTS: options->results_dir = value; break;
	case OPTION_TIMEOUT: options->timeout = value; break;
	case OPTION_KEEP: options->keep = true; break;
	case OPTION_HOSTS_ROOT: options->hosts_root = value; break;
	}
}

static const option_spec *find_option(const char *name, size_t length)
{
	for (size_t i = 0; i < OPTION_COUNT; i++)
		if (strlen(option_specs[i].name) == length &&
		    strncmp(option_specs[i].name, name, length) == 0)
			return &option_specs[i];
	return NULL;
}

/* One option at argv[*index]; advances *index past its value. */
static bool parse_option(int argc, char **argv, int *index, unsigned accepted,
                         cli_options *options, error_message *err)
{
	const char *word = argv[*index];
	const char *equals = strncmp(word, "--", 2) == 0 ? strchr(word, '=') : NULL;
	size_t length = equals ? (size_t)(equals - word) : strlen(word);
	const option_spec *spec = find_option(word, length);

	if (spec == NULL || (spec->flag & accepted) == 0)
		return error_set(err, "unknown option '%.*s' for this command", (int)length, word);
	if (spec->kind == TAKES_NOTHING) {
		if (equals != NULL)
			return error_set(err, "option '%s' takes no value", spec->name);
		store_option(options, spec->id, NULL);
		return true;
	}
	const char *value = equals ? equals + 1 : NULL;
	if (value == NULL) {
		if (*index + 1 >= argc)
			return error_set(err, "option '%s' needs a value", spec->name);
		value = argv[++*index];
	}
	if (*value == '\0')
		return error_set(err, "option '%s' needs a non-empty value", spec->name);
	store_option(options, spec->id, value);
	return true;
}

bool cli_parse(int argc, char **argv, int first, unsigned accepted, int min_arguments,
               int max_arguments, cli_options *options, error_message *err)
{
	bool only_arguments = false;

	for (int i = first; i < argc; i++) {
		const char *word = argv[i];
		if (!only_arguments && strcmp(word, "--") == 0) {
			only_arguments = true;
		} else if (!only_arguments && word[0] == '-' && word[1] != '\0') {
			if (!parse_option(argc, argv, &i, accepted, options, err))
				return false;
		} else {
			strlist_add(&options->arguments, word);
		}
	}
	int count = (int)options->arguments.count;
	if (count < min_arguments)
		return error_set(err, "missing argument: expected at least %d", min_arguments);
	if (max_arguments >= 0 && count > max_arguments)
		return error_set(err, "unexpected argument '%s'", options->arguments.items[max_arguments]);
	if (options->format != NULL && strcmp(options->format, "text") != 0 &&
	    strcmp(options->format, "csv") != 0 && strcmp(options->format, "json") != 0)
		return error_set(err, "--format '%s' is not known; expected text, csv or json",
		                 options->format);
	return true;
}

void cli_options_free(cli_options *options)
{
	strlist_free(&options->arguments);
	strlist_free(&options->with_paths);
}

bool cli_load_config(const cli_options *options, config *cfg)
{
	strlist errors = STRLIST_INIT;
	config_options load_options = { .allow_insecure = options->allow_insecure_config };
	char *default_path = NULL;
	const char *path = options->config_path;

	if (path == NULL)
		path = default_path = config_default_path(options->argv0);
	bool ok = config_load(path, &load_options, cfg, &errors);
	for (size_t i = 0; i < errors.count; i++)
		fprintf(stderr, "%s\n", errors.items[i]);
	strlist_free(&errors);
	free(default_path);
	return ok;
}

bool cli_prepare_state(const cli_options *options, const config *cfg)
{
	error_message err;

	if (config_prepare_state(cfg, options->allow_insecure_config, &err))
		return true;
	fprintf(stderr, "%s\n", err.text);
	return false;
}

bool cli_open_registry(const cli_options *options, bool writes, registry **reg,
                       error_message *err)
{
	const strlist *warnings, *skipped;
	bool opened = options->registry_file != NULL
	                  ? registry_open_file(options->registry_file, reg, err)
	                  : registry_open_native(reg, err);

	if (!opened)
		return false;
	registry_notes(*reg, &warnings, &skipped);
	for (size_t i = 0; i < warnings->count; i++)
		fprintf(stderr, "ccmwrap: %s\n", warnings->items[i]);
	if (!writes || registry_check_rewritable(*reg, err))
		return true;
	registry_close(*reg);
	*reg = NULL;
	return false;
}
