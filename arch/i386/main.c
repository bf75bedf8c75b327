/* First C code on i386: called from boot.S in the higher half, paging on. */
#include "console.h"
#include <arch/layout.h>
#include "timer.h"
#include <kernel/boot.h>
#include <kernel/timer.h>

#include "multiboot.h"
#include "trap.h"

extern char __image_start_pa[], __image_end_pa[];

static struct boot_info boot_info;

void i386_main(uint32_t magic, uint32_t mbi_pa);

void i386_main(uint32_t magic, uint32_t mbi_pa)
{
	arch_console_init();
	kernel_banner();
	gdt_init();
	idt_init();
	pic_init();
	arch_timer_start(TIMER_HZ);

	boot_info.image_start = (uintptr_t)__image_start_pa;
	boot_info.image_end = (uintptr_t)__image_end_pa;
	multiboot_read(magic, mbi_pa, &boot_info);
	kernel_main(&boot_info);
}
