#include "wrapper/push/pushtarget.h"

#include <stdarg.h>

bool pushtarget_fail(pushtarget_error *err, uint32_t win32, bool unreachable, const char *format,
                     ...)
{
	va_list args;

	err->win32 = win32;
	err->unreachable = unreachable;
	va_start(args, format);
	error_set_va(&err->message, format, args);
	va_end(args);
	return false;
}
