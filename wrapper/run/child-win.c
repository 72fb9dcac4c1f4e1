/* Windows has no signal that asks a process to end: libuv turns SIGTERM
 * into TerminateProcess. A program with windows (ccmsetup has them, hidden)
 * is asked to close as the desktop asks it, with WM_CLOSE. */
#include "wrapper/run/child.h"

#include <windows.h>

typedef struct close_request {
	DWORD process_id;
	unsigned posted;
} close_request;

static BOOL CALLBACK post_close(HWND window, LPARAM context)
{
	close_request *request = (close_request *)context;
	DWORD owner = 0;

	GetWindowThreadProcessId(window, &owner);
	if (owner == request->process_id && PostMessageW(window, WM_CLOSE, 0, 0))
		request->posted++;
	return TRUE;
}

bool child_ask_to_close(child_process *child)
{
	close_request request = { (DWORD)child->handle.pid, 0 };

	if (!child->running)
		return false;
	EnumWindows(post_close, (LPARAM)&request);
	return request.posted > 0;
}
