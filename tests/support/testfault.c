#include "tests/support/testfault.h"

#include <stdlib.h>
#include <string.h>

#include "config/base/regpath.h"
#include "config/base/text.h"
#include "tests/support/testregistry.h"

bool test_fault_is_write(const char *op)
{
	return strcmp(op, "set_security") == 0 || strcmp(op, "set_value") == 0 ||
	       strcmp(op, "commit") == 0;
}

static bool inject(test_fault *fault, const char *op, const char *key, error_message *err)
{
	strbuf message = STRBUF_INIT;

	fault->failed_op = xstrdup(op);
	fault->failed_key = key != NULL ? xstrdup(key) : NULL;
	if (fault->vanish && key != NULL)
		fault->gone = xstrdup(key);
	strbuf_printf(&message, "test registry: %s%s%s: injected failure (operation %zu)", op,
	              key != NULL ? " " : "", key != NULL ? key : "", fault->trace.count);
	fault->message = strbuf_detach(&message);
	return error_set(err, "%s", fault->message);
}

static bool fault_hook(void *context, const char *op, const char *key, bool after,
                       error_message *err)
{
	test_fault *fault = context;

	if (key != NULL && fault->gone != NULL && regpath_is_within(key, fault->gone))
		return error_set(err, "test registry: %s: deleted by another program", key);
	if (after) {
		bool due = fault->pending;
		fault->pending = false;
		return !due || inject(fault, op, key, err);
	}
	/* A write whose after-call never came failed on its own. */
	fault->pending = false;
	if (strcmp(op, "key_exists") == 0)
		return true;
	strlist_add(&fault->trace, op);
	if (fault->trace.count != fault->fail_at)
		return true;
	if (fault->after && test_fault_is_write(op)) {
		fault->pending = true;
		return true;
	}
	return inject(fault, op, key, err);
}

registry *test_registry_faulty(registry *inner, test_fault *fault)
{
	return test_registry_hooked(inner, true, fault_hook, fault);
}

void test_fault_free(test_fault *fault)
{
	free(fault->failed_op);
	free(fault->failed_key);
	free(fault->gone);
	free(fault->message);
	fault->failed_op = fault->failed_key = fault->gone = fault->message = NULL;
	strlist_free(&fault->trace);
}
