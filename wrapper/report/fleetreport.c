#include "wrapper/report/fleetreport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/base/json.h"
#include "config/values.h"

static void count_signature(fleetreport *report, const char *name)
{
	for (size_t i = 0; i < report->signature_names.count; i++) {
		if (strcmp(report->signature_names.items[i], name) == 0) {
			report->signature_runs[i]++;
			return;
		}
	}
	strlist_add(&report->signature_names, name);
	report->signature_runs = xrealloc(report->signature_runs,
	                                  report->signature_names.count * sizeof *report->signature_runs);
	report->signature_runs[report->signature_names.count - 1] = 1;
}

static bool seen_before(const run_result *result, size_t attempt, size_t signature)
{
	const char *name = result->attempts[attempt].signatures.items[signature];

	for (size_t a = 0; a <= attempt; a++) {
		const strlist *names = &result->attempts[a].signatures;
		size_t end = a == attempt ? signature : names->count;
		for (size_t s = 0; s < end; s++)
			if (strcmp(names->items[s], name) == 0)
				return true;
	}
	return false;
}

/* A signature counts once per run, however many attempts saw it. */
static void count_signatures(fleetreport *report, const run_result *result)
{
	for (size_t a = 0; a < result->attempt_count; a++)
		for (size_t s = 0; s < result->attempts[a].signatures.count; s++)
			if (!seen_before(result, a, s))
				count_signature(report, result->attempts[a].signatures.items[s]);
}

static void count_attempts(fleetreport *report, size_t attempts)
{
	if (attempts >= report->attempts_size) {
		report->attempts_runs = xrealloc(report->attempts_runs,
		                                 (attempts + 1) * sizeof *report->attempts_runs);
		memset(report->attempts_runs + report->attempts_size, 0,
		       (attempts + 1 - report->attempts_size) * sizeof *report->attempts_runs);
		report->attempts_size = attempts + 1;
	}
	report->attempts_runs[attempts]++;
}

static void add_failed_host(fleetreport *report, const run_result *result, const char *file)
{
	if (report->failed_count == report->failed_capacity) {
		report->failed_capacity = report->failed_capacity ? report->failed_capacity * 2 : 16;
		report->failed = xrealloc(report->failed, report->failed_capacity * sizeof *report->failed);
	}
	fleetreport_host *host = &report->failed[report->failed_count++];
	host->host = xstrdup(result->host ? result->host : "");
	host->outcome = result->outcome;
	host->exit_code = result->exit_code;
	host->finished = xstrdup(result->finished_text ? result->finished_text : "");
	host->file = xstrdup(file);
}

void fleetreport_add(fleetreport *report, const run_result *result, const char *file)
{
	report->files_read++;
	report->outcome_runs[result->outcome]++;
	count_signatures(report, result);
	if (outcome_is_success(result->outcome)) {
		if (result->attempt_count > 0)
			count_attempts(report, result->attempt_count);
	} else {
		add_failed_host(report, result, file);
	}
}

void fleetreport_skip(fleetreport *report)
{
	report->files_skipped++;
}

/* Indexes of the signatures, most frequent first, then by name. qsort
 * takes no context, hence the report being sorted is held here. */
static const fleetreport *sort_report;

static int compare_signatures(const void *a, const void *b)
{
	size_t left = *(const size_t *)a, right = *(const size_t *)b;

	if (sort_report->signature_runs[left] != sort_report->signature_runs[right])
		return sort_report->signature_runs[left] > sort_report->signature_runs[right] ? -1 : 1;
	return strcmp(sort_report->signature_names.items[left],
	              sort_report->signature_names.items[right]);
}

static size_t *signature_order(const fleetreport *report)
{
	size_t *order = xcalloc(report->signature_names.count + 1, sizeof *order);

	for (size_t i = 0; i < report->signature_names.count; i++)
		order[i] = i;
	sort_report = report;
	qsort(order, report->signature_names.count, sizeof *order, compare_signatures);
	return order;
}

