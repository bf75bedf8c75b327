/* The boot-path suites' machine (boot_fixture.h). */
#include <check.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <arch/host.h>

#include "boot_fixture.h"

struct boot_info boot_fx;
uint8_t *boot_fx_ram;

void boot_fx_mem(pa_t base, uint64_t len, uint32_t type)
{
	ck_assert_uint_lt(boot_fx.mem_count, BOOT_MEM_MAX);
	boot_fx.mem[boot_fx.mem_count] =
		(struct memmap_entry){ base, len, type, boot_fx.mem_count };
	boot_fx.mem_count++;
}

void boot_fx_module(pa_t pa, const void *bytes, size_t len, const char *name)
{
	ck_assert_uint_lt(boot_fx.mod_count, BOOT_MOD_MAX);
	ck_assert_uint_le(pa + len, BOOT_FX_RAM_END);
	memcpy(boot_fx_ram + pa, bytes, len);
	boot_fx.mods[boot_fx.mod_count++] = (struct boot_module){ pa, pa + len, name };
}

void boot_fx_setup(void)
{
	memset(&boot_fx, 0, sizeof(boot_fx));
	boot_fx.loader = "unit";
	boot_fx.image_start = 0x100000;
	boot_fx.image_end = BOOT_FX_IMAGE_END;
	boot_fx_mem(0, BOOT_FX_LOW_END, MEM_RAM);
	boot_fx_mem(BOOT_FX_LOW_END, 0x100000 - BOOT_FX_LOW_END, MEM_RESERVED);
	boot_fx_mem(0x100000, BOOT_FX_RAM_END - 0x100000, MEM_RAM);
	boot_fx_ram = aligned_alloc(PAGE_SIZE, BOOT_FX_RAM_END);
	ck_assert_ptr_nonnull(boot_fx_ram);
	host_ram_lend(0, BOOT_FX_RAM_END, boot_fx_ram);
	host_console_reset();
	host_boot_header_pages = 0;
	host_idle_fn = NULL;
}

void boot_fx_teardown(void)
{
	host_ram_lend(0, 0, NULL);
	free(boot_fx_ram);
	boot_fx_ram = NULL;
}

int boot_fx_run(void (*step)(void *arg), void *arg)
{
	host_halt_armed = true;
	host_resume_armed = true;
	switch (setjmp(host_halt_jmp)) {
	case 0:
		step(arg);
		host_halt_armed = host_resume_armed = false;
		return -1;
	case 2:
		host_halt_armed = false;
		return BOOT_FX_RESUMED;
	default:
		host_resume_armed = false;
		return host_halt_status;
	}
}
