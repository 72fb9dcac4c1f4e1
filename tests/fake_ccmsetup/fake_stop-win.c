#include "tests/fake_ccmsetup/fake_stop.h"

#include <stdio.h>
#include <windows.h>

static HANDLE stop_requested;   /* manual-reset event */
static volatile LONG ignored;

void fake_stop_ignore(void)
{
	InterlockedExchange(&ignored, 1);
}

static LRESULT CALLBACK window_procedure(HWND window, UINT message, WPARAM w, LPARAM l)
{
	if (message == WM_CLOSE) {
		fake_stop_request();
		return 0;
	}
	return DefWindowProcW(window, message, w, l);
}

static DWORD WINAPI window_thread(void *unused)
{
	WNDCLASSW class = { 0 };
	MSG message;

	(void)unused;
	class.lpfnWndProc = window_procedure;
	class.hInstance = GetModuleHandleW(NULL);
	class.lpszClassName = L"fake_ccmsetup";
	if (RegisterClassW(&class) == 0 ||
	    CreateWindowExW(0, class.lpszClassName, L"ccmsetup", WS_OVERLAPPEDWINDOW, 0, 0, 1, 1, NULL,
	                    NULL, class.hInstance, NULL) == NULL) {
		fprintf(stderr, "fake_ccmsetup: no window to be asked to close: Windows error %lu\n",
		        (unsigned long)GetLastError());
		return 1;
	}
	while (GetMessageW(&message, NULL, 0, 0) > 0)
		DispatchMessageW(&message);
	return 0;
}

static void create_event(void)
{
	if (stop_requested == NULL)
		stop_requested = CreateEventW(NULL, TRUE, FALSE, NULL);
}

void fake_stop_listen(void)
{
	create_event();
	HANDLE thread = CreateThread(NULL, 0, window_thread, NULL, 0, NULL);
	if (thread != NULL)
		CloseHandle(thread);
}

void fake_stop_request(void)
{
	create_event();
	if (!InterlockedCompareExchange(&ignored, 0, 0))
		SetEvent(stop_requested);
}

bool fake_stop_wait(unsigned milliseconds)
{
	create_event();
	return WaitForSingleObject(stop_requested, milliseconds) == WAIT_OBJECT_0;
}
