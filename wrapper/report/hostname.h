/* This machine's name for the result file and the fleet report: the DNS
 * host name (on Linux COMPUTERNAME when set, hostname-unix.c). On Windows libuv asks GetHostNameW, which Windows 7 lacks
 * (libuv then answers UV_ENOSYS): GetComputerNameExW answers there. */
#ifndef CCMWRAP_HOSTNAME_H
#define CCMWRAP_HOSTNAME_H

/* The name, or "" when none can be had (caller frees). */
char *hostname_of_this_machine(void);

#endif
