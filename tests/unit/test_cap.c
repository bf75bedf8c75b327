/* Unit tests for capabilities and their operations (kernel/obj/capability.c,
 * kernel/obj/cap.c, kernel/ipc/invoke.c, kernel/obj/range.c, kernel/obj/object_alloc.c,
 * kernel/obj/console.c, kernel/obj/meminfo.c, kernel/obj/cappage.c, kernel/obj/reply.c):
 * run on the host against a fake machine whose frames have host memory. */
#include <check.h>
#include <string.h>

#include <kernel/ledger.h>
#include <kernel/obj.h>
#include <kernel/pool.h>

#include "kstub.h"
#include "unit.h"
#include "ustub.h"

#define R 0 /* every test process holds a Range capability in register 0 */

static int inv(struct process *p, unsigned cap, unsigned op, uint32_t w0, uint32_t w1)
{
	return ustub_invoke(p, cap, op, CAP_NONE, CAP_NONE, w0, w1, 0, 0, 0);
}

static int create(struct process *p, unsigned type, unsigned dst)
{
	return ustub_invoke(p, R, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, type, dst, RANGE_ANY,
			    RANGE_ANY, 0);
}

START_TEST(cap_layout)
{
	struct cap c;

	ck_assert_uint_eq(sizeof(struct cap), 16);
	cap_clear(&c);
	ck_assert(cap_is_empty(&c));
}
END_TEST

START_TEST(cap_range_create_pays_from_banked)
{
	struct process *p;
	uint64_t banked, objects;

	ustub_machine(64);
	p = ustub_process();
	banked = ledger_count(LEDGER_BANKED);
	objects = ledger_count(LEDGER_OBJECTS);
	ck_assert_int_eq(create(p, CT_ENDPOINT, 1), INV_OK);
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK);
	ck_assert_int_eq(create(p, CT_CAPPAGE, 3), INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked - 3);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects + 3);
	ledger_check();
	ck_assert_int_eq(inv(p, 1, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_ENDPOINT);
	ck_assert_uint_eq(ustub_result(p, 2), CR_ALL);
	/* an unknown type, an occupied destination */
	ck_assert_int_eq(create(p, CT_CONSOLE, 4), INV_ERR_ARG);
	ck_assert_int_eq(create(p, CT_PAGE, 1), INV_ERR_SLOT);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), objects + 3);
}
END_TEST

START_TEST(cap_range_exhausted)
{
	struct process *p;
	int e = INV_OK;
	unsigned made = 0;

	ustub_machine(8);
	p = ustub_process();
	for (unsigned i = 0; i < 20 && e == INV_OK; i++) {
		e = create(p, CT_PAGE, 1 + (i % 15));
		if (e == INV_OK) {
			made++;
			ck_assert_int_eq(inv(p, 1 + (i % 15), CAP_OP_DELETE, 0, 0), INV_OK);
		}
	}
	ck_assert_int_eq(e, INV_ERR_NO_FRAMES);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), 0);
	ck_assert_uint_eq(made + 1, 8); /* the process's pot took one; it maps nothing */
	ledger_check();
}
END_TEST

START_TEST(cap_copy_restrict_delete)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_PAGE, 1), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_COPY, 2, 0), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_COPY, 2, 0), INV_ERR_SLOT); /* occupied */
	ck_assert_int_eq(inv(p, 1, CAP_OP_COPY, 200, 0), INV_ERR_SLOT); /* no CapPage */
	ck_assert_int_eq(inv(p, 2, CAP_OP_RESTRICT, 3, CR_WRITE | CR_EXEC), INV_OK);
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), CR_READ | CR_GRANT);
	/* restrict never adds: removing nothing from 3 keeps it as it is */
	ck_assert_int_eq(inv(p, 3, CAP_OP_RESTRICT, 3, 0), INV_OK);
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), CR_READ | CR_GRANT);
	/* weak: read-only as well */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 4, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(p, 4, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2), CR_READ | CR_EXEC | CR_GRANT | CR_WEAK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 5, 0x80), INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 2, CAP_OP_DELETE, 0, 0), INV_OK);
	ck_assert_int_eq(inv(p, 2, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, 2, CAP_OP_DELETE, 0, 0), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, CAP_SELF, CAP_OP_DELETE, 0, 0), INV_ERR_CAP_TYPE);
}
END_TEST

