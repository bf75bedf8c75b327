/* Kernel console output, panic and halt (kernel/include/kernel/kprintf.h). */
#include <kernel/arch.h>
#include <kernel/kprintf.h>

static void kprintf_sink(char c, void *ctx)
{
	(void)ctx;
	if (c == '\n')
		arch_console_putc('\r');
	arch_console_putc(c);
}

int kvprintf(const char *fmt, va_list ap)
{
	return fmt_vformat(kprintf_sink, NULL, fmt, ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_disable();
	kprintf("\npanic: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kprintf("\n");
	kernel_halt(1);
}

void kernel_halt(int status)
{
	arch_irq_disable();
	kprintf("arroyo: halt status=%d\n", status);
	arch_halt(status);
}
