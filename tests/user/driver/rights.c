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

/* A receive-only or weak endpoint capability set as one's own fault handler
 * would let a process send on an endpoint it may only receive from: the
 * kernel's call would carry words the faulter chose. */
UTEST(rights_fault_handler_needs_send)
{
	rights_start();
	UT_OK(range_create(S_RANGE, CT_ENDPOINT, R_OBJ, NULL));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_WRITE));
	UT_INV(process_fault(CAP_SELF, R_COPY), INV_ERR_RIGHTS);
	UT_OK(cap_delete(R_COPY));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_WEAK));
	UT_INV(process_fault(CAP_SELF, R_COPY), INV_ERR_RIGHTS);
	/* Its own handler needs only send: the capability goes nowhere else. */
	UT_OK(cap_delete(R_COPY));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_GRANT));
	UT_OK(process_fault(CAP_SELF, R_COPY));
	UT_OK(process_fault(CAP_SELF, CAP_NONE));
	UT_OK(range_destroy(S_RANGE, R_OBJ));
	driver_clear_tmp();
	return UTEST_OK;
}

/* Setting another process's fault handler gives that process a capability,
 * as PROC_OP_SET_CAP does: it needs CR_GRANT. */
UTEST(rights_fault_handler_of_another_needs_grant)
{
	rights_start();
	UT_OK(range_create(S_RANGE, CT_ENDPOINT, R_OBJ, NULL));
	UT_OK(range_create(S_RANGE, CT_PROCESS, R_PROC, NULL));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_GRANT));
	UT_INV(process_fault(R_PROC, R_COPY), INV_ERR_RIGHTS);
	UT_OK(process_fault(R_PROC, R_OBJ));
	UT_OK(process_fault(R_PROC, CAP_NONE));
	UT_OK(range_destroy(S_RANGE, R_PROC));
	UT_OK(range_destroy(S_RANGE, R_OBJ));
	driver_clear_tmp();
	return UTEST_OK;
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

/* CAPPAGE_OP_LOAD needs CR_READ; so does reading the attached CapPage through
 * indices CAP_EXT_FIRST.. (copy, invoke, send), or attaching a capability
 * with no rights would read every slot with the slot's own rights. */
UTEST(rights_attached_cappage_needs_read)
{
	unsigned type = 0;

	rights_start();
	UT_OK(range_create(S_RANGE, CT_CAPPAGE, R_OBJ, NULL));
	UT_OK(cappage_store(R_OBJ, 0, S_ECHO));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_ALL));
	UT_INV(cappage_load(R_COPY, 0, R_OUT), INV_ERR_RIGHTS);
	UT_OK(process_cappage(CAP_SELF, R_COPY));
	UT_INV(cap_copy(CAP_EXT_FIRST, R_OUT), INV_ERR_RIGHTS);
	UT_INV(cap_identify(CAP_EXT_FIRST, &type, NULL), INV_ERR_RIGHTS);
	UT_INV(cap_identify(R_OUT, &type, NULL), INV_ERR_CAP_EMPTY);
	/* With read, the same slot reads. */
	UT_OK(process_cappage(CAP_SELF, R_OBJ));
	UT_OK(cap_copy(CAP_EXT_FIRST, R_OUT));
	UT_OK(cap_identify(R_OUT, &type, NULL));
	UT_EQ(type, CT_ENDPOINT);
	UT_OK(process_cappage(CAP_SELF, CAP_NONE));
	/* Attaching to another process hands it the slots: that needs grant. */
	UT_OK(range_create(S_RANGE, CT_PROCESS, R_PROC, NULL));
	UT_INV(process_cappage(R_PROC, R_COPY), INV_ERR_RIGHTS);
	UT_OK(process_cappage(R_PROC, R_OBJ));
	UT_OK(range_destroy(S_RANGE, R_PROC));
	UT_OK(range_destroy(S_RANGE, R_OBJ));
	driver_clear_tmp();
	return UTEST_OK;
}

/* A capability without CR_GRANT may not be sent, nor set into another
 * process; a CapPage can be shared, so it may not go into one either:
 * neither by CAPPAGE_OP_STORE nor by a copy, restrict or mint into an
 * attached CapPage's slot. */