START_TEST(cap_errors)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(inv(p, 16, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_INDEX);
	ck_assert_int_eq(inv(p, CAP_NONE, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_INDEX);
	ck_assert_int_eq(inv(p, 5, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, CAP_REPLY, REPLY_OP_REPLY, 0, 0), INV_ERR_CAP_EMPTY);
	ck_assert_int_eq(inv(p, R, 0x77, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_INFO, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0x40),
			 INV_ERR_ARG); /* unknown flag */
	ck_assert_int_eq(inv(p, R, CAP_OP_RESTRICT, 1, CR_WRITE), INV_OK);
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK); /* register 0 still has all */
	ck_assert_int_eq(ustub_invoke(p, 1, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 3,
				      RANGE_ANY, RANGE_ANY, 0),
			 INV_ERR_RIGHTS);
	/* a frame that is not free banked */
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_CREATE, CAP_NONE, CAP_NONE, CT_PAGE, 3,
				      (uint32_t)KSTUB_RAM_BASE, 0, 0),
			 INV_ERR_ARG);
}
END_TEST

START_TEST(cap_stale_after_destroy)
{
	struct process *p;
	uint64_t banked;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_ENDPOINT, 1), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_COPY, 2, 0), INV_OK);
	banked = ledger_count(LEDGER_BANKED);
	ck_assert_int_eq(inv(p, R, RANGE_OP_DESTROY, 1, 0), INV_OK);
	ck_assert_uint_eq(ledger_count(LEDGER_BANKED), banked + 1);
	ledger_check();
	ck_assert_int_eq(inv(p, 1, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(p, 2, EP_OP_SEND, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(p, 2, CAP_OP_COPY, 3, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(p, R, RANGE_OP_DESTROY, 2, 0), INV_ERR_CAP_STALE);
	/* the frame is reused: the old capabilities stay stale */
	ck_assert_int_eq(create(p, CT_ENDPOINT, 4), INV_OK);
	ck_assert_int_eq(inv(p, 2, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_int_eq(inv(p, 2, CAP_OP_DELETE, 0, 0), INV_OK);
	/* weak or read-only capabilities cannot destroy */
	ck_assert_int_eq(inv(p, 4, CAP_OP_RESTRICT, 5, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(p, R, RANGE_OP_DESTROY, 5, 0), INV_ERR_RIGHTS);
}
END_TEST

/* cap_resolve's one step from a capability to its object checks the type
 * of the frame, the slot against its capacity and the version: a
 * capability altered in any of them is stale, never another object. */
START_TEST(cap_resolve_checks_every_field)
{
	struct process *p;
	struct cap c;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_ENDPOINT, 1), INV_OK);
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_int_eq(inv(p, 2, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	/* an Endpoint capability naming a Page frame, and the other way */
	c = p->cregs[2];
	c.type = CT_ENDPOINT;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	c = p->cregs[1];
	c.type = CT_PAGE;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	/* a slot past the pot's capacity; a Page's slot must be 0 */
	c = p->cregs[1];
	c.slot = (uint8_t)(PAGE_SIZE >> POT_ENDPOINT_SHIFT);
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	c = p->cregs[2];
	c.slot = 1;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	/* a free slot of the pot, at the version it would have if live */
	c = p->cregs[1];
	c.slot++;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	/* another version; a frame outside every range */
	c = p->cregs[2];
	c.version += 2;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	c = p->cregs[2];
	c.pfn_hi = 0x80;
	p->cregs[3] = c;
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
	/* the originals are untouched by all of it */
	ck_assert_int_eq(inv(p, 1, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_ENDPOINT);
	ck_assert_int_eq(inv(p, 2, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_PAGE);
}
END_TEST

/* CAP_SELF is made from the invoker itself, without minting: the same
 * capability CAP_OP_COPY hands out, which resolves, and which names the
 * invoker for Process operations; it cannot be deleted. */
START_TEST(cap_self_without_minting)
{
	struct process *p;
	struct obj_ref o;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(inv(p, CAP_SELF, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_PROCESS);
	ck_assert_uint_eq(ustub_result(p, 2), CR_ALL);
	ck_assert_int_eq(inv(p, CAP_SELF, CAP_OP_DELETE, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, CAP_SELF, CAP_OP_COPY, 4, 0), INV_OK);
	ck_assert_int_eq(cap_resolve(&p->cregs[4], &o), INV_OK);
	ck_assert_ptr_eq(o.kva, p);
	ck_assert_uint_eq(obj_addr(&o), proc_addr(p));
	ck_assert_int_eq(inv(p, CAP_SELF, PROC_OP_POOL_GET, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), p->pool);
	ck_assert_int_eq(inv(p, 4, PROC_OP_POOL_GET, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), p->pool);
	/* unknown flags are refused for CAP_SELF as for any Process */
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_POOL_GET, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0x40),
		INV_ERR_ARG);
}
END_TEST

START_TEST(cap_cappage_extends_addressing)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_CAPPAGE, 1), INV_OK);
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 7, 2), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 7, 2), INV_ERR_SLOT);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 256, 2), INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_LOAD, 7, 3), INV_OK);
	ck_assert_int_eq(inv(p, 3, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_PAGE);
	/* attached: index 16 + k is slot k */
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 1, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST + 7, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), CT_PAGE);
	ck_assert_int_eq(inv(p, 2, CAP_OP_COPY, CAP_EXT_FIRST + 200, 0), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_LOAD, 200, 4), INV_OK);
	/* a weak CapPage yields weak, read-only capabilities */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 5, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(p, 5, CAPPAGE_OP_LOAD, 7, 6), INV_OK);
	ck_assert_int_eq(inv(p, 6, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2) & (CR_WRITE | CR_WEAK), CR_WEAK);
	ck_assert_int_eq(inv(p, 5, CAPPAGE_OP_STORE, 9, 2), INV_ERR_RIGHTS);
	/* destroying the CapPage: the extended indices go stale */
	ck_assert_int_eq(inv(p, R, RANGE_OP_DESTROY, 1, 0), INV_OK);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST + 7, CAP_OP_IDENTIFY, 0, 0), INV_ERR_CAP_STALE);
}
END_TEST

