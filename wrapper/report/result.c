#include "wrapper/report/result.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "config/base/atomicfile.h"
#include "config/base/fileio.h"
#include "config/base/json.h"
#include "config/base/statefile.h"
#include "config/base/timestamp.h"
#include "wrapper/report/hostname.h"

void result_init(run_result *result)
{
	memset(result, 0, sizeof *result);
	result->version = xstrdup(CCMWRAP_VERSION);
	result->host = hostname_of_this_machine();
	result->started_ms = timestamp_now_ms();
}

result_attempt *result_add_attempt(run_result *result)
{
	result->attempts =
	    xrealloc(result->attempts, (result->attempt_count + 1) * sizeof *result->attempts);
	result_attempt *attempt = &result->attempts[result->attempt_count++];
	memset(attempt, 0, sizeof *attempt);
	attempt->number = (unsigned)result->attempt_count;
	return attempt;
}

void result_free(run_result *result)
{
	for (size_t i = 0; i < result->attempt_count; i++)
		strlist_free(&result->attempts[i].signatures);
	free(result->attempts);
	free(result->version);
	free(result->host);
	free(result->acl.journal);
	free(result->started_text);
	free(result->finished_text);
	strlist_free(&result->warnings);
	memset(result, 0, sizeof *result);
}

static void add_time(json_writer *json, const char *name, int64_t epoch_ms)
{
	char text[TIMESTAMP_ISO8601_SIZE];

	timestamp_format_iso8601(epoch_ms, text);
	json_member_string(json, name, text);
}

static void add_attempt(json_writer *json, const result_attempt *attempt)
{
	json_begin_object(json);
	json_member_unsigned(json, "n", attempt->number);
	json_member_unsigned(json, "exit_code", attempt->exit_code);
	json_key(json, "signatures");
	json_strings(json, &attempt->signatures);
	json_member_bool(json, "stalled", attempt->stalled);
	json_member_unsigned(json, "duration_ms", attempt->duration_ms);
	json_end_object(json);
}

static void add_acl(json_writer *json, const result_acl *acl)
{
	json_key(json, "acl");
	json_begin_object(json);
	json_member_unsigned(json, "targets", acl->targets);
	json_member_unsigned(json, "noncompliant", acl->noncompliant);
	json_member_unsigned(json, "fixed", acl->fixed);
	json_member_unsigned(json, "failed", acl->failed);
	json_member_string(json, "journal", acl->journal);
	json_end_object(json);
}

char *result_format_json(const run_result *result)
{
	strbuf text = STRBUF_INIT;
	json_writer json;
	const char *outcome = outcome_name(result->outcome);

	json_writer_init(&json, &text);
	json_begin_object(&json);
	json_member_string(&json, "tool", "ccmwrap");
	json_member_string(&json, "version", result->version ? result->version : "");
	json_member_string(&json, "host", result->host ? result->host : "");
	add_time(&json, "started", result->started_ms);
	add_time(&json, "finished", result->finished_ms);
	json_member_string(&json, "outcome", outcome ? outcome : "");
	json_member_unsigned(&json, "exit_code", result->exit_code);
	if (result->process_id != 0)
		json_member_unsigned(&json, "pid", result->process_id);
	json_key(&json, "attempts");
	json_begin_array(&json);
	for (size_t i = 0; i < result->attempt_count; i++)
		add_attempt(&json, &result->attempts[i]);
	json_end_array(&json);
	add_acl(&json, &result->acl);
	if (result->warnings.count > 0) {
		json_key(&json, "warnings");
		json_strings(&json, &result->warnings);
	}
	json_end_object(&json);
	strbuf_add_char(&text, '\n');
	return strbuf_detach(&text);
}

/* Something other than a file where the result belongs (a folder someone
 * made there) would keep the result from being written: it is set aside,
 * and the result says so. */