static int compare_hosts(const void *a, const void *b)
{
	const fleetreport_host *left = a, *right = b;
	int by_host = strcmp(left->host, right->host);

	return by_host != 0 ? by_host : strcmp(left->file, right->file);
}

static fleetreport_host *hosts_in_order(const fleetreport *report)
{
	fleetreport_host *hosts = xcalloc(report->failed_count + 1, sizeof *hosts);

	if (report->failed_count > 0)
		memcpy(hosts, report->failed, report->failed_count * sizeof *hosts);
	qsort(hosts, report->failed_count, sizeof *hosts, compare_hosts);
	return hosts;
}

void fleetreport_format_text(const fleetreport *report, strbuf *out)
{
	strbuf_printf(out, "result files: %zu read, %zu skipped\n\nby outcome:\n",
	              report->files_read, report->files_skipped);
	for (int kind = 0; kind < OUTCOME_KIND_COUNT; kind++)
		if (report->outcome_runs[kind] > 0)
			strbuf_printf(out, "  %-12s %zu\n", outcome_name((outcome_kind)kind),
			              report->outcome_runs[kind]);
	strbuf_add_string(out, "\nby signature (runs that saw it):\n");
	size_t *order = signature_order(report);
	for (size_t i = 0; i < report->signature_names.count; i++) {
		char *name = text_escaped(report->signature_names.items[order[i]], false);
		strbuf_printf(out, "  %-32s %zu\n", name, report->signature_runs[order[i]]);
		free(name);
	}
	free(order);
	strbuf_add_string(out, "\nattempts needed (successful runs):\n");
	for (size_t n = 1; n < report->attempts_size; n++)
		if (report->attempts_runs[n] > 0)
			strbuf_printf(out, "  %-12zu %zu\n", n, report->attempts_runs[n]);
	strbuf_printf(out, "\nfailed hosts: %zu\n", report->failed_count);
	fleetreport_host *hosts = hosts_in_order(report);
	for (size_t i = 0; i < report->failed_count; i++) {
		/* Result files come from every client, and anyone who can write
		 * where they are collected: their text is shown escaped. */
		char *host = text_escaped(hosts[i].host, false);
		char *finished = text_escaped(hosts[i].finished, false);
		char *file = text_escaped(hosts[i].file, false);
		strbuf code = STRBUF_INIT;
		configvalue_format_code(&code, hosts[i].exit_code);
		strbuf_printf(out, "  %-16s %-12s exit %-10s %s  %s\n", host,
		              outcome_name(hosts[i].outcome), code.data, finished, file);
		strbuf_free(&code);
		free(host);
		free(finished);
		free(file);
	}
	free(hosts);
}

/* A cell a spreadsheet shows and never runs: control characters escaped,
 * and one that starts like a formula (= + - @, or a tab or carriage return
 * before one) given a leading ' and quoted, as OWASP's CSV-injection rule
 * says. */
static void add_csv_field(strbuf *out, const char *field)
{
	bool formula = strchr("=+-@\t\r", field[0]) != NULL && field[0] != '\0';
	char *escaped = text_escaped(field, false);

	if (!formula && strpbrk(escaped, ",\"") == NULL) {
		strbuf_add_string(out, escaped);
		free(escaped);
		return;
	}
	strbuf_add_char(out, '"');
	if (formula)
		strbuf_add_char(out, '\'');
	for (const char *p = escaped; *p; p++) {
		if (*p == '"')
			strbuf_add_char(out, '"');
		strbuf_add_char(out, *p);
	}
	strbuf_add_char(out, '"');
	free(escaped);
}

static void add_csv_row(strbuf *out, const char *section, const char *name, unsigned long value)
{
	strbuf_printf(out, "%s,", section);
	add_csv_field(out, name);
	strbuf_printf(out, ",%lu\r\n", value);
}