/* Rights on the CapPage paths (doc/security.md): reading an attached
 * CapPage needs read; a capability enters a CapPage only with grant, so a
 * Reply never does; attaching to another process needs grant. */
START_TEST(cap_cappage_rights)
{
	struct process *p, *q;

	ustub_machine(32);
	p = ustub_process();
	q = ustub_process();
	ck_assert_int_eq(create(p, CT_CAPPAGE, 1), INV_OK);
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 0, 2), INV_OK);
	/* no rights at all: attached, but no slot reads */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 3, CR_ALL), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 3, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST, CAP_OP_IDENTIFY, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST, CAP_OP_COPY, 4, 0), INV_ERR_RIGHTS);
	ck_assert(cap_is_empty(&p->cregs[4]));
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 1, CAP_EXT_FIRST), INV_ERR_RIGHTS);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_MAP, CAP_EXT_FIRST, CAP_NONE, 0x400000,
				      0, 0, 0, 0),
			 INV_ERR_RIGHTS);
	/* without grant nothing enters a CapPage, attached or not */
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 1, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, 2, CAP_OP_RESTRICT, 4, CR_GRANT), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 5, 4), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 4, CAP_OP_COPY, CAP_EXT_FIRST + 5, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 2, CAP_OP_RESTRICT, CAP_EXT_FIRST + 6, CR_GRANT), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST, CAP_OP_RESTRICT, CAP_EXT_FIRST, CR_GRANT),
			 INV_ERR_RIGHTS);
	ck_assert(cap_has(&((struct cap *)obj_kva(pagehdr_of_pa(cap_pa(&p->cregs[1]))))[0],
			  CR_GRANT));
	/* a Reply (rights 0) stays in registers */
	ustub_mint_process(&p->reply, CT_REPLY, 0, q);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, 7, CAP_REPLY), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, CAP_REPLY, CAP_OP_COPY, CAP_EXT_FIRST + 7, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, CAP_REPLY, CAP_OP_COPY, 5, 0), INV_OK);
	/* read-only attached: no slot is written, none deleted */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 10, CR_WRITE), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 10, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, 2, CAP_OP_COPY, CAP_EXT_FIRST + 9, 0), INV_ERR_SLOT);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST, CAP_OP_DELETE, 0, 0), INV_ERR_RIGHTS);
	/* weak attached: every slot reads weak */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 11, CR_WEAK), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 11, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(inv(p, CAP_EXT_FIRST, CAP_OP_IDENTIFY, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 2) & (CR_WEAK | CR_WRITE), CR_WEAK);
	/* attaching to another process is handing it the CapPage */
	ustub_mint_process(&p->cregs[6], CT_PROCESS, CR_ALL, q);
	ck_assert_int_eq(ustub_invoke(p, 6, PROC_OP_CAPPAGE, 3, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_RIGHTS);
	ck_assert(cap_is_empty(&q->ext));
	ck_assert_int_eq(ustub_invoke(p, 6, PROC_OP_CAPPAGE, 1, CAP_NONE, 0, 0, 0, 0, 0), INV_OK);
}
END_TEST

