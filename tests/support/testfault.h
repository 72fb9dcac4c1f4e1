/* Fault injection through the registry operations table (docs/DESIGN.md
 * "Crash safety"): a registry that passes every operation to a real one
 * (a hooked registry, testregistry.h), counts them, and fails one chosen
 * operation with an error naming it, so that a test can make fix and
 * rollback fail at each operation they do in turn.
 *
 * Counted, and so failed in turn: every operation that can report a
 * failure, that is subkeys, values, get_value, get_security, set_security,
 * set_value, commit and refresh. key_exists is passed on uncounted: it has
 * no failure to report, and its false is the vanished key that
 * test_vanished_keys covers; identity, notes and close touch nothing. */
#ifndef CCMWRAP_TESTFAULT_H
#define CCMWRAP_TESTFAULT_H

#include <stdbool.h>
#include <stddef.h>

#include "checks/registry/registry.h"

typedef struct test_fault {
	size_t fail_at;   /* the operation to fail, counted from 1; 0 counts only */
	/* A write (set_security, set_value, commit) is done and then reported
	 * failed, as a write whose confirmation is lost; a read always fails
	 * before it is done, since its caller may not free what a failed read
	 * returns. */
	bool after;
	/* The failed operation's key is deleted by another program there: it
	 * and the keys below it are gone from then on, in every registry
	 * wrapped with this fault (commit and refresh, which have no key, just
	 * fail). */
	bool vanish;

	strlist trace;    /* the name of each operation counted so far, in order */
	bool pending;     /* `after`: the write under way fails once done */
	char *failed_op;  /* the operation failed, NULL until then */
	char *failed_key; /* its key; NULL for commit and refresh */
	char *gone;       /* the key deleted (vanish), NULL until then */
	char *message;    /* the error the failed operation gave */
} test_fault;

/* inner behind the fault; closing the result closes inner. */
registry *test_registry_faulty(registry *inner, test_fault *fault);
/* Whether op is a write, which `after` fails once it is done. */
bool test_fault_is_write(const char *op);
void test_fault_free(test_fault *fault);

#endif
