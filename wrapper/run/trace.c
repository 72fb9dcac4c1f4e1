#include "wrapper/run/trace.h"

#include <stdlib.h>

#include "config/base/fileio.h"
#include "wrapper/run/pidcheck.h"
#include "wrapper/run/runstate.h"

/* A result file is a line of JSON; anything far larger is not one. */
#define TRACE_MAX_RESULT_SIZE (4u << 20)

bool trace_find_cut_off(const char *result_path, char **note, error_message *err)
{
	strbuf text = STRBUF_INIT;
	run_result found;
	bool missing = false;

	*note = NULL;
	if (result_path == NULL || result_path[0] == '\0')
		return true;
	if (!fileio_read_whole(result_path, TRACE_MAX_RESULT_SIZE, &text, &missing, err) ||
	    missing) {
		strbuf_free(&text);
		return missing || error_prefix(err, "the last result file %s", result_path);
	}
	bool parsed = result_parse(text.data, text.length, &found, err);
	strbuf_free(&text);
	if (!parsed)
		return error_prefix(err, "the last result file %s", result_path);
	if (found.outcome == OUTCOME_RUNNING && !pidcheck_alive(found.process_id)) {
		strbuf line = STRBUF_INIT;
		strbuf_printf(&line, "the run started %s (process %lu) was cut off before it ended: "
		              "interrupted", found.started_text, found.process_id);
		*note = strbuf_detach(&line);
	}
	result_free(&found);
	return true;
}

bool trace_leave(registry *reg, const char *state_key, const char *result_path,
                 run_result *result, error_message *err)
{
	outcome_kind outcome = result->outcome;
	uint32_t exit_code = result->exit_code;
	bool ok = runstate_write(reg, state_key, result->started_ms, OUTCOME_RUNNING,
	                         outcome_exit_code(OUTCOME_RUNNING, 0), err);

	if (!ok)
		error_prefix(err, "run state %s", state_key);
	if (ok && result_path != NULL && result_path[0] != '\0') {
		result->outcome = OUTCOME_RUNNING;
		result->exit_code = outcome_exit_code(OUTCOME_RUNNING, 0);
		result->process_id = pidcheck_self();
		ok = result_write(result, result_path, err);
		result->finished_ms = 0;
		result->process_id = 0;
		result->outcome = outcome;
		result->exit_code = exit_code;
	}
	return ok;
}
