/* The story both platforms' INI safety tests tell, with the platform's own
 * way of letting others write a file and its own reason in the message. */
#ifndef CCMWRAP_TESTFILESAFETY_H
#define CCMWRAP_TESTFILESAFETY_H

#include <stdbool.h>

/* Lets non-administrators write path (others_write) or keeps it to its
 * owner and the administrators. */
typedef void test_set_writable(const char *path, bool others_write);

/* An INI that others may write is refused with exactly "INI:0: refusing an
 * INI that non-administrators can change: the file INI " + why, loads with
 * allow_insecure, and loads without it once set_writable closed it. */
void test_insecure_ini_is_refused_unless_allowed(test_set_writable *set_writable, const char *why);

#endif
