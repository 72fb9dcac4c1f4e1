/* fake_ccmsetup: a test double that behaves like ccmsetup 2007 upgrading an
 * SMS 2003 client (docs/DESIGN.md "Test double"). It tries to remove the SMS
 * 2003 remote-control devices; when the installer's account lacks Full
 * Control on one of them it writes the lines of KB2000387 to ccmsetup.log
 * and client.msi.log and exits 1602, otherwise it logs a successful
 * installation and exits 0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uv.h>

#include "tests/fake_ccmsetup/fake_access.h"
#include "tests/fake_ccmsetup/fake_crash.h"
#include "tests/fake_ccmsetup/fake_install_lock.h"
#include "tests/fake_ccmsetup/fake_logs.h"
#include "tests/fake_ccmsetup/fake_msiserver.h"
#include "tests/fake_ccmsetup/fake_options.h"
#include "tests/fake_ccmsetup/fake_service.h"
#include "tests/fake_ccmsetup/fake_stop.h"
#include "tests/fake_ccmsetup/fake_version.h"
#include "config/base/text.h"

#define DEVICE_ROOT "HKLM\\SYSTEM\\CurrentControlSet\\Enum\\Root\\"

static const char *const devices[] = { "*SMS_MOUSE", "*SMS_KEYBOARD", "*SMS_DISPLAY" };
#define DEVICE_COUNT (sizeof devices / sizeof devices[0])

enum { EXIT_CANCELLED = 1602, EXIT_BUSY = 1618, EXIT_USAGE = 87 };
enum { HANG_LIMIT_MS = 120000 };

static void log_start(const char *role)
{
	fake_ccmsetup_log(1, "==========[ ccmsetup started in process %d ]==========", (int)uv_os_getpid());
	fake_ccmsetup_log(1, "Running on 'Microsoft Windows XP Professional' (5.1.2600). Service Pack 3.0.");
	fake_ccmsetup_log(1, "Version: 4.0.6487.2000 (%s)", role);
}

static int exit_with(int code)
{
	fake_ccmsetup_log(code == 0 ? 1 : 3, "CcmSetup is exiting with return code %d", code);
	fake_logs_close();
	return code;
}

/* The bootstrap of service mode: start the service instance, which does
 * the installation, and leave with 0 while it goes on. */
static int start_service_instance(int argc, char **argv, const fake_options *options)
{
	error_message err;

	log_start("bootstrap");
	if (!fake_service_start(argc, argv, &err)) {
		fake_ccmsetup_log(3, "Failed to start the ccmsetup service: %s", err.text);
		return exit_with(1);
	}
	fake_ccmsetup_log(1, options->wording_2007 ? "Successfully created the ccmsetup service"
	                                           : "Successfully started the ccmsetup service");
	return exit_with(0);
}

static void log_msi_start(void)
{
	fake_ccmsetup_log(1, "Running installation package");
	fake_ccmsetup_log(1, "  Package:     C:\\WINDOWS\\system32\\ccmsetup\\client.msi");
	fake_msi_line("=== Verbose logging started: %s  Build type: SHIP UNICODE 3.01.4001.5512  Calling process: C:\\WINDOWS\\system32\\ccmsetup\\ccmsetup.exe ===", fake_clock());
	fake_msi_engine("Doing action: INSTALL");
	fake_msi_action_start("INSTALL");
	fake_msi_engine("Invoking remote custom action. DLL: C:\\WINDOWS\\Installer\\MSI13.tmp, Entrypoint: RemoveW2KDrivers");
	fake_ccmsetup_action(1, "RemoveW2KDrivers", "Removing Remote Control drivers");
	fake_msi_action_start("RemoveW2KDrivers");
	fake_msi_line("RCSvcs: Entering RemoveW2KDrivers");
	fake_msi_line("RCSvcs: RemoveNT5Devices: Starting removal of Win2K device drivers");
}

/* The seed's failure, line by line: the custom action cannot remove the
 * devices, the installation is cancelled and Windows Installer reports
 * Internal Error 2502. */
