/* Failure and success signatures (docs/DESIGN.md "Logs"): the built-ins plus the
 * INI's [signature NAME] rules, where a rule named like a built-in replaces
 * it. Every pattern is a case-insensitive substring of an event's message;
 * all of them are found in one pass over the message (an Aho-Corasick
 * automaton over ASCII-lower-cased text, built once), however many rules
 * there are. */
#ifndef CCMWRAP_SIGNATURE_H
#define CCMWRAP_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config/config.h"
#include "config/base/error.h"
#include "config/base/text.h"
#include "wrapper/logs/logparse.h"

/* Names of the built-ins, for rules that override them. */
#define SIGNATURE_CCMSETUP_EXIT "ccmsetup-exit"
#define SIGNATURE_CCMSETUP_FAILED "ccmsetup-failed"

typedef struct signature_match {
	const char *name;
	config_signature_action action;
	bool has_code;
	uint32_t code;
	bool builtin;
} signature_match;

typedef void (*signature_match_callback)(void *context, const log_event *event,
                                         const signature_match *match);

typedef struct signature_set signature_set;

/* The built-ins with `rules` applied (NULL, 0 for the built-ins alone).
 * Fails on a rule with an empty match, naming it. */
bool signature_set_new(const config_signature *rules, size_t count, signature_set **out,
                       error_message *err);
void signature_set_free(signature_set *set);

/* Calls on_match once per rule whose pattern occurs in the event's message
 * and whose source fits, in rule order (built-ins first); rules whose action
 * is `ignore` never match. Returns how many matched. */
size_t signature_set_match(signature_set *set, const log_event *event,
                           signature_match_callback on_match, void *context);

/* signature_set_match for an event whose message holds none of
 * signature_set_texts: only the rules an MSI action's return value calls
 * for can match, and the message is not read. */
size_t signature_set_match_action(signature_set *set, const log_event *event,
                                  signature_match_callback on_match, void *context);

size_t signature_set_rule_count(const signature_set *set);
/* Adds to texts every text whose occurrence in a message can make a rule of
 * set match: each rule's pattern and language-neutral cue, in rule order
 * (also the patterns bench/ hands grep). (A rule that an
 * MSI action's return value calls for matches an action event, which
 * logparse_skim never passes over.) */
void signature_set_texts(const signature_set *set, strlist *texts);

/* Adds to texts those signature_terminal_code looks for. */
void signature_terminal_texts(strlist *texts);

/* fix-retry, retry and fail: what makes an attempt (and scan-log) fail. */
bool signature_action_is_failure(config_signature_action action);
/* Of two failure actions, the one that decides: fail over fix-retry over retry. */
config_signature_action signature_stronger_action(config_signature_action a,
                                                  config_signature_action b);
const char *signature_action_name(config_signature_action action);
/* The action as run's console and scan-log show a match: a success
 * signature on the exit 0 of a ccmsetup instance that handed over to its
 * service (logprogress.h) is "hand-over", for it is not the end. */
const char *signature_shown_action(const signature_match *match, bool handover);

/* A ccmsetup instance's terminal line: "CcmSetup is exiting with return
 * code N" or "CcmSetup failed with error code 0x...". Stores the code (the
 * HRESULT mapped by signature_code_from_hresult). */
bool signature_terminal_code(const char *message, uint32_t *code);

/* 0x8007XXXX -> the Win32 code XXXX (0x80070642 -> 1602); any other
 * HRESULT as its unsigned 32-bit value. */
uint32_t signature_code_from_hresult(uint32_t hresult);

#endif
