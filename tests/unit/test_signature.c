/* Signatures: the built-ins on the seed's logs, user rules that override
 * and add, sources, ignore, terminal lines with their codes, and the
 * one-pass matcher agreeing with a naive search on many patterns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/logs/logparse.h"
#include "wrapper/logs/signature.h"
#include "tests/support/testsupport.h"
#include "config/base/text.h"

typedef struct collected {
	signature_set *set;
	strlist matches;          /* "SEQUENCE NAME ACTION CODE" */
} collected;

static void collect_match(void *context, const log_event *event, const signature_match *match)
{
	collected *out = context;
	char line[256];

	if (match->has_code)
		snprintf(line, sizeof line, "%llu %s %s %lu", (unsigned long long)event->sequence,
		         match->name, signature_action_name(match->action), (unsigned long)match->code);
	else
		snprintf(line, sizeof line, "%llu %s %s -", (unsigned long long)event->sequence,
		         match->name, signature_action_name(match->action));
	strlist_add(&out->matches, line);
}

static void match_event(void *context, const log_event *event)
{
	collected *out = context;
	signature_set_match(out->set, event, collect_match, out);
}

static void scan_sample(collected *out, log_source source, const char *name)
{
	size_t size;
	char *bytes = test_read_sample_log(name, &size);
	logparse *parser = logparse_new(source, match_event, out);

	logparse_feed(parser, bytes, size);
	logparse_finish(parser);
	logparse_free(parser);
	free(bytes);
}

static signature_set *new_set(const config_signature *rules, size_t count)
{
	signature_set *set = NULL;
	error_message err;

	assert_true(signature_set_new(rules, count, &set, &err));
	return set;
}

static void assert_matches(const strlist *matches, const char *const *expected, size_t count)
{
	for (size_t i = 0; i < matches->count && i < count; i++)
		assert_string_equal(matches->items[i], expected[i]);
	assert_int_equal(matches->count, count);
}

