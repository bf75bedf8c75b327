/* libFuzzer harness for the kernel command line (kernel/cmdline.c) and the
 * number parser behind it: any string either parses into at most
 * CMDLINE_MAX_ARGS tokens whose keys are found again, or is refused. */
#include <stdlib.h>
#include <string.h>

#include <kernel/cmdline.h>

#include "fuzz.h"

static struct cmdline c;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	enum err e;

	memcpy(s, data, size);
	s[size] = 0;
	e = cmdline_parse(&c, s);
	FUZZ_REQUIRE(e < ERR_COUNT, "code %d", e);
	FUZZ_REQUIRE(c.count <= CMDLINE_MAX_ARGS, "count %u", c.count);
	for (unsigned i = 0; i < c.count; i++) {
		const struct cmdline_arg *a = &c.args[i];
		uint64_t v;
		enum err ev;

		FUZZ_REQUIRE(a->key >= c.buf && a->key < c.buf + sizeof c.buf, "key %u outside", i);
		FUZZ_REQUIRE(strlen(a->key) < CMDLINE_MAX_LEN, "key %u length", i);
		FUZZ_REQUIRE(cmdline_has(&c, a->key), "key %u '%s' not found again", i, a->key);
		ev = cmdline_get_u64(&c, a->key, &v);
		FUZZ_REQUIRE(ev == ERR_OK || ev == ERR_INVAL || ev == ERR_NOTFOUND,
			     "get_u64 of '%s' gave %d", a->key, ev);
		if (a->value)
			FUZZ_REQUIRE(a->value >= c.buf && a->value < c.buf + sizeof c.buf,
				     "value %u outside", i);
	}
	FUZZ_REQUIRE(!cmdline_has(&c, "") || c.count > 0, "empty key found in an empty line");
	free(s);
	return 0;
}