/* Service capabilities check their right before touching any state:
 * Budget waits with read and steers with write (and not weak). */
START_TEST(cap_budget_rights)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	cap_mint_service(&p->cregs[1], CT_BUDGET, CR_ALL & ~CR_READ);
	cap_mint_service(&p->cregs[2], CT_BUDGET, CR_ALL & ~CR_WRITE);
	cap_mint_service(&p->cregs[3], CT_BUDGET, CR_ALL);
	cap_weaken(&p->cregs[3]);
	ck_assert_int_eq(
		ustub_invoke(p, 1, BUDGET_OP_WAIT, CAP_NONE, CAP_NONE, 0, 0, 0, 0, INV_F_NONBLOCK),
		INV_ERR_RIGHTS);
	for (unsigned c = 2; c <= 3; c++) {
		ck_assert_int_eq(
			ustub_invoke(p, c, BUDGET_OP_BIND, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 0),
			INV_ERR_RIGHTS);
		ck_assert_int_eq(inv(p, c, BUDGET_OP_RECLAIM, 1, 0), INV_ERR_RIGHTS);
		ck_assert_int_eq(inv(p, c, BUDGET_OP_RANGE_DONE, 0, 0), INV_ERR_RIGHTS);
	}
}
END_TEST

/* A line longer than the buffer goes out in buffer-sized pieces. */
START_TEST(cap_console_long_line)
{
	struct process *p;
	unsigned written = 0;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(grant_attach_new(p), INV_OK); /* room for the line buffer */
	cap_mint_service(&p->cregs[1], CT_CONSOLE, CR_ALL);
	while (written < PROC_CONSOLE_LINE - 16) {
		ck_assert_int_eq(ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE,
					      0x78787878, 0x78787878, 0x78787878, 0x78787878, 16),
				 INV_OK);
		written += 16;
	}
	ck_assert_str_eq(ustub_console, "");
	ck_assert_int_eq(ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x78787878,
				      0x78787878, 0x78787878, 0x78787878, 16),
			 INV_OK);
	ck_assert_uint_eq(strlen(ustub_console), PROC_CONSOLE_LINE);
	ck_assert_uint_eq(proc_console_pending(p), written + 16 - PROC_CONSOLE_LINE);
	/* The rest waits in the console grant until its newline. */
	ck_assert_int_eq(ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x0a, 0, 0, 0, 1),
			 INV_OK);
	ck_assert_uint_eq(strlen(ustub_console), written + 16 + 1);
}
END_TEST

START_TEST(cap_console_and_meminfo)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(grant_attach_new(p), INV_OK); /* room for the line buffer */
	cap_mint_service(&p->cregs[1], CT_CONSOLE, CR_ALL);
	cap_mint_service(&p->cregs[2], CT_MEMINFO, CR_READ);
	/* "hello" packed first byte lowest */
	ck_assert_int_eq(
		ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x6c6c6568, 0x6f, 0, 0, 5),
		INV_OK);
	/* A line goes out whole, at its newline (or when the process stops). */
	ck_assert_str_eq(ustub_console, "");
	ck_assert_int_eq(ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x0a, 0, 0, 0, 1),
			 INV_OK);
	ck_assert_str_eq(ustub_console, "hello\n");
	ck_assert_int_eq(ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 17),
			 INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 3, CR_WRITE), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, 3, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0, 0, 0, 0, 1),
			 INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 2, MEMINFO_OP_LEDGER, LEDGER_OBJECTS, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1), ledger_count(LEDGER_OBJECTS));
	ck_assert_uint_eq(ustub_result(p, 3), LEDGER_STATE_COUNT);
	ck_assert_int_eq(inv(p, 2, MEMINFO_OP_LEDGER, LEDGER_STATE_COUNT, 0), INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 2, MEMINFO_OP_BUDGET, 0, 0), INV_OK);
	ck_assert_uint_eq(ustub_result(p, 1),
			  ledger_count(LEDGER_BANKED) + ledger_count(LEDGER_OBJECTS));
}
END_TEST

