/* libFuzzer target for the log reader: any bytes, in either log's format
 * and split anywhere between two reads, must give the same events as when
 * read whole, each within the 64 KiB bound, never a crash or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wrapper/logs/logparse.h"
#include "config/base/text.h"

typedef struct event_digest {
	size_t count;
	size_t message_bytes;
	uint64_t checksum;
} event_digest;

static void on_event(void *context, const log_event *event)
{
	event_digest *digest = context;

	if (event->message_length > 64 * 1024 + 64)
		abort();
	digest->count++;
	digest->message_bytes += event->message_length;
	for (size_t i = 0; i < event->message_length; i++)
		digest->checksum = digest->checksum * 31 + (unsigned char)event->message[i];
}

static event_digest read_in_pieces(log_source source, const uint8_t *data, size_t size,
                                   size_t split)
{
	event_digest digest = { 0, 0, 0 };
	logparse *parser = logparse_new(source, on_event, &digest);

	logparse_feed(parser, (const char *)data, split);
	logparse_feed(parser, (const char *)data + split, size - split);
	logparse_finish(parser);
	logparse_free(parser);
	return digest;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	log_source source = data[0] & 1 ? LOG_SOURCE_MSI : LOG_SOURCE_CCMSETUP;
	event_digest whole = read_in_pieces(source, data, size, size);
	event_digest split = read_in_pieces(source, data, size, data[0] % size);

	if (whole.count != split.count || whole.message_bytes != split.message_bytes ||
	    whole.checksum != split.checksum)
		abort();
	return 0;
}
