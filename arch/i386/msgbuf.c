/* Long messages on i386 (doc/abi.md, "Long messages"): words 4.. of an IPC
 * message live in a user buffer at ebp, reached through the page tables of
 * the space that holds it, so a bad address is an answer, never a fault. */
#include <kernel/arch.h>
#include <kernel/user_arch.h>

#include "aspace.h"
#include "paging.h"

#define MSG_BUF_BYTES (MSG_LONG_WORDS * 4u)

/* The entries of the pages of the buffer at va: of its first and of its last
 * byte (the same entry when it lies in one page), each present, user and, if
 * asked, writable. */
static bool msg_buf_ptes(const struct arch_aspace *as, uint32_t va, bool writable, uint64_t pte[2])
{
	uint64_t need = PTE_P | PTE_U | (writable ? PTE_W : 0);
	uint32_t last;

	if ((va & 3u) || va >= ARCH_USER_END || ARCH_USER_END - va < MSG_BUF_BYTES)
		return false;
	last = va + MSG_BUF_BYTES - 1;
	pte[0] = aspace_pte(as, va);
	if ((pte[0] & need) != need)
		return false;
	pte[1] = (last ^ va) >> PAGE_SHIFT ? aspace_pte(as, last) : pte[0];
	return (pte[1] & need) == need;
}

/* Copies n words between w and the frame of pte from byte off on (to_user:
 * into the frame), through the direct map or the transient window. */
static void msg_frame_copy(uint64_t pte, uint32_t off, uint32_t *w, unsigned n, bool to_user)
{
	pa_t pa = pte & PTE_ADDR_MASK;
	bool direct = pa < paging_direct_top;
	char *frame = direct ? arch_kva(pa) : arch_tmap(TMAP_SLOT_MSG, pa);
	uint32_t *u = (uint32_t *)(void *)(frame + off);

	for (unsigned i = 0; i < n; i++) {
		if (to_user)
			u[i] = w[i];
		else
			w[i] = u[i];
	}
	if (!direct)
		arch_tunmap(TMAP_SLOT_MSG);
}

static void msg_buf_copy(uint32_t va, const uint64_t pte[2], uint32_t *w, bool to_user)
{
	uint32_t off = va & (PAGE_SIZE - 1);
	unsigned first = (PAGE_SIZE - off) / 4;

	if (first >= MSG_LONG_WORDS) {
		msg_frame_copy(pte[0], off, w, MSG_LONG_WORDS, to_user);
		return;
	}
	msg_frame_copy(pte[0], off, w, first, to_user);
	msg_frame_copy(pte[1], 0, w + first, MSG_LONG_WORDS - first, to_user);
}

/* The common case in a few loads: the buffer in one page, which with both
 * of its tables lies in the direct map (below 4 GiB, so only the entries'
 * low halves are compared; the address bits above 32 must be clear). The
 * kernel address of the buffer, or NULL for msg_buf_ptes to decide. */
static inline __attribute__((always_inline)) uint32_t *msg_buf_direct(const struct arch_aspace *as,
								      uint32_t va, uint32_t need)
{
	uint32_t top = (uint32_t)paging_direct_top, lo;
	const uint64_t *t;
	uint64_t e;

	if ((va & 3u) || va >= ARCH_USER_END ||
	    (va & (PAGE_SIZE - 1)) > PAGE_SIZE - MSG_BUF_BYTES || aspace_tmap_always)
		return NULL;
	e = as->pdpt[va >> 30];
	lo = (uint32_t)e & (uint32_t)PTE_ADDR_MASK;
	if (!(e & PTE_P) || (uint32_t)(e >> 32) & 0xfffffu || lo >= top)
		return NULL;
	t = arch_kva(lo);
	e = t[(va >> 21) & 511u];
	lo = (uint32_t)e & (uint32_t)PTE_ADDR_MASK;
	if (!(e & PTE_P) || (uint32_t)(e >> 32) & 0xfffffu || lo >= top)
		return NULL;
	t = arch_kva(lo);
	e = t[(va >> PAGE_SHIFT) & 511u];
	lo = (uint32_t)e & (uint32_t)PTE_ADDR_MASK;
	if (((uint32_t)e & need) != need || (uint32_t)(e >> 32) & 0xfffffu || lo >= top)
		return NULL;
	return (uint32_t *)arch_kva(lo + (va & (PAGE_SIZE - 1)));
}

/* The six words of the direct case, unrolled: a loop costs three times as
 * many instructions as the copy itself. */
static inline __attribute__((always_inline)) void msg_words_copy(uint32_t *to, const uint32_t *from)
{
#pragma GCC unroll 8
	for (unsigned i = 0; i < MSG_LONG_WORDS; i++)
		to[i] = from[i];
}

bool arch_msg_read(const struct arch_aspace *as, const struct arch_user_regs *r,
		   uint32_t w[MSG_LONG_WORDS], bool writable)
{
	uint32_t *u = msg_buf_direct(as, r->ebp, PTE_P | PTE_U | (writable ? PTE_W : 0));
	uint64_t pte[2];

	if (u) {
		msg_words_copy(w, u);
		return true;
	}
	if (!msg_buf_ptes(as, r->ebp, writable, pte))
		return false;
	msg_buf_copy(r->ebp, pte, w, false);
	return true;
}

bool arch_msg_write(const struct arch_aspace *as, struct arch_user_regs *r,
		    const uint32_t w[MSG_LONG_WORDS])
{
	uint32_t *u = msg_buf_direct(as, r->ebp, PTE_P | PTE_U | PTE_W);
	uint64_t pte[2];

	if (u) {
		msg_words_copy(u, w);
		return true;
	}
	if (!msg_buf_ptes(as, r->ebp, true, pte))
		return false;
	msg_buf_copy(r->ebp, pte, (uint32_t *)w, true);
	return true;
}