/* Without a grant frame for its line buffer, console output goes out as it
 * comes; an unknown operation or flags beyond the length are refused. */
START_TEST(cap_console_unbuffered_and_refusals)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	cap_mint_service(&p->cregs[1], CT_CONSOLE, CR_ALL);
	ck_assert_uint_eq(p->grants.nframes, 0);
	ck_assert_int_eq(
		ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x6968, 0, 0, 0, 2),
		INV_OK);
	ck_assert_str_eq(ustub_console, "hi");
	ck_assert_uint_eq(proc_console_pending(p), 0);
	ck_assert_int_eq(
		ustub_invoke(p, 1, CONSOLE_OP_WRITE + 1, CAP_NONE, CAP_NONE, 0x41, 0, 0, 0, 1),
		INV_ERR_CAP_TYPE);
	ck_assert_int_eq(
		ustub_invoke(p, 1, CONSOLE_OP_WRITE, CAP_NONE, CAP_NONE, 0x41, 0, 0, 0, 0x101),
		INV_ERR_ARG);
	ck_assert_str_eq(ustub_console, "hi");
}
END_TEST

/* MemInfo: reading needs the read right; an unknown operation and a pool
 * the registry does not have are refused. */
START_TEST(cap_meminfo_refusals)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	cap_mint_service(&p->cregs[1], CT_MEMINFO, CR_ALL);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 2, CR_READ), INV_OK);
	ck_assert_int_eq(inv(p, 2, MEMINFO_OP_BUDGET, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 1, MEMINFO_OP_POOL + 1, 0, 0), INV_ERR_CAP_TYPE);
	/* the fake machine registers no pool */
	ck_assert_uint_eq(pool_count(), 0);
	ck_assert_int_eq(inv(p, 1, MEMINFO_OP_POOL, 0, POOL_INFO_NAME), INV_ERR_ARG);
}
END_TEST

/* CapPage: a slot past the page is an argument error for load and store,
 * any other operation is unknown; loading needs read; a weak CapPage loads
 * an empty slot as empty. */
START_TEST(cap_cappage_ops_refusals)
{
	struct process *p;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_CAPPAGE, 1), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_LOAD, CAPPAGE_SLOTS, 2), INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE, CAPPAGE_SLOTS, 2), INV_ERR_ARG);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE + 1, CAPPAGE_SLOTS, 2), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 1, CAPPAGE_OP_STORE + 1, 0, 2), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 3, CR_READ), INV_OK);
	ck_assert_int_eq(inv(p, 3, CAPPAGE_OP_LOAD, 0, 2), INV_ERR_RIGHTS);
	ck_assert(cap_is_empty(&p->cregs[2]));
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 4, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(p, 4, CAPPAGE_OP_LOAD, 0, 2), INV_OK);
	ck_assert(cap_is_empty(&p->cregs[2]));
}
END_TEST

/* A Reply has one operation; a ReplyRecv whose reply fails comes back with
 * the reply's error, and does not wait. */
START_TEST(cap_reply_refusals)
{
	struct process *p, *q;

	ustub_machine(32);
	p = ustub_process();
	q = ustub_process();
	ck_assert_int_eq(create(p, CT_ENDPOINT, 1), INV_OK);
	ustub_mint_process(&p->reply, CT_REPLY, 0, q); /* q is not waiting for it */
	ck_assert_int_eq(inv(p, CAP_REPLY, REPLY_OP_REPLY + 1, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_int_eq(inv(p, 1, EP_OP_REPLY_RECV, 0, 0), INV_ERR_CAP_STALE);
	ck_assert_uint_ne(p->state, PS_RECV);
	ck_assert_int_eq(inv(p, 1, EP_OP_STAMP_POOL + 1, 0, 0), INV_ERR_CAP_TYPE);
	/* the reply register holding what is not a Reply: refused, no wait */
	ck_assert_int_eq(inv(p, CAP_REPLY, CAP_OP_DELETE, 0, 0), INV_OK);
	ck_assert_int_eq(inv(p, 1, CAP_OP_COPY, CAP_REPLY, 0), INV_OK);
	ck_assert_uint_eq(p->reply.type, CT_ENDPOINT);
	ck_assert_int_eq(inv(p, 1, EP_OP_REPLY_RECV, 0, 0), INV_ERR_CAP_TYPE);
	ck_assert_uint_ne(p->state, PS_RECV);
	/* past the operations every capability has */
	ck_assert_int_eq(inv(p, 1, CAP_OP_DELETE + 1, 0, 0), INV_ERR_CAP_TYPE);
	/* attaching a CapPage that is gone */
	ck_assert_int_eq(create(p, CT_CAPPAGE, 4), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, R, RANGE_OP_DESTROY, CAP_NONE, CAP_NONE, 4, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_CAPPAGE, 4, CAP_NONE, 0, 0, 0, 0, 0),
			 INV_ERR_CAP_STALE);
	ck_assert(cap_is_empty(&p->ext));
	/* the endpoint's rights: sending needs write, receiving read */
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 2, CR_WRITE), INV_OK);
	ck_assert_int_eq(inv(p, 2, EP_OP_SEND, 0, 0), INV_ERR_RIGHTS);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 3, CR_READ), INV_OK);
	ck_assert_int_eq(inv(p, 3, EP_OP_RECV, 0, 0), INV_ERR_RIGHTS);
}
END_TEST

