#include "wrapper/report/runreport.h"

#include <stdlib.h>

#include "config/values.h"
#include "wrapper/report/mif.h"
#include "wrapper/report/outcome.h"
#include "config/base/timestamp.h"

char *runreport_describe(const run_result *result, const char *detail)
{
	strbuf text = STRBUF_INIT;

	strbuf_printf(&text, "ccmwrap: %s, exit code ", outcome_name(result->outcome));
	configvalue_format_code(&text, result->exit_code);
	if (result->attempt_count > 0)
		strbuf_printf(&text, " after %zu attempt%s", result->attempt_count,
		              result->attempt_count == 1 ? "" : "s");
	if (detail != NULL && detail[0] != '\0')
		strbuf_printf(&text, ": %s", detail);
	return strbuf_detach(&text);
}

/* The status MIF, unless ConfigMgr should retry: its "Failed" would make
 * the failure final. cfg is NULL when the configuration could not be
 * loaded: no MIF then. */
static void report_to_configmgr(const config *cfg, outcome_kind outcome, const char *summary,
                                int64_t finished_ms, console *out)
{
	error_message err;

	if (cfg == NULL)
		return;
	if (outcome_is_retryable(outcome))
		console_step(out, OWNLOG_INFO, "no status MIF for a run that ended %s: ConfigMgr is to "
		             "run the program again", outcome_name(outcome));
	else if (!mif_write(cfg, outcome_is_success(outcome), summary, finished_ms, &err))
		console_final(out, OWNLOG_ERROR, "ccmwrap: cannot write the status MIF: %s", err.text);
}

uint32_t runreport_finish(const config *cfg, const char *result_path, run_result *result,
                          outcome_kind outcome, uint32_t attempt_code, const char *detail,
                          console *out)
{
	error_message err;

	result->outcome = outcome;
	result->exit_code = outcome_exit_code(outcome, attempt_code);
	if (result->finished_ms == 0)
		result->finished_ms = timestamp_now_ms();
	char *summary = runreport_describe(result, detail);
	if (result_path != NULL && result_path[0] != '\0') {
		if (result_write(result, result_path, &err))
			console_step(out, OWNLOG_INFO, "result written to %s", result_path);
		else
			console_final(out, OWNLOG_ERROR, "ccmwrap: cannot write the result file: %s",
			              err.text);
	}
	report_to_configmgr(cfg, outcome, summary, result->finished_ms, out);
	console_final(out, outcome_is_success(outcome) ? OWNLOG_INFO : OWNLOG_ERROR, "%s", summary);
	free(summary);
	return result->exit_code;
}

uint32_t runreport_without_attempts(const config *cfg, const char *result_path,
                                    outcome_kind outcome, const char *detail, console *out)
{
	run_result result;

	result_init(&result);
	uint32_t code = runreport_finish(cfg, result_path, &result, outcome, 0, detail, out);
	result_free(&result);
	return code;
}
