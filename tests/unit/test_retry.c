#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "wrapper/run/retry.h"

static uint32_t fixed_random(void *context)
{
	return *(uint32_t *)context;
}

static config retry_config(unsigned jitter_percent)
{
	config cfg;

	memset(&cfg, 0, sizeof cfg);
	cfg.retry.max_attempts = 3;
	cfg.retry.delay_ms = 30000;
	cfg.retry.backoff = 2.0;
	cfg.retry.max_delay_ms = 600000;
	cfg.retry.jitter_percent = jitter_percent;
	return cfg;
}

static void test_delay_grows_by_backoff(void **state)
{
	config cfg = retry_config(0);
	uint32_t random = 0;

	(void)state;
	assert_int_equal(retry_delay_ms(&cfg, 1, fixed_random, &random), 30000);
	assert_int_equal(retry_delay_ms(&cfg, 2, fixed_random, &random), 60000);
	assert_int_equal(retry_delay_ms(&cfg, 3, fixed_random, &random), 120000);
	assert_int_equal(retry_delay_ms(&cfg, 5, fixed_random, &random), 480000);
}

static void test_delay_is_capped(void **state)
{
	config cfg = retry_config(0);
	uint32_t random = 0;

	(void)state;
	assert_int_equal(retry_delay_ms(&cfg, 6, fixed_random, &random), 600000);
	assert_int_equal(retry_delay_ms(&cfg, 4000, fixed_random, &random), 600000);
	cfg.retry.backoff = 1e300;
	assert_int_equal(retry_delay_ms(&cfg, 3, fixed_random, &random), 600000);
}

static void test_fractional_backoff(void **state)
{
	config cfg = retry_config(0);
	uint32_t random = 0;

	(void)state;
	cfg.retry.delay_ms = 1000;
	cfg.retry.backoff = 1.5;
	assert_int_equal(retry_delay_ms(&cfg, 3, fixed_random, &random), 2250);
	cfg.retry.backoff = 1.0;
	assert_int_equal(retry_delay_ms(&cfg, 9, fixed_random, &random), 1000);
}

static void test_jitter_spans_both_sides(void **state)
{
	config cfg = retry_config(20);
	uint32_t lowest = 0, highest = UINT32_MAX, middle = 1u << 31;

	(void)state;
	assert_int_equal(retry_delay_ms(&cfg, 1, fixed_random, &lowest), 24000);
	assert_int_equal(retry_delay_ms(&cfg, 1, fixed_random, &highest), 36000);
	assert_int_equal(retry_delay_ms(&cfg, 1, fixed_random, &middle), 30000);
	/* Around the capped delay: a fleet at the cap still spreads out. */
	assert_int_equal(retry_delay_ms(&cfg, 10, fixed_random, &lowest), 480000);
	assert_int_equal(retry_delay_ms(&cfg, 10, fixed_random, &highest), 720000);
}

static void test_attempt_zero_counts_as_first(void **state)
{
	config cfg = retry_config(0);
	uint32_t random = 0;

	(void)state;
	assert_int_equal(retry_delay_ms(&cfg, 0, fixed_random, &random), 30000);
}

static void test_system_random_stays_in_range(void **state)
{
	config cfg = retry_config(50);

	(void)state;
	for (int i = 0; i < 100; i++) {
		uint64_t delay = retry_delay_ms(&cfg, 1, retry_system_random, NULL);
		assert_in_range(delay, 15000, 45000);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delay_grows_by_backoff),
		cmocka_unit_test(test_delay_is_capped),
		cmocka_unit_test(test_fractional_backoff),
		cmocka_unit_test(test_jitter_spans_both_sides),
		cmocka_unit_test(test_attempt_zero_counts_as_first),
		cmocka_unit_test(test_system_random_stays_in_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
