#include "config/base/casefold.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <uv.h>
#include <wctype.h>

#define FINAL_SIGMA 0x03C2u

static locale_t utf8_locale;
static uv_once_t utf8_locale_once = UV_ONCE_INIT;

/* A locale object, never setlocale: the process's own locale stays "C",
 * so that nothing else ccmwrap prints or parses changes with it. */
static void open_utf8_locale(void)
{
	utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8_locale == (locale_t)0) {
		fputs("ccmwrap: the C.UTF-8 locale is missing; it is needed to compare registry names "
		      "as Windows does\n", stderr);
		abort();
	}
}

uint32_t casefold_upper(uint32_t codepoint)
{
	if (codepoint >= 0x10000 || (codepoint >= 0xD800 && codepoint <= 0xDFFF))
		return codepoint;
	uv_once(&utf8_locale_once, open_utf8_locale);
	wint_t upper = towupper_l((wint_t)codepoint, utf8_locale);
	if (upper == (wint_t)codepoint || codepoint == FINAL_SIGMA)
		return (uint32_t)upper;
	/* Windows' table keeps only the mappings that lower back to the same
	 * character (final sigma aside): U+017F LONG S, U+0131 DOTLESS I and
	 * U+03F1 RHO SYMBOL stay as they are there. */
	return towlower_l(upper, utf8_locale) == (wint_t)codepoint ? (uint32_t)upper : codepoint;
}
