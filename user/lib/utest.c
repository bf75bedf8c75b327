/* The user-test runner: runs every UTEST and prints one line each and a summary. */
#include <arroyo/utest.h>

/* The section's bounds: the i386 linker script defines them, GNU ld makes
 * them for the ColdFire PIE (the section name is a C identifier). */
extern const struct utest __start_utests[], __stop_utests[];

static char utest_reason[160];

const char *utest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n;

	n = fmt_snprintf(utest_reason, sizeof utest_reason, "%s:%d: ", file, line);
	if (n < 0 || (size_t)n >= sizeof utest_reason)
		return utest_reason;
	va_start(ap, fmt);
	fmt_vsnprintf(utest_reason + n, sizeof utest_reason - (size_t)n, fmt, ap);
	va_end(ap);
	return utest_reason;
}

unsigned utest_run_all(void)
{
	unsigned passed = 0, failed = 0;

	// cppcheck-suppress comparePointers
	for (const struct utest *t = __start_utests; t < __stop_utests; t++) {
		const char *why = t->run();

		if (why) {
			printf("utest %s FAIL %s\n", t->name, why);
			failed++;
		} else {
			printf("utest %s ok\n", t->name);
			passed++;
		}
	}
	printf("utest: %u passed, %u failed\n", passed, failed);
	return failed;
}
