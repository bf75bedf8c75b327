/* In-kernel tests. KTEST(name) defines a test and registers it in the ktests
 * linker section; `ktest` on the command line runs all of them at boot,
 * `ktest=<glob>[,<glob>...]` a selection. A test body returns KTEST_OK or
 * fails through one of the KT_ macros, which format the reason. */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include <lib/types.h>

struct ktest {
	const char *name;
	const char *(*run)(void); /* NULL on success, else the reason */
};

#define KTEST(tname)                                                                          \
	static const char *ktest_run_##tname(void);                                           \
	static const struct ktest ktest_entry_##tname                                         \
		__attribute__((used, section("ktests"), aligned(4))) = { #tname,              \
									 ktest_run_##tname }; \
	static const char *ktest_run_##tname(void)

#define KTEST_OK NULL

/* Formats a failure reason into a static buffer (tests run one at a time). */
const char *ktest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define KT_FAIL(...) return ktest_fail(__FILE__, __LINE__, __VA_ARGS__)
#define KT_ASSERT(cond)                                 \
	do {                                            \
		if (!(cond))                            \
			KT_FAIL("assertion %s", #cond); \
	} while (0)
/* Compares as 64-bit unsigned and shows both values. */
#define KT_EQ(a, b)                                                                              \
	do {                                                                                     \
		uint64_t kt_a_ = (uint64_t)(a), kt_b_ = (uint64_t)(b);                           \
		if (kt_a_ != kt_b_)                                                              \
			KT_FAIL("%s == %s: 0x%llx != 0x%llx", #a, #b, (unsigned long long)kt_a_, \
				(unsigned long long)kt_b_);                                      \
	} while (0)
#define KT_STREQ(a, b)                                                               \
	do {                                                                         \
		const char *kt_a_ = (a), *kt_b_ = (b);                               \
		if (!ktest_streq(kt_a_, kt_b_))                                      \
			KT_FAIL("%s == %s: \"%s\" != \"%s\"", #a, #b, kt_a_, kt_b_); \
	} while (0)

bool ktest_streq(const char *a, const char *b);

/* Runs the selected tests, prints each result and the summary line
 * `ktest: N passed, M failed`; returns M, or 1 when the pattern selected no
 * test at all (a typo must fail, and says `ktest: no test matches '<glob>'`). */
unsigned ktest_run(const char *pattern);

#endif