static int fail_as_in_kb2000387(const char *denied_device)
{
	fake_msi_line("RCSvcs: InstallNT5Device(%s): SetupDiGetClassDevs failed, error 0xd", denied_device);
	fake_msi_line("RCSvcs: RemoveNT5Device(%s): FindDevice failed, error 0", denied_device);
	fake_ccmsetup_log(2, "ccmsetup is shutting down");
	fake_ccmsetup_log(2, "Shutdown has been requested");
	fake_ccmsetup_log(2, "Installation will be cancelled due to shutdown. Windows Installer will return error code 1602.");
	fake_msi_line("RCSvcs: Leaving RemoveW2KDrivers");
	fake_msi_engine("Doing action: SmsRemovePatchManagerService");
	fake_msi_action_end("RemoveW2KDrivers", 1);
	fake_ccmsetup_action(1, "SmsRemovePatchManagerService", "");
	fake_msi_engine("Note: 1: 2502");
	fake_msi_line("DEBUG: Error 2502:  Called InstallFinalize when no install in progress.");
	fake_internal_error(2502);
	fake_msi_action_end("INSTALL", 2);
	fake_msi_engine("Product: Configuration Manager Client -- Installation operation failed.");
	fake_ccmsetup_log(3, "Installation was cancelled (1602)");
	return exit_with(EXIT_CANCELLED);
}

static int succeed(const fake_options *options)
{
	for (size_t i = 0; i < DEVICE_COUNT; i++)
		fake_msi_line("RCSvcs: RemoveNT5Device(%s) succeeded", devices[i]);
	fake_msi_line("RCSvcs: RemoveNT5Devices: succeeded");
	fake_msi_line("RCSvcs: Leaving RemoveW2KDrivers");
	fake_msi_action_end("RemoveW2KDrivers", 1);
	if (options->rotate && !fake_logs_rotate())
		return EXIT_FAILURE;
	fake_ccmsetup_action(1, "InstallFiles", "Copying new files");
	if (options->crash) {
		fake_msi_action_start("InstallFiles");
		fake_crash();
	}
	fake_msi_action_end("INSTALL", 1);
	fake_msi_engine("Product: Configuration Manager Client -- Installation completed successfully.");
	fake_msi_engine("MainEngineThread is returning %d", options->success_code == 7 ? 3010 : 0);
	/* 7: a prerequisite needs a reboot before the client installs. */
	if (options->success_code != 7 && !fake_record_version(options))
		return exit_with(EXIT_FAILURE);
	fake_ccmsetup_log(1, "Installation succeeded.");
	return exit_with(options->success_code);
}

/* An installation that fails whatever the permissions (a broken package,
 * a full disk): the MSI ends with Return value 3, ccmsetup passes the code
 * on. The retries cannot help, so the launcher ends with this code. */
static int fail_with_msi_error(const fake_options *options)
{
	fake_msi_line("RCSvcs: RemoveNT5Devices: succeeded");
	fake_msi_action_end("RemoveW2KDrivers", 1);
	fake_ccmsetup_action(1, "InstallFiles", "Copying new files");
	fake_msi_action_start("InstallFiles");
	fake_msi_engine("Product: Configuration Manager Client -- Error 1603. A fatal error occurred during installation.");
	fake_msi_action_end("InstallFiles", 3);
	fake_msi_action_end("INSTALL", 3);
	fake_msi_engine("MainEngineThread is returning 1603");
	fake_ccmsetup_log(3, "MSI: Action failed: InstallFiles. Return value 3.");
	fake_ccmsetup_log(3, "Installation failed with error code %d", options->fail_code);
	return exit_with(options->fail_code);
}

/* A test holds the installation open until it has seen what it must see
 * while ccmsetup still runs (run --detach returning first), then lets it
 * end by creating the file. Bounded like the hang. */
static void hold_until(const char *file)
{
	uv_fs_t request;

	fake_ccmsetup_log(1, "Holding the installation until %s exists", file);
	for (unsigned waited = 0; waited < HANG_LIMIT_MS; waited += 10) {
		int rc = uv_fs_stat(NULL, &request, file, NULL);
		uv_fs_req_cleanup(&request);
		if (rc == 0)
			return;
		uv_sleep(10);
	}
}

