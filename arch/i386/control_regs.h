/* Bits of the i386 control registers the kernel sets (Intel SDM vol. 3,
 * 2.5 "Control Registers"); usable from C and from boot.S. */
#ifndef I386_CONTROL_REGS_H
#define I386_CONTROL_REGS_H

#define CR0_WP 0x00010000 /* supervisor writes honour read-only pages */
#define CR0_PG 0x80000000 /* paging on */

#define CR4_PAE 0x020 /* 64-bit page-table entries, 36+ physical address bits */
#define CR4_PGE 0x080 /* global pages: kernel entries survive a CR3 load */

#endif
