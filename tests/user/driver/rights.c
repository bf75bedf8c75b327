/* Rights on every path that reaches an object (doc/security.md): a fault
 * handler needs a send-capable endpoint, kernel badges cannot be minted, an
 * attached CapPage is read only with CR_READ, and a capability enters a
 * CapPage only with CR_GRANT. Each test was an attack that worked before. */
#include "driver.h"

#define R_OBJ S_TMP0 /* the object a test is about */
#define R_COPY (S_TMP0 + 1) /* a copy of it with fewer rights */
#define R_OUT (S_TMP0 + 2) /* where a test tries to put something */
#define R_PROC (S_TMP0 + 3) /* a process that is never started */

/* Every test starts with empty scratch registers and nothing attached. */
static void rights_start(void)
{
	process_cappage(CAP_SELF, CAP_NONE);
	driver_clear_tmp();
}

/* The kernel's badges (fault messages, budget events) have BADGE_KERNEL
 * set; no capability can be minted with one, so a client's call can never
 * pass for a fault of the process whose pid it names. */
UTEST(rights_kernel_badges_cannot_be_minted)
{
	unsigned type = 0;

	rights_start();
	UT_INV(ep_mint(S_ECHO, R_OUT, FAULT_BADGE(1)), INV_ERR_ARG);
	UT_INV(ep_mint(S_ECHO, R_OUT, FAULT_BADGE(7)), INV_ERR_ARG);
	UT_INV(ep_mint(S_ECHO, R_OUT, BADGE_KERNEL), INV_ERR_ARG);
	UT_INV(ep_mint(S_ECHO, R_OUT, BUDGET_BADGE), INV_ERR_ARG);
	UT_INV(cap_identify(R_OUT, &type, NULL), INV_ERR_CAP_EMPTY);
	/* Every badge below it still can. */
	UT_OK(ep_mint(S_ECHO, R_OUT, BADGE_KERNEL - 1));
	driver_clear_tmp();
	return UTEST_OK;
}