void fleetreport_format_csv(const fleetreport *report, strbuf *out)
{
	strbuf_add_string(out, "section,name,value\r\n");
	add_csv_row(out, "files", "read", (unsigned long)report->files_read);
	add_csv_row(out, "files", "skipped", (unsigned long)report->files_skipped);
	for (int kind = 0; kind < OUTCOME_KIND_COUNT; kind++)
		if (report->outcome_runs[kind] > 0)
			add_csv_row(out, "outcome", outcome_name((outcome_kind)kind),
			            (unsigned long)report->outcome_runs[kind]);
	size_t *order = signature_order(report);
	for (size_t i = 0; i < report->signature_names.count; i++)
		add_csv_row(out, "signature", report->signature_names.items[order[i]],
		            (unsigned long)report->signature_runs[order[i]]);
	free(order);
	for (size_t n = 1; n < report->attempts_size; n++) {
		char attempts[32];
		snprintf(attempts, sizeof attempts, "%zu", n);
		if (report->attempts_runs[n] > 0)
			add_csv_row(out, "attempts", attempts, (unsigned long)report->attempts_runs[n]);
	}
	fleetreport_host *hosts = hosts_in_order(report);
	for (size_t i = 0; i < report->failed_count; i++)
		add_csv_row(out, "failed_host", hosts[i].host, (unsigned long)hosts[i].exit_code);
	free(hosts);
}

static void add_json_host(json_writer *json, const fleetreport_host *host)
{
	json_begin_object(json);
	json_member_string(json, "host", host->host);
	json_member_string(json, "outcome", outcome_name(host->outcome));
	json_member_unsigned(json, "exit_code", host->exit_code);
	json_member_string(json, "finished", host->finished);
	json_member_string(json, "file", host->file);
	json_end_object(json);
}

void fleetreport_format_json(const fleetreport *report, strbuf *out)
{
	json_writer json;

	json_writer_init(&json, out);
	json_begin_object(&json);
	json_key(&json, "files");
	json_begin_object(&json);
	json_member_unsigned(&json, "read", report->files_read);
	json_member_unsigned(&json, "skipped", report->files_skipped);
	json_end_object(&json);
	json_key(&json, "outcomes");
	json_begin_object(&json);
	for (int kind = 0; kind < OUTCOME_KIND_COUNT; kind++)
		if (report->outcome_runs[kind] > 0)
			json_member_unsigned(&json, outcome_name((outcome_kind)kind),
			                     report->outcome_runs[kind]);
	json_end_object(&json);
	json_key(&json, "signatures");
	json_begin_object(&json);
	size_t *order = signature_order(report);
	for (size_t i = 0; i < report->signature_names.count; i++)
		json_member_unsigned(&json, report->signature_names.items[order[i]],
		                     report->signature_runs[order[i]]);
	free(order);
	json_end_object(&json);
	json_key(&json, "attempts");
	json_begin_object(&json);
	for (size_t n = 1; n < report->attempts_size; n++) {
		char attempts[32];
		snprintf(attempts, sizeof attempts, "%zu", n);
		if (report->attempts_runs[n] > 0)
			json_member_unsigned(&json, attempts, report->attempts_runs[n]);
	}
	json_end_object(&json);
	json_key(&json, "failed_hosts");
	json_begin_array(&json);
	fleetreport_host *hosts = hosts_in_order(report);
	for (size_t i = 0; i < report->failed_count; i++)
		add_json_host(&json, &hosts[i]);
	free(hosts);
	json_end_array(&json);
	json_end_object(&json);
	strbuf_add_char(out, '\n');
}

void fleetreport_free(fleetreport *report)
{
	for (size_t i = 0; i < report->failed_count; i++) {
		free(report->failed[i].host);
		free(report->failed[i].finished);
		free(report->failed[i].file);
	}
	free(report->failed);
	free(report->attempts_runs);
	free(report->signature_runs);
	strlist_free(&report->signature_names);
	memset(report, 0, sizeof *report);
}
