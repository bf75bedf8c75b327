/* A sorted array: the entries number a few dozen and change only on boot
 * and hot-plug events, so linear scans are the simple right answer. */
#include "pci_space.h"

void pci_space_init(struct pci_space *s)
{
	s->count = 0;
	s->taken_end = NULL;
}

enum err pci_space_reserve(struct pci_space *s, pa_t base, uint64_t len, unsigned owner)
{
	unsigned i;

	if (!len || base + len < base)
		return ERR_INVAL;
	if (s->count == PCI_SPACE_MAX)
		return ERR_FULL;
	for (i = s->count; i > 0 && s->e[i - 1].base > base; i--)
		s->e[i] = s->e[i - 1];
	s->e[i] = (struct pci_space_entry){ base, len, owner };
	s->count++;
	return ERR_OK;
}

enum err pci_space_alloc(struct pci_space *s, pa_t lo, pa_t hi, uint64_t len, uint64_t align,
			 unsigned owner, pa_t *out)
{
	pa_t cand;

	if (!len || !align || (align & (align - 1)) || lo >= hi)
		return ERR_INVAL;
	cand = ALIGN_UP(lo, align);
	if (cand < lo)
		return ERR_NOMEM;
	for (;;) {
		pa_t busy;

		for (unsigned i = 0; i < s->count; i++) {
			const struct pci_space_entry *e = &s->e[i];
			pa_t end = e->base + e->len;

			if (e->base <= lo && end >= hi)
				continue;
			if (end <= cand)
				continue;
			if (e->base >= cand + len)
				break;
			cand = ALIGN_UP(end, align);
			if (cand < end)
				return ERR_NOMEM;
		}
		if (cand + len < cand || cand + len > hi)
			return ERR_NOMEM;
		/* Free of PCI windows; anything else there (a DIMM) moves the
		 * candidate past it, and the windows are checked again. */
		busy = s->taken_end ? s->taken_end(cand, cand + len) : 0;
		if (!busy)
			break;
		if (ALIGN_UP(busy, align) <= cand)
			return ERR_NOMEM;
		cand = ALIGN_UP(busy, align);
	}
	*out = cand;
	return pci_space_reserve(s, cand, len, owner);
}

unsigned pci_space_release(struct pci_space *s, unsigned owner)
{
	unsigned kept = 0, gone = 0;

	for (unsigned i = 0; i < s->count; i++) {
		if (s->e[i].owner == owner)
			gone++;
		else
			s->e[kept++] = s->e[i];
	}
	s->count = kept;
	return gone;
}
