/* Flat segments: the kernel and user code/data each span 4 GiB; paging does
 * the protecting. Selectors are in segments.h; entry 5 is the TSS (tss.c).
 * Outside its stack the kernel addresses memory through USER_DS, the same
 * flat segment, which ring 0 may use: ds, es, fs and gs hold it whenever
 * the kernel runs (set here, and by every way in from user mode, which may
 * have loaded anything), so the way out to user mode loads none of them
 * (user_entry.S) and no process sees another's selectors. ss is KERNEL_DS
 * (a ring-0 stack needs a ring-0 segment), from here and from the TSS. */
#include "segments.h"
#include "trap.h"

struct gdt_ptr {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

/* base 0, limit 4 GiB (granularity 4 KiB), 32-bit; access byte in bits 40-47. */
#define GDT_FLAT(access) (0x00cf000000000000ull | 0xffffull | ((uint64_t)(access) << 40))

static uint64_t gdt[] __attribute__((aligned(8))) = {
	0,
	GDT_FLAT(0x9a), /* kernel code: present, ring 0, execute/read */
	GDT_FLAT(0x92), /* kernel data: present, ring 0, read/write */
	GDT_FLAT(0xfa), /* user code: ring 3 */
	GDT_FLAT(0xf2), /* user data: ring 3 */
	0, /* TSS, filled in by gdt_set_tss */
	0, /* the double-fault task's TSS, likewise */
};

void gdt_set_tss(uint16_t sel, uint32_t base, uint32_t limit)
{
	/* Byte granularity, present, ring 0, type 9 (32-bit TSS, not busy). */
	gdt[sel >> 3] = (limit & 0xffffull) | ((uint64_t)(base & 0xffffff) << 16) |
			(0x89ull << 40) | ((uint64_t)((limit >> 16) & 0xf) << 48) |
			((uint64_t)(base >> 24) << 56);
}

void gdt_init(void)
{
	struct gdt_ptr p = { sizeof(gdt) - 1, (uint32_t)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp %1, $1f\n"
			 "1:\n\t"
			 "movl %2, %%eax\n\t"
			 "movl %%eax, %%ss\n\t"
			 "movl %3, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 :
			 : "m"(p), "i"(KERNEL_CS), "i"(KERNEL_DS), "i"(USER_DS)
			 : "eax", "memory");
	tss_init();
}
