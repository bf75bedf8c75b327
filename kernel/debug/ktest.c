/* The ktest runner: runs the KTESTs whose names match the command line's
 * globs and prints one line each and the summary (kernel/include/kernel/ktest.h). */
#include <lib/glob.h>
#include <kernel/kprintf.h>
#include <kernel/ktest.h>

/* The bounds of the ktests section: the kernel's linker scripts set them, the
 * host's linker makes them for a section named like an identifier. Weak, so a
 * link without any KTEST (the unit tests) has an empty list. */
extern const struct ktest __start_ktests[] __attribute__((weak));
extern const struct ktest __stop_ktests[] __attribute__((weak));

static char ktest_reason[160];

const char *ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	int n = fmt_snprintf(ktest_reason, sizeof(ktest_reason), "%s:%d: ", file, line);

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < sizeof(ktest_reason))
		fmt_vsnprintf(ktest_reason + n, sizeof(ktest_reason) - n, fmt, ap);
	va_end(ap);
	return ktest_reason;
}

bool ktest_streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

unsigned ktest_run(const char *pattern)
{
	unsigned passed = 0, failed = 0;

	/* The linker brackets one array with these two symbols. */
	// cppcheck-suppress comparePointers
	for (const struct ktest *t = __start_ktests; t < __stop_ktests; t++) {
		const char *why;

		if (pattern && !glob_match(pattern, t->name))
			continue;
		why = t->run();
		if (why) {
			kprintf("ktest %s FAIL %s\n", t->name, why);
			failed++;
		} else {
			kprintf("ktest %s ok\n", t->name);
			passed++;
		}
	}
	kprintf("ktest: %u passed, %u failed\n", passed, failed);
	if (passed + failed == 0) {
		/* a typo in the glob must not read as a green run */
		kprintf("ktest: no test matches '%s'\n", pattern ? pattern : "*");
		return 1;
	}
	return failed;
}
