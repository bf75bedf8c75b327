/* libFuzzer harness for the ColdFire simulated bus commands
 * (arch/coldfire/simbus_cmd.c): an accepted command names a slot in range
 * and 1-4 page-aligned, non-empty, non-wrapping windows; a refused one says
 * why. */
#include <stdlib.h>
#include <string.h>

#include <lib/types.h>

#include "../../arch/coldfire/simbus_cmd.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);
	struct simbus_cmd cmd;
	const char *why = NULL;
	enum err e;

	memcpy(line, data, size);
	line[size] = 0;
	e = simbus_parse(line, &cmd, &why);
	if (e != ERR_OK) {
		FUZZ_REQUIRE(e < ERR_COUNT && why && why[0], "refusal %d without a reason", e);
	} else {
		FUZZ_REQUIRE(cmd.slot <= SIMBUS_MAX_SLOT, "slot %u", (unsigned)cmd.slot);
		FUZZ_REQUIRE(cmd.op == SIMBUS_ADD || cmd.op == SIMBUS_DEL, "op %d", cmd.op);
		if (cmd.op == SIMBUS_ADD) {
			FUZZ_REQUIRE(cmd.count >= 1 && cmd.count <= SIMBUS_MAX_WINDOWS, "count %u",
				     cmd.count);
			for (unsigned i = 0; i < cmd.count; i++) {
				const struct hotplug_window *w = &cmd.windows[i];

				FUZZ_REQUIRE(w->len > 0 && (w->base & (PAGE_SIZE - 1)) == 0 &&
						     (w->len & (PAGE_SIZE - 1)) == 0,
					     "window %u %#llx+%#llx", i,
					     (unsigned long long)w->base,
					     (unsigned long long)w->len);
				FUZZ_REQUIRE(w->base + w->len > w->base || w->base + w->len == 0,
					     "window %u wraps", i);
			}
		}
	}
	free(line);
	return 0;
}
