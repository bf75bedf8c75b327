/* Commands of the ColdFire simulated device bus (doc/hotplug.md). The host
 * sends one command per line on UART1:
 *
 *   add <slot> <base> <len> [<base> <len> ...]   a device with 1-4 memory windows
 *   del <slot>                                   removal request for a device
 *
 * Numbers are decimal or 0x-hex; windows must be page-aligned, non-empty,
 * must not wrap, and must be where the board has nothing (below). The parser is pure so the host
 * unit tests run it. */
#ifndef COLDFIRE_SIMBUS_CMD_H
#define COLDFIRE_SIMBUS_CMD_H

#include <lib/err.h>
#include <kernel/hotplug.h>

#define SIMBUS_MAX_WINDOWS 4
#define SIMBUS_MAX_SLOT 31
/* Windows end at or below 4 GiB (the V2 core's 32-bit physical addresses)
 * and stay off the internal SRAM and the on-chip peripheral registers
 * (IPSBAR space, 0xfc000000 to the top: UARTs, timers, interrupt
 * controller). */
#define SIMBUS_PA_LIMIT ((pa_t)1 << 32)
#define SIMBUS_PERIPH_BASE 0xfc000000u
#define SIMBUS_PERIPH_SIZE 0x04000000u

enum simbus_op {
	SIMBUS_ADD,
	SIMBUS_DEL,
};

struct simbus_cmd {
	enum simbus_op op;
	hotplug_slot_t slot;
	unsigned count;
	struct hotplug_window windows[SIMBUS_MAX_WINDOWS];
};

/* Parses one line (without its newline). On error, *why names the problem. */
enum err simbus_parse(const char *line, struct simbus_cmd *cmd, const char **why);

#endif
