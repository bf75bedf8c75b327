/* Bitmap first-fit frame allocator (bench/bitmap_ff.h). */
#include <stdlib.h>

#include "bitmap_ff.h"

bool bitmap_ff_init(struct bitmap_ff *m, uint32_t base, uint32_t frames)
{
	m->base = base;
	m->words = frames >> 6;
	m->bits = calloc(m->words, sizeof(uint64_t));
	return m->bits != NULL;
}

void bitmap_ff_fini(struct bitmap_ff *m)
{
	free(m->bits);
}

static void set_run(struct bitmap_ff *m, uint32_t pfn, unsigned order, bool used)
{
	uint32_t i = pfn - m->base, n = 1u << order;

	if (order >= 6) {
		for (uint32_t w = i >> 6; w < (i + n) >> 6; w++)
			m->bits[w] = used ? ~0ull : 0;
		return;
	}
	uint64_t mask = (((1ull << n) - 1) << (i & 63));

	if (used)
		m->bits[i >> 6] |= mask;
	else
		m->bits[i >> 6] &= ~mask;
}

void bitmap_ff_mark(struct bitmap_ff *m, uint32_t pfn, unsigned order)
{
	set_run(m, pfn, order, true);
}

/* Within one word: the lowest aligned run of 2^order clear bits, or -1. */
static int word_fit(uint64_t busy, unsigned order)
{
	/* The bits where an aligned run of 2^order may start. */
	static const uint64_t starts[6] = { ~0ull,
					    0x5555555555555555ull,
					    0x1111111111111111ull,
					    0x0101010101010101ull,
					    0x0001000100010001ull,
					    0x0000000100000001ull };
	uint64_t fit;

	/* Fold so bit j is set if any of bits j .. j + 2^order - 1 is. */
	for (unsigned s = 1; s < (1u << order); s <<= 1)
		busy |= busy >> s;
	fit = starts[order] & ~busy;
	return fit ? __builtin_ctzll(fit) : -1;
}

bool bitmap_ff_alloc(struct bitmap_ff *m, unsigned order, uint32_t *pfn)
{
	if (order >= 6) {
		uint32_t per = 1u << (order - 6);

		for (uint32_t w = 0; w < m->words; w += per) {
			uint32_t i = 0;

			while (i < per && !m->bits[w + i])
				i++;
			if (i == per) {
				*pfn = m->base + (w << 6);
				set_run(m, *pfn, order, true);
				return true;
			}
		}
		return false;
	}
	for (uint32_t w = 0; w < m->words; w++) {
		int j;

		if (m->bits[w] == ~0ull)
			continue;
		j = word_fit(m->bits[w], order);
		if (j >= 0) {
			*pfn = m->base + (w << 6) + (uint32_t)j;
			set_run(m, *pfn, order, true);
			return true;
		}
	}
	return false;
}

void bitmap_ff_free(struct bitmap_ff *m, uint32_t pfn, unsigned order)
{
	set_run(m, pfn, order, false);
}
