/* libFuzzer harness for the multiboot memory map parser (kernel/mbmap.c): the
 * first byte bounds the output table; an accepted map must come out sorted,
 * non-empty, without zero-length or overlapping ranges. */
#include <stdlib.h>
#include <string.h>

#include <kernel/mbmap.h>

#include "fuzz.h"

#define MAX_RANGES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct memmap_entry out[MAX_RANGES];
	struct mbmap_error why;
	unsigned max, count = 99;
	char msg[128];
	uint8_t *buf;
	uint32_t len;
	enum err e;
	int n;

	if (size < 1 || size - 1 > UINT32_MAX)
		return 0;
	max = 1 + data[0] % MAX_RANGES;
	len = (uint32_t)(size - 1);
	buf = malloc(len ? len : 1);
	memcpy(buf, data + 1, len);
	e = mbmap_parse(buf, len, out, max, &count, &why);
	FUZZ_REQUIRE(e == why.code && e < ERR_COUNT, "returned %d, why %d", e, why.code);
	n = mbmap_describe(&why, msg, sizeof msg);
	FUZZ_REQUIRE(n > 0 && strlen(msg) < sizeof msg, "describe gave %d", n);
	if (e != ERR_OK) {
		FUZZ_REQUIRE(count == 0, "refused map left count %u", count);
	} else {
		FUZZ_REQUIRE(count >= 1 && count <= max, "count %u of %u", count, max);
		for (unsigned i = 0; i < count; i++) {
			FUZZ_REQUIRE(out[i].len > 0, "range %u empty", i);
			FUZZ_REQUIRE(out[i].source * (uint64_t)MBMAP_ENTRY_MIN < len,
				     "range %u source %u", i, out[i].source);
			if (i == 0)
				continue;
			FUZZ_REQUIRE(out[i - 1].base + out[i - 1].len != 0 &&
					     out[i - 1].base + out[i - 1].len <= out[i].base,
				     "ranges %u and %u overlap or are unsorted", i - 1, i);
		}
	}
	free(buf);
	return 0;
}
