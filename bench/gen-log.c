/* The scan-log input: ccmsetup.log as ccmsetup writes it (CMTrace lines,
 * CRLF), mostly progress lines no signature matches. */
#include "bench/generate.h"

#define HIT_EVERY 1000

/* None holds a signature's text, whatever number fills it in. */
static const char *const quiet_messages[] = {
	"MSI: Action %u:%02u:%02u: InstallFiles. Copying new files",
	"Downloading file ccmsetup.cab (%u bytes) from http://SCCM01/CCM_Client",
	"MSI: Action %u:%02u:%02u: RemoveExistingProducts. Removing applications",
	"Params to send '5.0.%u.1000 Deployment Error: 0x0, '",
	"Checking the file hash of client.msi (%u entries compared in %u ms)",
	"Updating MDM_ConfigSetting.ClientDeploymentErrorCode with value %u",
};

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

void bench_log_line(FILE *file, uint64_t number, const char *message)
{
	unsigned seconds = (unsigned)(number / 40);

	fprintf(file,
	        "<![LOG[%s]LOG]!><time=\"%02u:%02u:%02u.%03u+300\" date=\"11-18-2010\" "
	        "component=\"ccmsetup\" context=\"\" type=\"1\" thread=\"2896\" "
	        "file=\"msiutil.cpp:%u\">\r\n",
	        message, seconds / 3600 % 24, seconds / 60 % 60, seconds % 60,
	        (unsigned)(number % 1000), 300 + (unsigned)(number % 97));
}

bool bench_generate_log(const char *path, uint64_t size, const strlist *texts)
{
	FILE *file;
	uint32_t seed = 2000387;
	char message[512];

	if (!bench_create(path, &file))
		return false;
	for (uint64_t n = 0; (uint64_t)ftell(file) < size; n++) {
		if (n % HIT_EVERY == HIT_EVERY - 1) {
			snprintf(message, sizeof message, "%s1603",
			         texts->items[(n / HIT_EVERY) % texts->count]);
		} else {
			const char *format = quiet_messages[bench_random(&seed) % COUNT_OF(quiet_messages)];
			unsigned x = bench_random(&seed) % 24, y = bench_random(&seed) % 60;
			snprintf(message, sizeof message, format, x, y, bench_random(&seed) % 60);
		}
		bench_log_line(file, n, message);
	}
	return bench_close(file, path);
}
