/* The simulated device bus's command parser: one line from UART1 ("add <slot>
 * <base> <len>", "del <slot>") into a struct simbus_cmd (simbus_cmd.h). */
#include <lib/parse.h>
#include <lib/types.h>

#include "board.h"
#include "simbus_cmd.h"

/* What the board decodes itself: a device window there would describe
 * memory that is not the device's. SDRAM and the ROM window are ranges in
 * the resource tree, so the kernel refuses them as overlaps. */
static const struct {
	pa_t base;
	uint64_t len;
	const char *why;
} simbus_board_taken[] = {
	{ BOARD_SRAM_BASE, BOARD_SRAM_SIZE, "window overlaps the internal SRAM at 0x80000000" },
	{ SIMBUS_PERIPH_BASE, SIMBUS_PERIPH_SIZE,
	  "window overlaps the on-chip peripheral registers at 0xfc000000" },
};

static enum err simbus_window_allowed(const struct hotplug_window *w, const char **why)
{
	if (w->base + w->len > SIMBUS_PA_LIMIT) {
		*why = "window above 4 GiB: the V2 core has 32-bit physical addresses";
		return ERR_RANGE;
	}
	for (unsigned i = 0; i < sizeof(simbus_board_taken) / sizeof(simbus_board_taken[0]); i++)
		if (w->base < simbus_board_taken[i].base + simbus_board_taken[i].len &&
		    simbus_board_taken[i].base < w->base + w->len) {
			*why = simbus_board_taken[i].why;
			return ERR_OVERLAP;
		}
	return ERR_OK;
}

static const char *simbus_skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* Reads one word; returns its end. */
static const char *simbus_word(const char *s, const char **start)
{
	*start = s = simbus_skip_space(s);
	while (*s && *s != ' ' && *s != '\t')
		s++;
	return s;
}

static bool simbus_word_is(const char *w, const char *end, const char *lit)
{
	while (w < end && *lit && *w == *lit) {
		w++;
		lit++;
	}
	return w == end && !*lit;
}

static enum err simbus_number(const char *w, const char *end, uint64_t *out)
{
	return parse_u64(w, (size_t)(end - w), out);
}

enum err simbus_parse(const char *line, struct simbus_cmd *cmd, const char **why)
{
	const char *w, *end;
	uint64_t slot;

	end = simbus_word(line, &w);
	if (simbus_word_is(w, end, "add")) {
		cmd->op = SIMBUS_ADD;
	} else if (simbus_word_is(w, end, "del")) {
		cmd->op = SIMBUS_DEL;
	} else {
		*why = "unknown command (expected add or del)";
		return ERR_INVAL;
	}

	end = simbus_word(end, &w);
	if (simbus_number(w, end, &slot) != ERR_OK || slot > SIMBUS_MAX_SLOT) {
		*why = "slot must be a number from 0 to 31";
		return ERR_INVAL;
	}
	cmd->slot = (hotplug_slot_t)slot;
	cmd->count = 0;

	for (;;) {
		struct hotplug_window win;

		end = simbus_word(end, &w);
		if (w == end)
			break;
		if (cmd->op == SIMBUS_DEL) {
			*why = "del takes only a slot";
			return ERR_INVAL;
		}
		if (cmd->count == SIMBUS_MAX_WINDOWS) {
			*why = "at most 4 windows per device";
			return ERR_FULL;
		}
		enum err e = simbus_number(w, end, &win.base);
		if (e != ERR_OK) {
			*why = e == ERR_RANGE ? "window base exceeds 64 bits"
					      : "window base is not a number";
			return e;
		}
		end = simbus_word(end, &w);
		if (simbus_number(w, end, &win.len) != ERR_OK) {
			*why = "window length missing or not a number";
			return ERR_INVAL;
		}
		if (win.len == 0 || (win.base | win.len) & (PAGE_SIZE - 1)) {
			*why = "windows must be page-aligned and non-empty";
			return ERR_INVAL;
		}
		if (win.base + win.len < win.base) {
			*why = "window wraps past the top of the address space";
			return ERR_RANGE;
		}
		e = simbus_window_allowed(&win, why);
		if (e != ERR_OK)
			return e;
		cmd->windows[cmd->count++] = win;
	}
	if (cmd->op == SIMBUS_ADD && cmd->count == 0) {
		*why = "add needs at least one window";
		return ERR_INVAL;
	}
	return ERR_OK;
}