static int install(const fake_options *options)
{
	const char *denied = NULL;

	log_start(options->service_instance ? "service" : "foreground");
	log_msi_start();
	if (options->fail_code != 0)
		return fail_with_msi_error(options);
	for (size_t i = 0; i < DEVICE_COUNT && denied == NULL; i++) {
		char key[256];
		fake_access access;
		snprintf(key, sizeof key, DEVICE_ROOT "%s", devices[i]);
		if (!fake_device_access(options, key, &access))
			return exit_with(EXIT_FAILURE);
		if (access == FAKE_DEVICE_DENIED)
			denied = devices[i];
	}
	if (denied != NULL && options->hang) {
		fake_msi_line("RCSvcs: InstallNT5Device(%s): waiting for the device installer", denied);
		/* The seed's hang ended hours later in the same cancellation; a
		 * bounded one also ends a double that a crashed launcher left.
		 * In a custom-action server it ends only with that server, as a
		 * stop request cannot end an action that does not return. */
		if (options->custom_action)
			fake_msiserver_custom_action(HANG_LIMIT_MS);
		else
			fake_stop_wait(HANG_LIMIT_MS);
	}
	if (options->hold_file != NULL)
		hold_until(options->hold_file);
	return denied != NULL ? fail_as_in_kb2000387(denied) : succeed(options);
}

static int report_busy(void)
{
	fake_ccmsetup_log(3, "Another installation is already in progress. Windows Installer will return error code 1618.");
	fake_ccmsetup_log(3, "MSI: Error 1618: another installation is already in progress.");
	return exit_with(EXIT_BUSY);
}

/* The lock is taken and released by the thread that installs: on
 * Windows it is a mutex, which only its owner thread may release. */
static int install_holding_the_lock(const fake_options *options)
{
	strbuf log_path = STRBUF_INIT;
	fake_install_lock *lock = NULL;
	int code;

	strbuf_printf(&log_path, "%s/ccmsetup.log", options->log_directory);
	if (options->busy || !fake_install_lock_take(log_path.data, &lock) || lock == NULL) {
		code = report_busy();
	} else {
		/* A custom-action server owns the mutex for the installation. */
		if (options->custom_action) {
			fake_install_lock_release(lock);
			lock = NULL;
		}
		code = install(options);
		fake_install_lock_release(lock);
	}
	strbuf_free(&log_path);
	return code;
}

/* The parts of Windows Installer the double also plays. */
static int play_installer(const fake_options *options)
{
	switch (options->role) {
	case FAKE_ROLE_MSISERVER:
		return fake_msiserver_run();
	case FAKE_ROLE_CUSTOM_ACTION_SERVER:
		return fake_custom_action_server();
	case FAKE_ROLE_INSTALL_MSISERVER:
		return fake_msiserver_install() ? 0 : EXIT_FAILURE;
	case FAKE_ROLE_CCMSETUP:
		break;
	}
	return EXIT_FAILURE;
}

static int run(int argc, char **argv, const fake_options *options)
{
	if (options->role != FAKE_ROLE_CCMSETUP)
		return play_installer(options);
	if (options->hold_busy_ms > 0) {
		strbuf log_path = STRBUF_INIT;
		strbuf_printf(&log_path, "%s/ccmsetup.log", options->log_directory);
		bool held = fake_install_lock_hold(log_path.data, options->hold_busy_ms);
		strbuf_free(&log_path);
		return held ? 0 : EXIT_FAILURE;
	}
	if (options->silent)
		return 0;
	if (options->ignore_stop)
		fake_stop_ignore();
	if (!fake_logs_open(options))
		return EXIT_FAILURE;
	if (options->service_instance)
		return fake_service_run(options, install_holding_the_lock);
	fake_stop_listen();
	if (options->service)
		return start_service_instance(argc, argv, options);
	return install_holding_the_lock(options);
}

int main(int argc, char **argv)
{
	fake_options options;

	if (!fake_options_parse(argc, argv, &options))
		return EXIT_USAGE;
	int code = run(argc, argv, &options);
	uv_loop_close(uv_default_loop());
	return code;
}