/* The step from a capability to its object, at its edges: the slower
 * lookup the fastpath falls back to, a whole-frame object named with a
 * slot, a type with no object, restricting a weak capability, an empty
 * value entering a CapPage. */
START_TEST(cap_resolve_edges)
{
	struct process *p, *q;
	struct obj_ref r;
	struct cap c;

	ustub_machine(32);
	p = ustub_process();
	q = ustub_process();
	ustub_mint_process(&p->cregs[1], CT_PROCESS, CR_ALL, q);
	ck_assert_ptr_eq(cap_object_lookup(&p->cregs[1], PT_OBJ_PROCESS), q);
	ck_assert_ptr_null(cap_object_lookup(&p->cregs[1], PT_OBJ_ENDPOINT));
	ck_assert_ptr_null(cap_object_lookup(&p->cregs[0], PT_OBJ_PROCESS)); /* a service */
	ck_assert_ptr_null(cap_object_lookup(&p->cregs[5], PT_OBJ_PROCESS)); /* empty */
	/* a frame number past the range the fast step knows: the same answer */
	c = p->cregs[1];
	c.pfn_hi = 1;
	ck_assert_ptr_null(cap_object(&c, PT_OBJ_PROCESS));
	ck_assert_ptr_eq(cap_object(&p->cregs[1], PT_OBJ_PROCESS), q);
	/* a Page is a whole frame: any slot but 0 names nothing */
	ck_assert_int_eq(create(p, CT_PAGE, 2), INV_OK);
	ck_assert_int_eq(cap_resolve(&p->cregs[2], &r), INV_OK);
	c = p->cregs[2];
	c.slot = 1;
	ck_assert_int_eq(cap_resolve(&c, &r), INV_ERR_CAP_STALE);
	ck_assert(!cap_type_matches(CT_CONSOLE, PT_OBJ_PAGE));
	ck_assert(cap_type_matches(CT_PAGE, PT_OBJ_PAGE));
	/* restricted, a weak capability stays weak and read-only */
	ck_assert_int_eq(inv(p, 2, CAP_OP_RESTRICT, 3, CR_WEAK), INV_OK);
	ck_assert_int_eq(inv(p, 3, CAP_OP_RESTRICT, 4, CR_EXEC), INV_OK);
	ck_assert_uint_eq(p->cregs[4].rights, (CR_ALL & ~(CR_WRITE | CR_EXEC)) | CR_WEAK);
	/* an empty value may go into a CapPage */
	cap_clear(&c);
	ck_assert(cap_may_enter_cappage(&c));
	ck_assert_int_eq(create(p, CT_CAPPAGE, 6), INV_OK);
	ck_assert_int_eq(inv(p, 6, CAPPAGE_OP_STORE, 0, 7), INV_OK);
	ck_assert_int_eq(inv(p, 6, CAPPAGE_OP_LOAD, 0, 8), INV_OK);
	ck_assert(cap_is_empty(&p->cregs[8]));
}
END_TEST

