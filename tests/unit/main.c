/* Host unit-test runner: `unit-tests [glob]` runs the suites whose name,
 * written `unit/<suite>`, matches (make check T=...), and ends with the line
 * `unit: N passed, M failed`. */
#include <stdio.h>
#include <stdlib.h>

#include <lib/glob.h>

#include "unit.h"

/* Filled by the UNIT_SUITE constructors before main runs, in link order. */
#define UNIT_MAX_SUITES 128
static struct {
	const char *name;
	Suite *(*make)(void);
} all_suites[UNIT_MAX_SUITES];
static unsigned n_suites;

void unit_register(const char *name, Suite *(*make)(void))
{
	if (n_suites == UNIT_MAX_SUITES) {
		fprintf(stderr, "unit: more than %d suites\n", UNIT_MAX_SUITES);
		exit(EXIT_FAILURE);
	}
	all_suites[n_suites].name = name;
	all_suites[n_suites++].make = make;
}

int main(int argc, char **argv)
{
	const char *pattern = argc > 1 ? argv[1] : "*";
	SRunner *sr = NULL;
	int run, failed;

	for (unsigned i = 0; i < n_suites; i++) {
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
