/* How long to wait before the next attempt: [retry] delay * backoff^(n-1),
 * capped at max_delay, then spread by +-jitter% so that a fleet that failed
 * together does not retry together. */
#ifndef CCMWRAP_RETRY_H
#define CCMWRAP_RETRY_H

#include <stdint.h>

#include "config/config.h"

/* A uniformly distributed 32-bit number; tests pass a fixed one. */
typedef uint32_t (*retry_random_source)(void *context);

/* The operating system's random numbers (context unused). */
uint32_t retry_system_random(void *context);

/* The wait after failed attempt `attempt` (1 = the first). Jitter is applied
 * around the capped delay: random 0 gives -jitter%, UINT32_MAX +jitter%. */
uint64_t retry_delay_ms(const config *cfg, unsigned attempt, retry_random_source random,
                        void *random_context);

#endif
