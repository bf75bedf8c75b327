/* i386-private: GDT selectors (gdt.c), usable from C and assembly. */
#ifndef I386_SEGMENTS_H
#define I386_SEGMENTS_H

#define KERNEL_CS 0x08
#define KERNEL_DS 0x10
#define USER_CS 0x1b /* GDT entry 3, RPL 3 */
#define USER_DS 0x23 /* GDT entry 4, RPL 3 */
#define TSS_SEL 0x28 /* GDT entry 5 */
#define DF_TSS_SEL 0x30 /* GDT entry 6: the double-fault task (tss.c) */

#endif
