#include "config/base/windows1252.h"

#define HIGH_FIRST 0x80u
#define HIGH_COUNT 32u

static const uint16_t high_codepoints[HIGH_COUNT] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

uint32_t windows1252_to_codepoint(unsigned char byte)
{
	if (byte >= HIGH_FIRST && byte < HIGH_FIRST + HIGH_COUNT)
		return high_codepoints[byte - HIGH_FIRST];
	return byte;
}

bool windows1252_from_codepoint(uint32_t codepoint, unsigned char *byte)
{
	if (codepoint < HIGH_FIRST || (codepoint >= HIGH_FIRST + HIGH_COUNT && codepoint <= 0xFF)) {
		*byte = (unsigned char)codepoint;
		return true;
	}
	for (unsigned i = 0; i < HIGH_COUNT; i++) {
		if (high_codepoints[i] == codepoint) {
			*byte = (unsigned char)(HIGH_FIRST + i);
			return true;
		}
	}
	return false;
}
