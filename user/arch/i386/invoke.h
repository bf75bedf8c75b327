/* The invoke primitive on i386: int $0x80 with ARG0..ARG5 in eax, ebx, ecx,
 * edx, esi, edi, the same registers on return (include/arroyo/abi.h). */
#ifndef USER_ARCH_INVOKE_H
#define USER_ARCH_INVOKE_H

#include <stdint.h>

static inline void arch_invoke(uint32_t r[6])
{
	__asm__ volatile("int $0x80"
			 : "+a"(r[0]), "+b"(r[1]), "+c"(r[2]), "+d"(r[3]), "+S"(r[4]), "+D"(r[5])
			 :
			 : "memory", "cc");
}

/* A long message (INV_F_LONG): the same, with words 4..9 at extra, where
 * ebp points during the invocation (the kernel reads and writes them there).
 * ebp is kept: it is saved and restored around the int. */
static inline void arch_invoke_long(uint32_t r[6], uint32_t *extra)
{
	struct {
		uint32_t *r, *extra;
	} io = { r, extra };
	void *a = &io;

	__asm__ volatile("pushl %%ebp\n\t"
			 "movl 4(%%eax), %%ebp\n\t"
			 "movl (%%eax), %%eax\n\t"
			 "pushl %%eax\n\t"
			 "movl 4(%%eax), %%ebx\n\t"
			 "movl 8(%%eax), %%ecx\n\t"
			 "movl 12(%%eax), %%edx\n\t"
			 "movl 16(%%eax), %%esi\n\t"
			 "movl 20(%%eax), %%edi\n\t"
			 "movl (%%eax), %%eax\n\t"
			 "int $0x80\n\t"
			 "xchgl %%eax, (%%esp)\n\t"
			 "movl %%ebx, 4(%%eax)\n\t"
			 "movl %%ecx, 8(%%eax)\n\t"
			 "movl %%edx, 12(%%eax)\n\t"
			 "movl %%esi, 16(%%eax)\n\t"
			 "movl %%edi, 20(%%eax)\n\t"
			 "popl %%ebx\n\t"
			 "movl %%ebx, (%%eax)\n\t"
			 "popl %%ebp"
			 : "+a"(a)
			 : "m"(io)
			 : "ebx", "ecx", "edx", "esi", "edi", "memory", "cc");
}

#endif