static bool clear_the_way(run_result *result, const char *path, error_message *err)
{
	unsigned kind;
	char *note = NULL;

	if (fileio_kind(path, false, &kind) != 0 || kind != S_IFDIR)
		return true;
	if (!statefile_set_aside(path, "a folder where the result file belongs", &note, err))
		return false;
	strbuf warning = STRBUF_INIT;
	strbuf_printf(&warning, "result file: set aside %s", note);
	strlist_add_owned(&result->warnings, strbuf_detach(&warning));
	free(note);
	return true;
}

bool result_write(run_result *result, const char *path, error_message *err)
{
	if (outcome_name(result->outcome) == NULL)
		return error_set(err, "result file '%s': this outcome writes no result", path);
	if (!clear_the_way(result, path, err))
		return error_prefix(err, "result file");
	if (result->finished_ms == 0)
		result->finished_ms = timestamp_now_ms();
	char *json = result_format_json(result);
	bool ok = atomicfile_replace(path, json, strlen(json), err);
	free(json);
	if (!ok)
		return error_prefix(err, "result file");
	return true;
}

/* Reading back: every field checked for presence and type, so that a
 * report never trusts a half-written or foreign file. */

static const json_value *field(const json_value *object, const char *name, const char *path,
                               json_type type, error_message *err)
{
	const json_value *value = json_object_get(object, name);

	if (value == NULL) {
		error_set(err, "line %d: field '%s%s' is missing", object->line, path, name);
		return NULL;
	}
	if (value->type != type) {
		error_set(err, "line %d: field '%s%s' must be %s, not %s", value->line, path, name,
		          json_type_name(type), json_type_name(value->type));
		return NULL;
	}
	return value;
}

static bool unsigned_field(const json_value *object, const char *name, const char *path,
                           uint64_t max, uint64_t *out, error_message *err)
{
	const json_value *value = field(object, name, path, JSON_NUMBER, err);

	if (value == NULL)
		return false;
	if (!value->is_integer || value->integer < 0 || (uint64_t)value->integer > max)
		return error_set(err, "line %d: field '%s%s' must be a whole number from 0 to %" PRIu64,
		                 value->line, path, name, max);
	*out = (uint64_t)value->integer;
	return true;
}

static bool string_field(const json_value *object, const char *name, char **out,
                         error_message *err)
{
	const json_value *value = field(object, name, "", JSON_STRING, err);

	if (value == NULL)
		return false;
	*out = xstrdup(value->string);
	return true;
}

static bool parse_strings(const json_value *list, const char *path, const char *name,
                          strlist *strings, error_message *err)
{
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i].type != JSON_STRING)
			return error_set(err, "line %d: field '%s%s[%zu]' must be a string",
			                 list->items[i].line, path, name, i);
		strlist_add(strings, list->items[i].string);
	}
	return true;
}

static bool parse_signatures(const json_value *attempt, const char *path, strlist *signatures,
                             error_message *err)
{
	const json_value *list = field(attempt, "signatures", path, JSON_ARRAY, err);

	return list != NULL && parse_strings(list, path, "signatures", signatures, err);
}

/* Optional: only a run that had something to say writes it. */
static bool parse_warnings(const json_value *root, strlist *warnings, error_message *err)
{
	const json_value *list = json_object_get(root, "warnings");

	if (list == NULL)
		return true;
	if (list->type != JSON_ARRAY)
		return error_set(err, "line %d: field 'warnings' must be an array", list->line);
	return parse_strings(list, "", "warnings", warnings, err);
}

static bool parse_attempt(const json_value *value, size_t index, run_result *result,
                          error_message *err)
{
	char path[64];
	uint64_t number, exit_code;

	snprintf(path, sizeof path, "attempts[%zu].", index);
	if (value->type != JSON_OBJECT)
		return error_set(err, "line %d: field 'attempts[%zu]' must be an object", value->line,
		                 index);
	result_attempt *attempt = result_add_attempt(result);
	if (!unsigned_field(value, "n", path, UINT32_MAX, &number, err) ||
	    !unsigned_field(value, "exit_code", path, UINT32_MAX, &exit_code, err) ||
	    !parse_signatures(value, path, &attempt->signatures, err) ||
	    !field(value, "stalled", path, JSON_BOOL, err) ||
	    !unsigned_field(value, "duration_ms", path, INT64_MAX, &attempt->duration_ms, err))
		return false;
	attempt->number = (unsigned)number;
	attempt->exit_code = (uint32_t)exit_code;
	attempt->stalled = json_object_get(value, "stalled")->boolean;
	return true;
}

