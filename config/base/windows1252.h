/* Windows-1252, the ANSI code page of English and Western European Windows:
 * what REGEDIT4 files, most ccmsetup/MSI logs without a BOM and status MIFs
 * are written in. It agrees with Latin-1 except for 0x80..0x9F. */
#ifndef CCMWRAP_WINDOWS1252_H
#define CCMWRAP_WINDOWS1252_H

#include <stdbool.h>
#include <stdint.h>

/* The five unassigned bytes (0x81 0x8D 0x8F 0x90 0x9D) map to the C1
 * control of the same number, as MultiByteToWideChar does, so that every
 * byte survives a round trip. */
uint32_t windows1252_to_codepoint(unsigned char byte);
/* False when the code point has no Windows-1252 byte. */
bool windows1252_from_codepoint(uint32_t codepoint, unsigned char *byte);

#endif