/* Objects named by address where nothing is: refused. */
START_TEST(obj_named_where_nothing_is)
{
	struct page_common *h;
	struct obj_ref r;

	ustub_machine(32);
	ck_assert_int_eq(obj_at(0x40000000ull, &r), INV_ERR_ARG);
	ck_assert_int_eq(obj_make(PT_OBJ_ENDPOINT, 0x40000000ull, &r), INV_ERR_ARG);
	ck_assert_int_eq(obj_make(PT_OBJ_ENDPOINT, KSTUB_RAM_BASE + 8, &r), INV_ERR_ARG);
	ck_assert_ptr_null(r.h);
	ck_assert_int_eq(obj_alloc_kept(PT_OBJ_PAGE, 0x40000000ull, &h), INV_ERR_ARG);
	ck_assert_uint_eq(ledger_count(LEDGER_OBJECTS), 0);
}
END_TEST

START_TEST(cap_map_and_destroy_unmaps)
{
	struct process *p;
	bool w;
	pa_t pa;

	ustub_machine(32);
	p = ustub_process();
	ck_assert_int_eq(create(p, CT_PAGE, 1), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 1, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_OK);
	ck_assert_uint_eq(ustub_mapped(p), 1);
	ck_assert(ustub_map_at(p, 0, &pa, &w) && w);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 1, CAP_NONE, 0x400000, 0, 0, 0, 0),
			 INV_ERR_BUSY);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 1, CAP_NONE, 0x400100, 0, 0, 0, 0),
			 INV_ERR_ADDR);
	ck_assert_int_eq(
		ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 1, CAP_NONE, 0xC0000000u, 0, 0, 0, 0),
		INV_ERR_ADDR);
	ck_assert_int_eq(inv(p, 1, CAP_OP_RESTRICT, 2, CR_WRITE), INV_OK);
	ck_assert_int_eq(ustub_invoke(p, CAP_SELF, PROC_OP_MAP, 2, CAP_NONE, 0x401000, 0, 0, 0, 0),
			 INV_OK);
	ck_assert(ustub_map_at(p, 1, &pa, &w) && !w);
	ck_assert_uint_eq(p->mapped, 2);
	ck_assert_int_eq(inv(p, R, RANGE_OP_DESTROY, 1, 0), INV_OK);
	ck_assert_uint_eq(ustub_mapped(p), 0); /* both mappings of the frame went with it */
	ck_assert_uint_eq(p->mapped, 0);
	ledger_check();
}
END_TEST

/* CAP_TYPES_WITH_OBJECT (cap.h, the dispatcher's one test) holds exactly
 * the types some page type may back (capability.c's table). */
START_TEST(cap_types_with_object)
{
	for (unsigned t = 0; t <= CT_COUNT; t++) {
		bool backed = false;

		for (unsigned pt = 0; pt < PT_TYPE_COUNT; pt++)
			backed |= cap_type_matches(t, pt);
		ck_assert_int_eq(cap_type_has_object(t), backed);
	}
	ck_assert(!cap_type_has_object(CT_RANGE));
	ck_assert(cap_type_has_object(CT_PAGE));
}
END_TEST

Suite *cap_suite(void)
{
	Suite *s = suite_create("cap");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, cap_layout);
	tcase_add_test(tc, cap_types_with_object);
	tcase_add_test(tc, cap_range_create_pays_from_banked);
	tcase_add_test(tc, cap_range_exhausted);
	tcase_add_test(tc, cap_copy_restrict_delete);
	tcase_add_test(tc, cap_errors);
	tcase_add_test(tc, cap_stale_after_destroy);
	tcase_add_test(tc, cap_cappage_extends_addressing);
	tcase_add_test(tc, cap_console_and_meminfo);
	tcase_add_test(tc, cap_console_unbuffered_and_refusals);
	tcase_add_test(tc, cap_meminfo_refusals);
	tcase_add_test(tc, cap_cappage_ops_refusals);
	tcase_add_test(tc, cap_reply_refusals);
	tcase_add_test(tc, cap_resolve_edges);
	tcase_add_test(tc, obj_named_where_nothing_is);
	tcase_add_test(tc, cap_console_long_line);
	tcase_add_test(tc, cap_cappage_rights);
	tcase_add_test(tc, cap_budget_rights);
	tcase_add_test(tc, cap_map_and_destroy_unmaps);
	tcase_add_test(tc, cap_resolve_checks_every_field);
	tcase_add_test(tc, cap_self_without_minting);
	suite_add_tcase(s, tc);
	return s;
}

UNIT_SUITE(cap)
