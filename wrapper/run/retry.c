#include "wrapper/run/retry.h"

#include <uv.h>

uint32_t retry_system_random(void *context)
{
	uint32_t value;

	(void)context;
	if (uv_random(NULL, NULL, &value, sizeof value, 0, NULL) != 0)
		value = (uint32_t)uv_hrtime();
	return value;
}

static uint64_t capped_delay_ms(const config *cfg, unsigned attempt)
{
	double delay = (double)cfg->retry.delay_ms;
	double cap = (double)cfg->retry.max_delay_ms;

	for (unsigned n = 1; n < attempt && delay < cap; n++)
		delay *= cfg->retry.backoff;
	return delay < cap ? (uint64_t)delay : cfg->retry.max_delay_ms;
}

uint64_t retry_delay_ms(const config *cfg, unsigned attempt, retry_random_source random,
                        void *random_context)
{
	uint64_t delay = capped_delay_ms(cfg, attempt < 1 ? 1 : attempt);
	uint64_t spread = delay / 100 * cfg->retry.jitter_percent +
	                  delay % 100 * cfg->retry.jitter_percent / 100;

	if (spread == 0)
		return delay;
	/* Scaling rather than a modulo keeps every offset equally likely. */
	uint64_t width = 2 * spread + 1;
	uint64_t offset = (uint64_t)(((double)random(random_context) / 4294967295.0) * (double)(width - 1));
	return delay - spread + offset;
}
