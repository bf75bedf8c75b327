/* The simulated device bus (doc/hotplug.md): device memory that comes and
 * goes on the host's command. The host writes one command per line to UART1
 * (QEMU's second -serial); the kernel answers each with one line, `ok`,
 * `refused short=<frames>`, `removed frames=<n>` or `error <why>`, and the
 * console shows the usual hotplug:, ledger: and budget: lines. The windows
 * the host names are never touched by the kernel: they only get headers,
 * resource-tree entries and ledger frames, which is what is being tested.
 *
 * An add that waits for the space bank (ERR_PENDING) is answered when the
 * kernel decides (arch_hotplug_device_decided). Until then UART1 is not
 * read: later commands wait in the UART and the host's socket and are
 * answered afterwards, in order, one line each. */
#include <kernel/arch.h>
#include "irq.h"
#include <lib/fmt.h>
#include <kernel/hdrregion.h>
#include <kernel/hotplug.h>
#include <kernel/kprintf.h>
#include <kernel/pagehdr.h>
#include <kernel/timer.h>

#include "board.h"
#include "mmio.h"
#include "simbus_cmd.h"

#define UART_UMR (BOARD_UART1_BASE + 0x00)
#define UART_USR (BOARD_UART1_BASE + 0x04)
#define UART_UCR (BOARD_UART1_BASE + 0x08)
#define UART_URB (BOARD_UART1_BASE + 0x0c)
#define UART_UTB (BOARD_UART1_BASE + 0x0c)
#define UART_UIMR (BOARD_UART1_BASE + 0x14)

#define USR_RXRDY 0x01
#define USR_TXRDY 0x04
#define UIMR_RXRDY 0x02

#define SIMBUS_LINE_MAX 160

static char simbus_line[SIMBUS_LINE_MAX];
static unsigned simbus_len;
static bool simbus_overflow;
static bool simbus_waiting; /* an add's answer waits for the kernel's decision */
static hotplug_slot_t simbus_waiting_slot;

