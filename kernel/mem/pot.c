/* Pots: the slot layout of frames that hold several objects of one kind
 * (kernel/include/kernel/pot.h). */
#include <kernel/pot.h>

static const uint8_t pot_shifts[OT_COUNT] = {
	[OT_PAGE] = PAGE_SHIFT,		  [OT_CAPPAGE] = PAGE_SHIFT,
	[OT_TABLE] = PAGE_SHIFT,	  [OT_TABLE_HELD] = PAGE_SHIFT,
	[OT_PROCESS] = POT_PROCESS_SHIFT, [OT_ENDPOINT] = POT_ENDPOINT_SHIFT,
	[OT_GRANT] = PAGE_SHIFT,
};

unsigned pot_shift(unsigned ot)
{
	return ot < OT_COUNT ? pot_shifts[ot] : PAGE_SHIFT;
}

unsigned pot_capacity(unsigned ot)
{
	return 1u << (PAGE_SHIFT - pot_shift(ot));
}

bool pot_packed(unsigned ot)
{
	return pot_capacity(ot) > 1;
}

void *pot_slot(void *frame, unsigned ot, unsigned slot)
{
	return (uint8_t *)frame + ((uintptr_t)slot << pot_shift(ot));
}

static struct pot_head *pot_head_at(const void *frame, unsigned ot, unsigned slot)
{
	return pot_slot((void *)(uintptr_t)frame, ot, slot);
}

void pot_init(void *frame, unsigned ot, uint32_t floor)
{
	uint32_t v = (floor + 1) & ~1u;
	uint32_t *w = frame;

	for (unsigned i = 0; i < PAGE_SIZE / 4; i++)
		w[i] = 0;
	for (unsigned s = 0; s < pot_capacity(ot); s++)
		pot_head_at(frame, ot, s)->version = v;
}

int pot_alloc(void *frame, unsigned ot)
{
	for (unsigned s = 0; s < pot_capacity(ot); s++) {
		struct pot_head *h = pot_head_at(frame, ot, s);

		if (!(h->version & 1)) {
			uint8_t *b = (uint8_t *)h;

			for (size_t i = sizeof(*h); i < (size_t)1 << pot_shift(ot); i++)
				b[i] = 0;
			h->version++;
			return (int)s;
		}
	}
	return -1;
}

unsigned pot_free(void *frame, unsigned ot, unsigned slot)
{
	pot_head_at(frame, ot, slot)->version++;
	return pot_live(frame, ot);
}

unsigned pot_live(const void *frame, unsigned ot)
{
	unsigned n = 0;

	for (unsigned s = 0; s < pot_capacity(ot); s++)
		n += pot_head_at(frame, ot, s)->version & 1;
	return n;
}

bool pot_match(const void *frame, unsigned ot, unsigned slot, uint32_t version)
{
	return slot < pot_capacity(ot) && (version & 1) &&
	       pot_head_at(frame, ot, slot)->version == version;
}

uint32_t pot_version_ceiling(const void *frame, unsigned ot)
{
	uint32_t top = 0;

	for (unsigned s = 0; s < pot_capacity(ot); s++) {
		uint32_t v = pot_head_at(frame, ot, s)->version;

		if (v > top)
			top = v;
	}
	return (top + 2) & ~1u;
}