static bool parse_acl(const json_value *root, result_acl *acl, error_message *err)
{
	const json_value *object = field(root, "acl", "", JSON_OBJECT, err);
	uint64_t targets, noncompliant, fixed, failed;

	if (object == NULL ||
	    !unsigned_field(object, "targets", "acl.", UINT32_MAX, &targets, err) ||
	    !unsigned_field(object, "noncompliant", "acl.", UINT32_MAX, &noncompliant, err) ||
	    !unsigned_field(object, "fixed", "acl.", UINT32_MAX, &fixed, err) ||
	    !unsigned_field(object, "failed", "acl.", UINT32_MAX, &failed, err))
		return false;
	acl->targets = (unsigned)targets;
	acl->noncompliant = (unsigned)noncompliant;
	acl->fixed = (unsigned)fixed;
	acl->failed = (unsigned)failed;
	const json_value *journal = json_object_get(object, "journal");
	if (journal == NULL || (journal->type != JSON_STRING && journal->type != JSON_NULL))
		return error_set(err, "line %d: field 'acl.journal' must be a string or null",
		                 journal ? journal->line : object->line);
	acl->journal = journal->type == JSON_STRING ? xstrdup(journal->string) : NULL;
	return true;
}

static bool parse_outcome(const json_value *root, run_result *result, error_message *err)
{
	const json_value *outcome = field(root, "outcome", "", JSON_STRING, err);
	uint64_t exit_code;

	if (outcome == NULL)
		return false;
	if (!outcome_from_name(outcome->string, &result->outcome))
		return error_set(err, "line %d: field 'outcome': '%s' is not an outcome",
		                 outcome->line, outcome->string);
	if (!unsigned_field(root, "exit_code", "", UINT32_MAX, &exit_code, err))
		return false;
	result->exit_code = (uint32_t)exit_code;
	/* Optional: the trace of a run under way names its process. */
	uint64_t process_id = 0;
	if (json_object_get(root, "pid") != NULL &&
	    !unsigned_field(root, "pid", "", UINT32_MAX, &process_id, err))
		return false;
	result->process_id = (unsigned long)process_id;
	return true;
}

static bool parse_root(const json_value *root, run_result *result, error_message *err)
{
	if (root->type != JSON_OBJECT)
		return error_set(err, "line %d: a result file is a JSON object", root->line);
	const json_value *tool = field(root, "tool", "", JSON_STRING, err);
	if (tool == NULL)
		return false;
	if (strcmp(tool->string, "ccmwrap") != 0)
		return error_set(err, "line %d: field 'tool' is '%s', not 'ccmwrap'", tool->line,
		                 tool->string);
	if (!string_field(root, "version", &result->version, err) ||
	    !string_field(root, "host", &result->host, err) ||
	    !string_field(root, "started", &result->started_text, err) ||
	    !string_field(root, "finished", &result->finished_text, err) ||
	    !parse_outcome(root, result, err))
		return false;
	const json_value *attempts = field(root, "attempts", "", JSON_ARRAY, err);
	if (attempts == NULL)
		return false;
	for (size_t i = 0; i < attempts->count; i++)
		if (!parse_attempt(&attempts->items[i], i, result, err))
			return false;
	return parse_acl(root, &result->acl, err) && parse_warnings(root, &result->warnings, err);
}

bool result_parse(const char *text, size_t length, run_result *result, error_message *err)
{
	json_value root;

	memset(result, 0, sizeof *result);
	if (!json_parse(text, length, &root, err))
		return false;
	bool ok = parse_root(&root, result, err);
	json_free(&root);
	if (!ok)
		result_free(result);
	return ok;
}
