/* Whether a process still runs: a service whose process was ended (Wine
 * keeps its last state), a result file left `running` by a run that was
 * cut off. A process id can be reused; callers ask only about a process
 * they have reason to believe was theirs. */
#ifndef CCMWRAP_PIDCHECK_H
#define CCMWRAP_PIDCHECK_H

#include <stdbool.h>

/* False when no process has this id; true when one has, or when the
 * answer is unknown (not ours to open): a process that may run is never
 * declared dead. */
bool pidcheck_alive(unsigned long process_id);

/* This process's id. */
unsigned long pidcheck_self(void);

#endif
