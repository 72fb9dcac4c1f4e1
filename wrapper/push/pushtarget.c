#include "wrapper/push/pushtarget.h"

#include <stdarg.h>
#include <stdlib.h>
#include <uv.h>

static uv_once_t files_once = UV_ONCE_INIT;
static uv_rwlock_t files_lock;

static void init_files_lock(void)
{
	if (uv_rwlock_init(&files_lock) != 0)
		abort();
}

void pushtarget_copying_begin(void)
{
	uv_once(&files_once, init_files_lock);
	uv_rwlock_rdlock(&files_lock);
}

void pushtarget_copying_end(void)
{
	uv_rwlock_rdunlock(&files_lock);
}

void pushtarget_spawning_begin(void)
{
	uv_once(&files_once, init_files_lock);
	uv_rwlock_wrlock(&files_lock);
}

void pushtarget_spawning_end(void)
{
	uv_rwlock_wrunlock(&files_lock);
}

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