UTEST(rights_cappage_needs_grant)
{
	unsigned type = 0;

	rights_start();
	UT_OK(range_create(S_RANGE, CT_CAPPAGE, R_OBJ, NULL));
	UT_OK(cap_restrict(S_ECHO, R_COPY, CR_GRANT));
	UT_INV(cappage_store(R_OBJ, 0, R_COPY), INV_ERR_RIGHTS);
	UT_OK(process_cappage(CAP_SELF, R_OBJ));
	UT_INV(cap_copy(R_COPY, CAP_EXT_FIRST), INV_ERR_RIGHTS);
	UT_INV(cap_restrict(S_ECHO, CAP_EXT_FIRST + 1, CR_GRANT), INV_ERR_RIGHTS);
	UT_INV(ep_mint(R_COPY, CAP_EXT_FIRST + 2, 5), INV_ERR_RIGHTS);
	for (unsigned slot = 0; slot < 3; slot++) {
		UT_INV(cap_identify(CAP_EXT_FIRST + slot, &type, NULL), INV_ERR_CAP_EMPTY);
		UT_OK(cappage_load(R_OBJ, slot, R_OUT));
		UT_INV(cap_identify(R_OUT, &type, NULL), INV_ERR_CAP_EMPTY);
	}
	/* With grant every way works. */
	UT_OK(cappage_store(R_OBJ, 0, S_ECHO));
	UT_OK(cap_copy(S_ECHO, CAP_EXT_FIRST + 1));
	UT_OK(cap_restrict(S_ECHO, CAP_EXT_FIRST + 2, CR_WRITE));
	UT_OK(ep_mint(S_ECHO, CAP_EXT_FIRST + 3, 5));
	UT_OK(process_cappage(CAP_SELF, CAP_NONE));
	UT_OK(range_destroy(S_RANGE, R_OBJ));
	driver_clear_tmp();
	return UTEST_OK;
}

/* A Process capability changes the process only with write (and not weak);
 * a capability goes into another process's register only with grant; a Page
 * maps only with read. These held before; they complete the table of
 * doc/security.md on both arches. */
UTEST(rights_process_write_and_set_cap_grant)
{
	unsigned type = 0;

	rights_start();
	UT_OK(range_create(S_RANGE, CT_PROCESS, R_PROC, NULL));
	UT_OK(range_create(S_RANGE, CT_PAGE, R_OBJ, NULL));
	UT_OK(cap_restrict(R_PROC, R_COPY, CR_WRITE));
	UT_INV(process_set_cap(R_COPY, S_ECHO, 0), INV_ERR_RIGHTS);
	UT_INV(process_fault(R_COPY, S_ECHO), INV_ERR_RIGHTS);
	UT_INV(process_cappage(R_COPY, CAP_NONE), INV_ERR_RIGHTS);
	UT_INV(process_map(R_COPY, R_OBJ, 0x00400000u, 0, NULL), INV_ERR_RIGHTS);
	UT_INV(process_start(R_COPY, 0x1000, 0x2000, 0, 1), INV_ERR_RIGHTS);
	UT_OK(cap_delete(R_COPY));
	UT_OK(cap_restrict(R_PROC, R_COPY, CR_WEAK));
	UT_INV(process_set_cap(R_COPY, S_ECHO, 0), INV_ERR_RIGHTS);
	UT_OK(cap_delete(R_COPY));
	/* into another process's register: grant */
	UT_OK(cap_restrict(S_ECHO, R_COPY, CR_GRANT));
	UT_INV(process_set_cap(R_PROC, R_COPY, 0), INV_ERR_RIGHTS);
	UT_OK(process_set_cap(R_PROC, S_ECHO, 0));
	/* into its own: no grant needed (it holds it already) */
	UT_OK(process_set_cap(CAP_SELF, R_COPY, R_OUT));
	UT_OK(cap_identify(R_OUT, &type, NULL));
	UT_EQ(type, CT_ENDPOINT);
	/* a Page without read does not map */
	UT_OK(cap_delete(R_COPY));
	UT_OK(cap_restrict(R_OBJ, R_COPY, CR_READ));
	UT_INV(process_map(R_PROC, R_COPY, 0x00400000u, 0, NULL), INV_ERR_RIGHTS);
	UT_OK(range_destroy(S_RANGE, R_PROC));
	UT_OK(range_destroy(S_RANGE, R_OBJ));
	driver_clear_tmp();
	return UTEST_OK;
}
