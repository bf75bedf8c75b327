/* What the arch boot code hands to kernel_main: the loader's (or board's)
 * description of the machine, already validated. */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include <kernel/memmap.h>

#define BOOT_MEM_MAX 64
#define BOOT_MOD_MAX 16

struct boot_module {
	pa_t start, end; /* [start, end) */
	const char *name;
};

struct boot_info {
	const char *loader; /* boot loader or board name */
	const char *cmdline; /* NULL when the loader passed none */
	struct memmap_entry mem[BOOT_MEM_MAX];
	unsigned mem_count;
	struct boot_module mods[BOOT_MOD_MAX];
	unsigned mod_count;
	pa_t image_start, image_end; /* the kernel image, [start, end) */
	/* reserve=auto's sizing (doc/memory.md §5): headers for this much
	 * device memory before discovery, headroom for that much after it. A
	 * zero reserve_boot_span means the kernel's defaults for both (sized
	 * for hot-pluggable buses); a board without one names its own. */
	uint64_t reserve_boot_span, reserve_headroom_span;
};

/* Prints the banner line `Arroyo <version> (<arch>) ...`; the arch entry calls
 * it as soon as the console works, so even a refused boot names itself. */
void kernel_banner(void);

/* The arch entry calls this once the console, traps and timer are set up. */
void kernel_main(struct boot_info *bi) __attribute__((noreturn));

/* Refuses a boot input: prints `boot: <what is wrong>` and halts with a failure. */
void boot_refuse(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

struct cmdline;
/* The parsed kernel command line (valid once kernel_main has started). */
const struct cmdline *kernel_cmdline_get(void);
/* What the arch handed to kernel_main. */
const struct boot_info *kernel_boot_info(void);

#endif