static void simbus_reply(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void simbus_reply(const char *fmt, ...)
{
	char buf[128];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		buf[sizeof(buf) - 2] = '\n'; /* a cut answer still ends its line */
	for (const char *p = buf; *p; p++) {
		while (!(mmio_read8(UART_USR) & USR_TXRDY))
			;
		mmio_write8(UART_UTB, (uint8_t)*p);
	}
}

static void simbus_reply_add(enum err e, uint64_t short_frames)
{
	if (e == ERR_OK)
		simbus_reply("ok\n");
	else if (e == ERR_NOMEM)
		simbus_reply("refused short=%llu\n", (unsigned long long)short_frames);
	else
		simbus_reply("error %s\n", err_name(e));
}

static void simbus_execute(const char *line)
{
	struct simbus_cmd cmd;
	const char *why;
	uint64_t short_frames = 0;
	enum err e = simbus_parse(line, &cmd, &why);

	if (e != ERR_OK) {
		kprintf("simbus: refused command \"%s\": %s\n", line, why);
		simbus_reply("error %s\n", why);
		return;
	}
	if (cmd.op == SIMBUS_DEL) {
		uint64_t frames = hotplug_remove_slot(cmd.slot);
		simbus_reply("removed frames=%llu\n", (unsigned long long)frames);
		return;
	}
	e = hotplug_add_device(cmd.slot, cmd.windows, cmd.count, &short_frames);
	if (e == ERR_PENDING) {
		simbus_waiting = true;
		simbus_waiting_slot = cmd.slot;
		arch_irq_mask(ARCH_IRQ_UART1);
		kprintf("simbus: slot %u waits for the space bank; answer deferred\n", cmd.slot);
		return;
	}
	simbus_reply_add(e, short_frames);
}

/* A partial line left by a client that went away must not prefix the next
 * client's command: a line whose last byte came more than this long ago is
 * dropped when the next byte arrives (the UART cannot tell a reconnect), and
 * CAN (0x18), which tools/simbus sends first on every connection, drops it
 * at once. */
#define SIMBUS_LINE_IDLE_TICKS (2 * TIMER_HZ)
#define SIMBUS_CAN 0x18

static uint64_t simbus_last_byte; /* timer_ticks() at the line's last byte */
static int simbus_bad_byte = -1; /* the first control byte in the line, or -1 */
static unsigned simbus_bad_at;

static void simbus_drop_partial(const char *why)
{
	if (simbus_len || simbus_overflow)
		kprintf("simbus: dropped a partial line of %u bytes (%s)\n", simbus_len, why);
	simbus_len = 0;
	simbus_overflow = false;
	simbus_bad_byte = -1;
}

static void simbus_end_line(void)
{
	simbus_line[simbus_len] = '\0';
	if (simbus_bad_byte >= 0) {
		kprintf("simbus: refused a line with control byte 0x%02x at offset %u\n",
			(unsigned)simbus_bad_byte, simbus_bad_at);
		simbus_reply("error control byte 0x%02x at offset %u\n", (unsigned)simbus_bad_byte,
			     simbus_bad_at);
	} else if (simbus_overflow) {
		simbus_reply("error line longer than %u bytes\n", SIMBUS_LINE_MAX - 1);
	} else if (simbus_len) {
		simbus_execute(simbus_line);
	}
	simbus_len = 0;
	simbus_overflow = false;
	simbus_bad_byte = -1;
}

static void simbus_take(char c)
{
	unsigned at = simbus_len;
	uint64_t now = timer_ticks();

	if ((simbus_len || simbus_overflow) && now - simbus_last_byte > SIMBUS_LINE_IDLE_TICKS)
		simbus_drop_partial("idle, the host went away");
	simbus_last_byte = now;
	if (c == SIMBUS_CAN) {
		simbus_drop_partial("cancelled by the host");
		return;
	}
	if (c == '\n' || c == '\r') {
		simbus_end_line();
		return;
	}
	/* A NUL or another control byte would cut or change the command the
	 * parser sees: the whole line is refused. */
	if (((unsigned char)c < 0x20 && c != '\t') || (unsigned char)c >= 0x7f) {
		if (simbus_bad_byte < 0) {
			simbus_bad_byte = (unsigned char)c;
			simbus_bad_at = at;
		}
		c = '?';
	}
	if (simbus_len + 1 < SIMBUS_LINE_MAX)
		simbus_line[simbus_len++] = c;
	else
		simbus_overflow = true;
}

static void simbus_irq(void *ctx)
{
	(void)ctx;
	while (!simbus_waiting && (mmio_read8(UART_USR) & USR_RXRDY))
		simbus_take((char)mmio_read8(UART_URB));
}

static const struct hotplug_window simbus_rom = { BOARD_ROM_BASE, BOARD_ROM_SIZE };

uint64_t arch_devices_boot_header_pages(void)
{
	return hdrregion_pages_for(simbus_rom.len >> PAGE_SHIFT, PAGEHDR_DEV_SHIFT);
}

void arch_devices_discover(void)
{
	uint64_t short_frames;

	if (hotplug_add_device(0, &simbus_rom, 1, &short_frames) != ERR_OK)
		kprintf("simbus: boot device (ROM window) refused, short=%llu\n",
			(unsigned long long)short_frames);

	mmio_write8(UART_UCR, 0x10); /* reset mode pointer, receiver, transmitter */
	mmio_write8(UART_UCR, 0x20);
	mmio_write8(UART_UCR, 0x30);
	mmio_write8(UART_UMR, 0x13); /* 8N1 */
	mmio_write8(UART_UMR, 0x07);
	mmio_write8(UART_UCR, 0x05); /* receiver and transmitter on */
	mmio_write8(UART_UIMR, UIMR_RXRDY);
	arch_irq_attach(ARCH_IRQ_UART1, simbus_irq, NULL);
	arch_irq_unmask(ARCH_IRQ_UART1);
	kprintf("simbus: listening for add/del on UART1\n");
}

void arch_hotplug_device_decided(hotplug_slot_t slot, bool added, uint64_t short_frames)
{
	if (!simbus_waiting || slot != simbus_waiting_slot)
		return;
	simbus_waiting = false;
	kprintf("simbus: slot %u %s after waiting for the space bank\n", slot,
		added ? "added" : "refused");
	simbus_reply_add(added ? ERR_OK : ERR_NOMEM, short_frames);
	/* Commands that came meanwhile are read from here on. */
	arch_irq_unmask(ARCH_IRQ_UART1);
}

/* The board has no RAM hot-plug: no DIMM ever waits for the space bank. */
void arch_hotplug_ram_decided(hotplug_slot_t slot, bool removed)
{
	(void)slot;
	(void)removed;
}