static void test_seed_ccmsetup_log_shows_1602_and_2502(void **state)
{
	(void)state;
	collected out = { new_set(NULL, 0), STRLIST_INIT };
	static const char *const expected[] = {
		"4 msi-cancelled-1602 fix-retry 1602",
		"7 msi-cancelled-1602 fix-retry 1602",
		"8 msi-internal-error-2502 fix-retry -",
		"10 msi-cancelled-1602 fix-retry 1602",
		"11 kb2000387-cancelled fix-retry 1602",
	};

	scan_sample(&out, LOG_SOURCE_CCMSETUP, "kb2000387-ccmsetup.log");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static void test_seed_msi_log_shows_driver_failures_and_2502(void **state)
{
	(void)state;
	collected out = { new_set(NULL, 0), STRLIST_INIT };
	static const char *const expected[] = {
		"7 remove-w2k-drivers fix-retry -",
		"10 remove-w2k-drivers fix-retry -",
		"18 msi-internal-error-2502 fix-retry -",
		"20 msi-internal-error-2502 fix-retry -",
		"28 msi-internal-error-2502 fix-retry -",
	};

	scan_sample(&out, LOG_SOURCE_MSI, "kb2000387-client.msi.log");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static void test_terminal_lines_carry_their_codes(void **state)
{
	(void)state;
	collected out = { new_set(NULL, 0), STRLIST_INIT };
	static const char *const expected[] = {
		"7 ccmsetup-exit success 0",
		"14 ccmsetup-exit success 7",
		"5 ccmsetup-failed retry 1602",
	};

	scan_sample(&out, LOG_SOURCE_CCMSETUP, "service-mode-ccmsetup.log");
	scan_sample(&out, LOG_SOURCE_CCMSETUP, "multiline-ccmsetup.log");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static log_event message_event(log_source source, const char *message)
{
	log_event event = {
		.source = source, .format = LOG_FORMAT_PLAIN, .sequence = 1, .time = "", .date = "",
		.component = "", .thread = "", .file = "", .message = message,
		.message_length = strlen(message), .action_name = "", .action_return = -1,
	};
	return event;
}

static void match_message(collected *out, log_source source, const char *message)
{
	log_event event = message_event(source, message);
	signature_set_match(out->set, &event, collect_match, out);
}

static void test_terminal_codes_and_hresults(void **state)
{
	(void)state;
	collected out = { new_set(NULL, 0), STRLIST_INIT };
	static const char *const expected[] = {
		"1 ccmsetup-exit retry 1602",
		"1 ccmsetup-exit retry 4294967295",
		"1 ccmsetup-failed retry 2278556452",
		"1 ccmsetup-exit retry -",
	};

	match_message(&out, LOG_SOURCE_CCMSETUP, "CcmSetup is exiting with return code 1602");
	match_message(&out, LOG_SOURCE_CCMSETUP, "ccmsetup is exiting with return code -1");
	match_message(&out, LOG_SOURCE_CCMSETUP, "CcmSetup failed with error code 0x87D00324");
	match_message(&out, LOG_SOURCE_CCMSETUP, "CcmSetup is exiting with return code ");
	match_message(&out, LOG_SOURCE_MSI, "CcmSetup is exiting with return code 0");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);

	uint32_t code = 0;
	assert_true(signature_terminal_code("CcmSetup failed with error code 0x80070642", &code));
	assert_int_equal(code, 1602);
	assert_true(signature_terminal_code("x CCMSETUP FAILED WITH ERROR CODE 0x80004005", &code));
	assert_int_equal(code, 0x80004005u);
	assert_false(signature_terminal_code("CcmSetup failed with error code 0x", &code));
	assert_false(signature_terminal_code("CcmSetup is exiting with return code 99999999999", &code));
	assert_false(signature_terminal_code("Installation was cancelled (1602)", &code));
	assert_int_equal(signature_code_from_hresult(0x80070642u), 1602);
	assert_int_equal(signature_code_from_hresult(0x80070005u), 5);
	assert_int_equal(signature_code_from_hresult(0x80004005u), 0x80004005u);
	assert_int_equal(signature_code_from_hresult(0x87D00324u), 0x87D00324u);
	assert_int_equal(signature_code_from_hresult(0x00070642u), 0x00070642u);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static void test_user_rules_override_by_name_and_add(void **state)
{
	(void)state;
	config_signature rules[] = {
		{ .name = "KB2000387-Cancelled", .match = "was cancelled", .source = CONFIG_SOURCE_ANY,
		  .has_code = true, .code = 1602, .action = CONFIG_ACTION_FAIL, .line = 10 },
		{ .name = "keyboard-driver", .match = "InstallNT5Device(*SMS_KEYBOARD)",
		  .source = CONFIG_SOURCE_MSI, .action = CONFIG_ACTION_RETRY, .line = 16 },
		{ .name = "msi-internal-error-2502", .match = "Internal Error 2502",
		  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_IGNORE, .line = 21 },
	};
	collected out = { new_set(rules, 3), STRLIST_INIT };
	static const char *const expected[] = {
		"1 KB2000387-Cancelled fail 1602",
		"1 remove-w2k-drivers fix-retry -",
		"1 keyboard-driver retry -",
	};

	assert_int_equal(signature_set_rule_count(out.set), 14);
	match_message(&out, LOG_SOURCE_CCMSETUP, "Installation WAS CANCELLED by the user");
	match_message(&out, LOG_SOURCE_CCMSETUP, "RCSvcs: InstallNT5Device(*SMS_KEYBOARD): x");
	match_message(&out, LOG_SOURCE_MSI,
	              "RCSvcs: InstallNT5Device(*SMS_KEYBOARD): SetupDiGetClassDevs failed, error 0xd");
	match_message(&out, LOG_SOURCE_MSI, "Internal Error 2502.");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static void test_empty_match_is_refused_with_its_name(void **state)
{
	(void)state;
	config_signature rules[] = { { .name = "blank", .match = "", .line = 42 } };
	signature_set *set = NULL;
	error_message err;

	assert_false(signature_set_new(rules, 1, &set, &err));
	assert_null(set);
	assert_string_equal(err.text, "[signature blank] (line 42): match is empty; expected the "
	                              "text to look for in a log message");
}

/* Overlapping patterns, a pattern inside another, repeats in one message. */
static void test_overlapping_patterns_match_once_each(void **state)
{
	(void)state;
	config_signature rules[] = {
		{ .name = "he", .match = "he", .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL },
		{ .name = "she", .match = "SHE", .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL },
		{ .name = "hers", .match = "hers", .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL },
		{ .name = "his", .match = "his", .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL },
	};
	collected out = { new_set(rules, 4), STRLIST_INIT };
	static const char *const expected[] = {
		"1 he fail -", "1 she fail -", "1 hers fail -",
	};

	match_message(&out, LOG_SOURCE_MSI, "ushers she he \xC3\xA9");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

static uint32_t next_random(uint32_t *seed)
{
	*seed = *seed * 1103515245u + 12345u;
	return (*seed >> 16) & 0x7FFF;
}

static void random_text(char *out, size_t length, uint32_t *seed)
{
	static const char alphabet[] = "abcAB(1) ";
	for (size_t i = 0; i < length; i++)
		out[i] = alphabet[next_random(seed) % (sizeof alphabet - 1)];
	out[length] = '\0';
}

static void count_match(void *context, const log_event *event, const signature_match *match)
{
	(void)event;
	(void)match;
	(*(size_t *)context)++;
}

/* Many short patterns over a small alphabet, so that they overlap a lot:
 * the automaton finds exactly the rules a naive search finds. */
static void test_many_patterns_agree_with_naive_search(void **state)
{
	(void)state;
	enum { RULES = 300, MESSAGES = 300 };
	config_signature *rules = calloc(RULES, sizeof *rules);
	char names[RULES][16];
	char patterns[RULES][8];
	uint32_t seed = 2000387;

	for (size_t i = 0; i < RULES; i++) {
		snprintf(names[i], sizeof names[i], "rule-%zu", i);
		random_text(patterns[i], 1 + next_random(&seed) % 6, &seed);
		rules[i] = (config_signature){ .name = names[i], .match = patterns[i],
		                               .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL };
	}
	signature_set *set = new_set(rules, RULES);
	for (size_t m = 0; m < MESSAGES; m++) {
		char message[128];
		random_text(message, next_random(&seed) % 100, &seed);
		size_t naive = 0;
		for (size_t i = 0; i < RULES; i++)
			naive += text_contains_nocase(message, patterns[i]);
		size_t found = 0;
		log_event event = message_event(LOG_SOURCE_MSI, message);
		assert_int_equal(signature_set_match(set, &event, count_match, &found), naive);
		assert_int_equal(found, naive);
	}
	signature_set_free(set);
	free(rules);
}

/* The failure lines Microsoft's articles on client installation quote,
 * each with the code its text carries; Windows Installer's success codes
 * in the same lines are no failure. */
static void test_kb_failure_lines_carry_their_codes(void **state)
{
	(void)state;
	collected out = { new_set(NULL, 0), STRLIST_INIT };
	static const char *const expected[] = {
		"1 ccmsetup-installation-failed retry 1603",
		"1 client-msi-failed retry 1603",
		"1 msi-engine-returning retry 1612",
		"1 msi-installation-status retry 1642",
		"1 msi-error-1500 retry 1618",
	};

	match_message(&out, LOG_SOURCE_CCMSETUP, "Installation failed with error code 1603");
	match_message(&out, LOG_SOURCE_CCMSETUP, "client.msi installation failed. Error text: "
	                                         "ExitCode: 1603 Action: CcmRegisterHostingConfiguration.");
	match_message(&out, LOG_SOURCE_MSI, "MSI (s) (A8:6C) [10:11:12:123]: MainEngineThread is "
	                                    "returning 1612");
	match_message(&out, LOG_SOURCE_MSI, "MSI (s) (A8:6C) [10:11:12:123]: Windows Installer "
	                                    "installed the product. Product Name: Configuration Manager "
	                                    "Client. Installation success or error status: 1642.");
	match_message(&out, LOG_SOURCE_MSI, "Error 1500. Another installation is in progress. You "
	                                    "must complete that installation before continuing this one.");
	match_message(&out, LOG_SOURCE_MSI, "MSI (s) (A8:6C) [10:11:12:124]: MainEngineThread is "
	                                    "returning 0");
	match_message(&out, LOG_SOURCE_MSI, "Installation success or error status: 3010.");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

/* A rule that replaces a built-in whose code comes from the line keeps
 * reading it there (and the terminal line's success logic), unless it
 * sets a code of its own. */
static void test_a_replaced_built_in_keeps_reading_its_code(void **state)
{
	(void)state;
	config_signature rules[] = {
		{ .name = "ccmsetup-exit", .match = "CcmSetup is exiting with return code",
		  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_FAIL, .line = 3 },
		{ .name = "msi-engine-returning", .match = "MainEngineThread is returning",
		  .source = CONFIG_SOURCE_ANY, .has_code = true, .code = 42,
		  .action = CONFIG_ACTION_FAIL, .line = 9 },
	};
	collected out = { new_set(rules, 2), STRLIST_INIT };
	static const char *const expected[] = {
		"1 ccmsetup-exit success 0",
		"1 ccmsetup-exit fail 1603",
		"1 msi-engine-returning fail 42",
	};

	match_message(&out, LOG_SOURCE_CCMSETUP, "CcmSetup is exiting with return code 0");
	match_message(&out, LOG_SOURCE_CCMSETUP, "CcmSetup is exiting with return code 1603");
	match_message(&out, LOG_SOURCE_MSI, "MainEngineThread is returning 1612");
	assert_matches(&out.matches, expected, sizeof expected / sizeof expected[0]);
	strlist_free(&out.matches);
	signature_set_free(out.set);
}

/* Where Windows Installer's words are the machine's language, its engine's
 * "Note: 1: 2502" and an action's return value still say it; a rule that
 * replaces the built-in keeps these cues, one that sets ignore drops all. */
static void test_language_neutral_cues(void **state)
{
	(void)state;
	config_signature rules[] = {
		{ .name = "msi-return-value-3", .match = "Return value 3", .source = CONFIG_SOURCE_ANY,
		  .has_code = true, .code = 1603, .action = CONFIG_ACTION_FAIL, .line = 3 },
		{ .name = "msi-internal-error-2502", .match = "Internal Error 2502",
		  .source = CONFIG_SOURCE_ANY, .action = CONFIG_ACTION_IGNORE, .line = 9 },
	};
	collected builtins = { new_set(NULL, 0), STRLIST_INIT };
	collected replaced = { new_set(rules, 2), STRLIST_INIT };
	log_event german_end = message_event(LOG_SOURCE_MSI,
	    "Aktion beendet um 15:14:28: InstallFiles. R\xC3\xBC" "ckgabewert 3.");
	german_end.action = LOG_ACTION_END;
	german_end.action_name = "InstallFiles";
	german_end.action_return = 3;
	log_event note = message_event(LOG_SOURCE_MSI, "Note: 1: 2502");
	static const char *const expected_builtins[] = {
		"1 msi-return-value-3 retry 1603",
		"1 msi-internal-error-2502 fix-retry -",
	};
	static const char *const expected_replaced[] = {
		"1 msi-return-value-3 fail 1603",
	};

	for (collected *out = &builtins; out != NULL; out = out == &builtins ? &replaced : NULL) {
		signature_set_match(out->set, &german_end, collect_match, out);
		signature_set_match(out->set, &note, collect_match, out);
	}
	german_end.action_return = 1;
	signature_set_match(builtins.set, &german_end, collect_match, &builtins);
	assert_matches(&builtins.matches, expected_builtins, 2);
	assert_matches(&replaced.matches, expected_replaced, 1);
	strlist_free(&builtins.matches);
	strlist_free(&replaced.matches);
	signature_set_free(builtins.set);
	signature_set_free(replaced.set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seed_ccmsetup_log_shows_1602_and_2502),
		cmocka_unit_test(test_seed_msi_log_shows_driver_failures_and_2502),
		cmocka_unit_test(test_terminal_lines_carry_their_codes),
		cmocka_unit_test(test_terminal_codes_and_hresults),
		cmocka_unit_test(test_user_rules_override_by_name_and_add),
		cmocka_unit_test(test_kb_failure_lines_carry_their_codes),
		cmocka_unit_test(test_a_replaced_built_in_keeps_reading_its_code),
		cmocka_unit_test(test_language_neutral_cues),
		cmocka_unit_test(test_empty_match_is_refused_with_its_name),
		cmocka_unit_test(test_overlapping_patterns_match_once_each),
		cmocka_unit_test(test_many_patterns_agree_with_naive_search),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
