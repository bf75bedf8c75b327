/* Flat segments: the kernel and user code/data each span 4 GiB; paging does
 * the protecting. Selectors: 0x08 kernel code, 0x10 kernel data, 0x18 user
 * code, 0x20 user data (RPL 3 added by users of them). */
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
};

void gdt_init(void)
{
	struct gdt_ptr p = { sizeof(gdt) - 1, (uint32_t)gdt };

	__asm__ volatile("lgdt %0\n\t"
			 "ljmp $0x08, $1f\n"
			 "1:\n\t"
			 "movl $0x10, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "movl %%eax, %%ss\n\t"
			 :
			 : "m"(p)
			 : "eax", "memory");
}
