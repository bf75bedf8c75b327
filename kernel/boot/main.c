/* The architecture-independent boot path (doc/boot.md). */
#include <kernel/arch.h>
#include <kernel/boot.h>
#include <kernel/boot_image.h>
#include <kernel/cap.h>
#include <kernel/cmdline.h>
#include <kernel/fastpath.h>
#include <kernel/invoke.h>
#include <kernel/kprintf.h>
#include <kernel/ktest.h>
#include <kernel/ipc.h>
#include <kernel/mm.h>
#include <kernel/pool.h>
#include <kernel/pot.h>
#include <kernel/sched.h>
#include <kernel/upcall.h>

static struct cmdline kernel_cmdline;
static const struct boot_info *kernel_boot;

void boot_refuse(const char *fmt, ...)
{
	va_list ap;

	kprintf("boot: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kernel_halt(2);
}

void kernel_banner(void)
{
	kprintf("Arroyo %s (%s) - a capability microkernel\n", ARROYO_VERSION, ARCH_NAME);
}

static void boot_print_memory(const struct boot_info *bi)
{
	uint64_t ram = 0;

	kprintf("memory map (%u entries):\n", bi->mem_count);
	kprintf("  %-18s %-18s %-10s %s\n", "base", "end", "type", "size");
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct memmap_entry *r = &bi->mem[i];

		kprintf("  0x%016llx 0x%016llx %-10s %llu KiB\n", (unsigned long long)r->base,
			(unsigned long long)(r->base + r->len), mem_type_name(r->type),
			(unsigned long long)(r->len >> 10));
		if (r->type == MEM_RAM)
			ram += r->len;
	}
	kprintf("  ram total %llu KiB; kernel image 0x%llx-0x%llx\n",
		(unsigned long long)(ram >> 10), (unsigned long long)bi->image_start,
		(unsigned long long)bi->image_end);
	for (unsigned i = 0; i < bi->mod_count; i++)
		kprintf("module %u: 0x%llx-0x%llx %s\n", i, (unsigned long long)bi->mods[i].start,
			(unsigned long long)bi->mods[i].end, bi->mods[i].name);
}

static void boot_parse_cmdline(const struct boot_info *bi)
{
	const char *src = bi->cmdline && *bi->cmdline ? bi->cmdline : cmdline_builtin;
	enum err e = cmdline_parse(&kernel_cmdline, src);

	if (e != ERR_OK)
		boot_refuse("command line \"%s\": %s (at most %u arguments, %u bytes)", src,
			    err_name(e), CMDLINE_MAX_ARGS, CMDLINE_MAX_LEN - 1);
	kprintf("cmdline: \"%s\"%s\n", src, src == cmdline_builtin ? " (built in)" : "");
	/* A typo never passes silently: each argument the kernel does not
	 * take is named, and dropped so that nothing half-acts on it. */
	for (unsigned i = 0; i < kernel_cmdline.count;) {
		const struct cmdline_arg *a = &kernel_cmdline.args[i];
		const char *why = cmdline_refusal(a, cmdline_kernel_args, cmdline_kernel_nargs);

		if (!why) {
			i++;
			continue;
		}
		kprintf("cmdline: warning: '%s%s%s': %s (ignored)\n", a->key, a->value ? "=" : "",
			a->value ? a->value : "", why);
		cmdline_drop(&kernel_cmdline, i);
	}
}

void kernel_main(struct boot_info *bi)
{
	kernel_boot = bi;
	kprintf("loader: %s\n", bi->loader);
	boot_parse_cmdline(bi);
	boot_print_memory(bi);
	/* prints pool: lines (refusing a bad image's pools), pagehdr:, heap:, ledger:,
	 * budget: conservative= */
	mm_init(bi, &kernel_cmdline);
	kprintf("cap: size=%u\n", (unsigned)sizeof(struct cap));
	kprintf("sizeof: process=%u endpoint=%u per-frame: process=%u endpoint=%u\n",
		(unsigned)sizeof(struct process), (unsigned)sizeof(struct endpoint),
		pot_capacity(OT_PROCESS), pot_capacity(OT_ENDPOINT));
	kprintf("sizeof: grant_table=%u grant_slot=%u grant_header=%u grant_frame_header=%u "
		"upcall_slot=%u upcall_queue=%u (services=%u)\n",
		(unsigned)sizeof(((struct process *)0)->grants.slot), (unsigned)sizeof(void *),
		(unsigned)sizeof(struct grant_hdr), (unsigned)sizeof(struct grant_frame_hdr),
		(unsigned)sizeof(struct upcall_slot), (unsigned)sizeof(struct upcall_queue),
		(unsigned)GRANT_SERVICES);
	sched_init();
	ipc_fastpath_on = !cmdline_has(&kernel_cmdline, "nofastpath");
	range_quick_on = ipc_fastpath_on;
	if (ipc_fastpath_on)
		kprintf("ipc: fastpath on\n");
	else
		kprintf("ipc: fastpath off (nofastpath)\n");
	if (cmdline_get(&kernel_cmdline, "crash"))
		arch_crash(cmdline_get(&kernel_cmdline, "crash"));
	/* Hot-plug events are served in interrupt handlers once discovery arms
	 * them; none may run before the reserve is relaxed. Level-triggered
	 * sources wait while interrupts are off, so nothing is lost. */
	arch_devices_discover();
	mm_relax(); /* budget: relaxed= */
	arch_irq_enable();

	if (cmdline_has(&kernel_cmdline, "ktest") &&
	    ktest_run(cmdline_get(&kernel_cmdline, "ktest")))
		kernel_halt(1);
	if (boot_image_load(bi))
		sched_run(); /* init's exit halts with its status */
	if (cmdline_has(&kernel_cmdline, "idle")) {
		kprintf("idle: serving events\n");
		for (;;)
			arch_idle();
	}

	kernel_halt(0);
}

const struct cmdline *kernel_cmdline_get(void)
{
	return &kernel_cmdline;
}

const struct boot_info *kernel_boot_info(void)
{
	return kernel_boot;
}
