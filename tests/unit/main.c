/* Host unit-test runner: `unit-tests [glob]` runs the suites whose name,
 * written `unit/<suite>`, matches (make check T=...), and ends with the line
 * `unit: N passed, M failed`. */
#include <stdio.h>
#include <stdlib.h>

#include <kernel/glob.h>

#include "suites.h"

static const struct {
	const char *name;
	Suite *(*make)(void);
} all_suites[] = {
	/* clang-format off */
	{ "fmt", fmt_suite },
	{ "cmdline", cmdline_suite },
	{ "glob", glob_suite },
	{ "parse", parse_suite },
	{ "mbmap", mbmap_suite },
	{ "rtree", rtree_suite },
	{ "pmem", pmem_suite },
	{ "heap", heap_suite },
	{ "pagehdr", pagehdr_suite },
	{ "ledger", ledger_suite },
	{ "hotplug", hotplug_suite },
	{ "hotplug_ram", hotplug_ram_suite },
	{ "arith64", arith64_suite },
	{ "simbus", simbus_suite },
	{ "elf", elf_suite },
	{ "image", image_suite },
	{ "cap", cap_suite },
	{ "ipc", ipc_suite },
	{ "loader", loader_suite },
	{ "budget", budget_suite },
	{ "buddy", buddy_suite },
	{ "dead_server", dead_server_suite },
	{ "device_range", device_range_suite },
	{ "inv_regress", inv_regress_suite },
	/* clang-format on */
};

int main(int argc, char **argv)
{
	const char *pattern = argc > 1 ? argv[1] : "*";
	SRunner *sr = NULL;
	int run, failed;

	for (size_t i = 0; i < sizeof(all_suites) / sizeof(all_suites[0]); i++) {
		Suite *s;
		char name[64];

		snprintf(name, sizeof(name), "unit/%s", all_suites[i].name);
		if (!glob_match(pattern, name))
			continue;
		s = all_suites[i].make();
		if (!sr)
			sr = srunner_create(s);
		else
			srunner_add_suite(sr, s);
	}
	if (!sr) {
		printf("unit: no suite matches '%s'\n", pattern);
		printf("unit: 0 passed, 0 failed\n");
		return 0;
	}
	srunner_run_all(sr, CK_VERBOSE);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("unit: %d passed, %d failed\n", run - failed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
