/* A small PC-like machine for the boot-path suites (mm, boot_main): a
 * loader's memory map over host RAM the port lends, and a way to run a
 * boot step that may halt. */
#ifndef TESTS_UNIT_BOOT_FIXTURE_H
#define TESTS_UNIT_BOOT_FIXTURE_H

#include <kernel/boot.h>

/* Low RAM below the legacy hole, then RAM from 1 MiB to BOOT_FX_RAM_END;
 * the kernel image at 1 MiB; the host lends [0, BOOT_FX_RAM_END). */
#define BOOT_FX_LOW_END 0x9fc00ull
#define BOOT_FX_RAM_END 0x2000000ull
#define BOOT_FX_IMAGE_END 0x140000ull
/* What the map keeps as RAM: frame 0 and the partial last low page go. */
#define BOOT_FX_RAM_FRAMES ((0x9f000ull - 0x1000ull + BOOT_FX_RAM_END - 0x100000ull) >> PAGE_SHIFT)

extern struct boot_info boot_fx;
/* The host memory behind [0, BOOT_FX_RAM_END). */
extern uint8_t *boot_fx_ram;

/* Fresh machine: the map above, no modules, console and halts reset. */
void boot_fx_setup(void);
void boot_fx_teardown(void);
/* Appends one entry to the loader's map. */
void boot_fx_mem(pa_t base, uint64_t len, uint32_t type);
/* Copies len bytes to pa and names them the next module. */
void boot_fx_module(pa_t pa, const void *bytes, size_t len, const char *name);

/* Runs step(arg) with halts (and user-mode resumes) caught: -1 when it
 * returned, BOOT_FX_RESUMED when it resumed a process, else the halt status. */
#define BOOT_FX_RESUMED 1000
int boot_fx_run(void (*step)(void *arg), void *arg);

#endif
