/* The upper-case mapping Windows compares registry key and value names
 * with: its file system casing table (docs/DESIGN.md "Registry model and
 * the registry file"). Windows maps one UTF-16 unit at a time, so a
 * character beyond the Basic Multilingual Plane maps to itself. One
 * implementation per platform: the C library's Unicode tables through a
 * C.UTF-8 locale object, and Windows' own table. */
#ifndef CCMWRAP_CASEFOLD_H
#define CCMWRAP_CASEFOLD_H

#include <stdint.h>

uint32_t casefold_upper(uint32_t codepoint);

#endif
