/* Self-registering Check suites: a test file ends with UNIT_SUITE(name) after
 * its `Suite *name_suite(void)`, and the runner (main.c) finds it as
 * `unit/name`. Adding a test file is all it takes. */
#ifndef TESTS_UNIT_UNIT_H
#define TESTS_UNIT_UNIT_H

#include <check.h>

void unit_register(const char *name, Suite *(*make)(void));

#define UNIT_SUITE(name)                                                    \
	Suite *name##_suite(void);                                          \
	static void __attribute__((constructor)) unit_register_##name(void) \
	{                                                                   \
		unit_register(#name, name##_suite);                         \
	}

#endif
