#include "wrapper/report/outcome.h"

#include <string.h>

#include "wrapper/report/exitcode.h"

static const char *const outcome_names[] = {
	[OUTCOME_SUCCESS] = "success",
	[OUTCOME_CURRENT] = "current",
	[OUTCOME_SKIPPED] = "skipped",
	[OUTCOME_REBOOT] = "reboot",
	[OUTCOME_FAILED] = "failed",
	[OUTCOME_BUSY] = "busy",
	[OUTCOME_CONFIG] = "config",
	[OUTCOME_ACL] = "acl",
	[OUTCOME_SPAWN] = "spawn",
	[OUTCOME_STALLED] = "stalled",
	[OUTCOME_INTERRUPTED] = "interrupted",
	[OUTCOME_ALREADY_RUNNING] = NULL,
	[OUTCOME_UNVERIFIED] = "unverified",
	[OUTCOME_RUNNING] = "running",
	[OUTCOME_UNREACHABLE] = "unreachable",
};

_Static_assert(sizeof outcome_names / sizeof outcome_names[0] == OUTCOME_KIND_COUNT,
               "every outcome has its entry");

const char *outcome_name(outcome_kind kind)
{
	return (size_t)kind < OUTCOME_KIND_COUNT ? outcome_names[kind] : NULL;
}

bool outcome_from_name(const char *name, outcome_kind *kind)
{
	for (size_t i = 0; i < OUTCOME_KIND_COUNT; i++) {
		if (outcome_names[i] != NULL && strcmp(outcome_names[i], name) == 0) {
			*kind = (outcome_kind)i;
			return true;
		}
	}
	return false;
}

uint32_t outcome_exit_code(outcome_kind kind, uint32_t attempt_code)
{
	switch (kind) {
	case OUTCOME_SUCCESS:
	case OUTCOME_CURRENT:
	case OUTCOME_SKIPPED:
		return EXIT_OK;
	case OUTCOME_REBOOT:
		return attempt_code == EXIT_REBOOT_INITIATED ? EXIT_REBOOT_INITIATED
		                                             : EXIT_REBOOT_REQUIRED;
	case OUTCOME_FAILED:
		return attempt_code == 0 ? OUTCOME_GENERIC_FAILURE_CODE : attempt_code;
	case OUTCOME_BUSY:
		return EXIT_BUSY;
	case OUTCOME_CONFIG:
		return EXIT_CONFIG_INVALID;
	case OUTCOME_ACL:
		return EXIT_ACL_NOT_REPAIRED;
	case OUTCOME_SPAWN:
		return EXIT_SPAWN_FAILED;
	case OUTCOME_STALLED:
		return EXIT_STALLED;
	case OUTCOME_INTERRUPTED:
		return EXIT_INTERRUPTED;
	case OUTCOME_ALREADY_RUNNING:
		return EXIT_ALREADY_RUNNING;
	case OUTCOME_UNVERIFIED:
		return EXIT_UNVERIFIED;
	case OUTCOME_RUNNING:
		/* What the trace says if the run never replaces it: cut off. */
		return EXIT_INTERRUPTED;
	case OUTCOME_UNREACHABLE:
		return attempt_code != 0 ? attempt_code : EXIT_PUSH_FAILED;
	case OUTCOME_KIND_COUNT:
		break;
	}
	return OUTCOME_GENERIC_FAILURE_CODE;
}

bool outcome_is_success(outcome_kind kind)
{
	return kind == OUTCOME_SUCCESS || kind == OUTCOME_CURRENT || kind == OUTCOME_SKIPPED ||
	       kind == OUTCOME_REBOOT;
}

bool outcome_is_retryable(outcome_kind kind)
{
	return kind == OUTCOME_BUSY || kind == OUTCOME_INTERRUPTED;
}
