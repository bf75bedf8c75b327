/* User-mode tests, in the manner of the kernel's KTEST. UTEST(name) defines a
 * test and registers it in the `utests` section; utest_run_all() runs them in
 * link order, prints `utest <name> ok` or `utest <name> FAIL <reason>` for
 * each, then `utest: N passed, M failed`, and returns M. A test body returns
 * UTEST_OK or fails through one of the UT_ macros, which format the reason. */
#ifndef ARROYO_UTEST_H
#define ARROYO_UTEST_H

#include <arroyo/user.h>

struct utest {
	const char *name;
	const char *(*run)(void); /* NULL on success, else the reason */
};

#define UTEST(tname)                                                                          \
	static const char *utest_run_##tname(void);                                           \
	static const struct utest utest_entry_##tname                                         \
		__attribute__((used, section("utests"), aligned(4))) = { #tname,              \
									 utest_run_##tname }; \
	static const char *utest_run_##tname(void)

#define UTEST_OK ((const char *)0)

/* Formats a failure reason into a static buffer (tests run one at a time). */
const char *utest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define UT_FAIL(...) return utest_fail(__FILE__, __LINE__, __VA_ARGS__)
#define UT_ASSERT(cond)                                 \
	do {                                            \
		if (!(cond))                            \
			UT_FAIL("assertion %s", #cond); \
	} while (0)
#define UT_EQ(a, b)                                                                \
	do {                                                                       \
		uint32_t ut_a_ = (uint32_t)(a), ut_b_ = (uint32_t)(b);             \
		if (ut_a_ != ut_b_)                                                \
			UT_FAIL("%s == %s: 0x%x != 0x%x", #a, #b, (unsigned)ut_a_, \
				(unsigned)ut_b_);                                  \
	} while (0)
/* An invocation that must give the error code want (INV_OK included). */
#define UT_INV(expr, want)                                                                     \
	do {                                                                                   \
		int ut_e_ = (expr), ut_w_ = (want);                                            \
		if (ut_e_ != ut_w_)                                                            \
			UT_FAIL("%s: %s (%d), expected %s", #expr, inv_err_name(ut_e_), ut_e_, \
				inv_err_name(ut_w_));                                          \
	} while (0)
#define UT_OK(expr) UT_INV(expr, INV_OK)

/* Runs every registered test; returns the number that failed. */
unsigned utest_run_all(void);

#endif
