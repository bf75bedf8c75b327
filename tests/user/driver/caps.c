/* Copy, restrict, identify and delete: the operations every capability has. */
#include "driver.h"

UTEST(cap_identify)
{
	unsigned type, rights;

	UT_OK(cap_identify(S_CONSOLE, &type, &rights));
	UT_EQ(type, CT_CONSOLE);
	UT_OK(cap_identify(S_SLEEP, &type, &rights));
	UT_EQ(type, CT_SLEEP);
	UT_OK(cap_identify(S_MEMINFO, &type, &rights));
	UT_EQ(type, CT_MEMINFO);
	UT_OK(cap_identify(S_RANGE, &type, &rights));
	UT_EQ(type, CT_RANGE);
	UT_OK(cap_identify(S_ECHO, &type, &rights));
	UT_EQ(type, CT_ENDPOINT);
	UT_EQ(rights & CR_ALL, CR_ALL);
	return UTEST_OK;
}

UTEST(cap_copy_delete)
{
	unsigned type, rights, t2, r2;

	UT_OK(cap_copy(S_ECHO, S_TMP0));
	UT_OK(cap_identify(S_ECHO, &type, &rights));
	UT_OK(cap_identify(S_TMP0, &t2, &r2));
	UT_EQ(t2, type);
	UT_EQ(r2, rights);
	UT_OK(cap_delete(S_TMP0));
	UT_INV(cap_identify(S_TMP0, &t2, &r2), INV_ERR_CAP_EMPTY);
	/* The original is untouched. */
	UT_OK(cap_identify(S_ECHO, &t2, NULL));
	UT_EQ(t2, CT_ENDPOINT);
	return UTEST_OK;
}

UTEST(cap_restrict_only_removes)
{
	unsigned rights, again;

	UT_OK(cap_restrict(S_ECHO, S_TMP0, CR_WRITE));
	UT_OK(cap_identify(S_TMP0, NULL, &rights));
	UT_EQ(rights & CR_WRITE, 0);
	UT_EQ(rights & CR_READ, CR_READ);
	/* Restricting by nothing keeps what is left; rights never come back. */
	UT_OK(cap_restrict(S_TMP0, S_TMP0 + 1, 0));
	UT_OK(cap_identify(S_TMP0 + 1, NULL, &again));
	UT_EQ(again, rights);
	UT_OK(cap_copy(S_TMP0 + 1, S_TMP0 + 2));
	UT_OK(cap_identify(S_TMP0 + 2, NULL, &again));
	UT_EQ(again & CR_WRITE, 0);
	/* Weak implies read-only. */
	UT_OK(cap_restrict(S_ECHO, S_TMP0 + 3, CR_WEAK));
	UT_OK(cap_identify(S_TMP0 + 3, NULL, &again));
	UT_EQ(again & (CR_WEAK | CR_WRITE), CR_WEAK);
	driver_clear_tmp();
	return UTEST_OK;
}
