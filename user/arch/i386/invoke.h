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

#endif
