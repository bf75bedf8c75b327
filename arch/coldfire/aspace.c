/* Address spaces without an MMU: the sorted list of pages a process owns
 * (arch/user.h). Nothing here is enforced by hardware; the kernel asks
 * arch_aspace_check before it reads or writes user memory for a process. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/user_arch.h>

/* A table frame: entries, then the physical address of the next frame. */
#define ASPACE_PER_TABLE (PAGE_SIZE / sizeof(uint32_t) - 1)
#define ASPACE_LINK ASPACE_PER_TABLE
#define ASPACE_ENTRY_WRITABLE 0x1u
#define ASPACE_ENTRY_OWNED 0x2u /* the kernel's mark: the page dies with the process */
#define ASPACE_ENTRY_PAGE(e) ((e) & ~(uint32_t)(PAGE_SIZE - 1))

extern char __image_start_pa[], __image_end_pa[];

static uint32_t *aspace_table(uint32_t pa)
{
	return arch_kva(pa);
}

/* Entry i: inline while there is no table frame, else in the chain (a walk
 * of i / ASPACE_PER_TABLE links: a process of n pages has n / 1023 frames). */
static uint32_t *aspace_slot(const struct arch_aspace *as, uint32_t i)
{
	uint32_t *t;

	if (!as->first)
		return (uint32_t *)&as->entry[i];
	t = aspace_table(as->first);
	for (; i >= ASPACE_PER_TABLE; i -= ASPACE_PER_TABLE)
		t = aspace_table(t[ASPACE_LINK]);
	return &t[i];
}

static uint32_t aspace_capacity(const struct arch_aspace *as)
{
	return as->first ? as->tables * ASPACE_PER_TABLE : ARCH_ASPACE_INLINE;
}

/* The index of the first entry whose page is not below page. */
static uint32_t aspace_lower_bound(const struct arch_aspace *as, uint32_t page)
{
	uint32_t lo = 0, hi = as->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (ASPACE_ENTRY_PAGE(*aspace_slot(as, mid)) < page)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool aspace_has(const struct arch_aspace *as, uint32_t i, uint32_t page)
{
	return i < as->count && ASPACE_ENTRY_PAGE(*aspace_slot(as, i)) == page;
}

enum err arch_aspace_init(struct arch_aspace *as, pa_t as_pa, arch_frame_fn frame_fn, void *ctx)
{
	/* The first ARCH_ASPACE_INLINE pages need no frame at all. */
	(void)as_pa;
	(void)frame_fn;
	(void)ctx;
	*as = (struct arch_aspace){ 0 };
	return ERR_OK;
}

unsigned arch_aspace_tables_needed(const struct arch_aspace *as, uintptr_t va)
{
	(void)va;
	return as->count == aspace_capacity(as);
}

unsigned arch_aspace_tables(const struct arch_aspace *as)
{
	return as->tables;
}

/* Appends frame pa to the chain; the first one takes the inline entries. */
static void aspace_grow(struct arch_aspace *as, pa_t pa)
{
	uint32_t *t;

	if ((pa & (PAGE_SIZE - 1)) || pa >= ARCH_DIRECT_MAP_END)
		panic("aspace: table frame 0x%llx is not a page below 4 GiB",
		      (unsigned long long)pa);
	t = aspace_table((uint32_t)pa);
	t[ASPACE_LINK] = 0;
	if (!as->first) {
		for (uint32_t i = 0; i < as->count; i++)
			t[i] = as->entry[i];
		as->first = (uint32_t)pa;
	} else {
		uint32_t *last = aspace_table(as->first);

		while (last[ASPACE_LINK])
			last = aspace_table(last[ASPACE_LINK]);
		last[ASPACE_LINK] = (uint32_t)pa;
	}
	as->tables++;
}

enum err arch_aspace_add_table(struct arch_aspace *as, uintptr_t va, pa_t pa)
{
	if (!arch_aspace_tables_needed(as, va))
		return ERR_BUSY;
	aspace_grow(as, pa);
	return ERR_OK;
}

/* writable is recorded for arch_aspace_check; exec cannot be expressed. */
enum err arch_aspace_map(struct arch_aspace *as, uintptr_t va, pa_t pa, bool writable, bool exec,
			 bool owned, arch_frame_fn frame_fn, void *ctx)
{
	uint32_t i;
	enum err e;

	(void)exec;
	if ((va & (PAGE_SIZE - 1)) || pa != va || va >= ARCH_USER_END)
		return ERR_INVAL;
	if (va + PAGE_SIZE > (uintptr_t)__image_start_pa && va < (uintptr_t)__image_end_pa)
		return ERR_INVAL;
	i = aspace_lower_bound(as, va);
	if (aspace_has(as, i, va))
		return ERR_BUSY;
	if (arch_aspace_tables_needed(as, va)) {
		pa_t table;

		e = frame_fn(ctx, &table);
		if (e != ERR_OK)
			return e;
		aspace_grow(as, table);
	}
	for (uint32_t j = as->count; j > i; j--)
		*aspace_slot(as, j) = *aspace_slot(as, j - 1);
	*aspace_slot(as, i) =
		va | (writable ? ASPACE_ENTRY_WRITABLE : 0) | (owned ? ASPACE_ENTRY_OWNED : 0);
	as->count++;
	return ERR_OK;
}

/* Table frames leave with arch_aspace_shrink or when the space is destroyed. */
enum err arch_aspace_unmap(struct arch_aspace *as, uintptr_t va, pa_t *pa)
{
	uint32_t i = aspace_lower_bound(as, va);

	if (!aspace_has(as, i, va))
		return ERR_NOTFOUND;
	for (uint32_t j = i + 1; j < as->count; j++)
		*aspace_slot(as, j - 1) = *aspace_slot(as, j);
	as->count--;
	*pa = va;
	return ERR_OK;
}

/* The entries are packed at the front of the chain, so the frames that map
 * nothing are at its end: each goes while the frames before it hold every
 * entry, and the first goes once the entries fit inline again. */
unsigned arch_aspace_shrink(struct arch_aspace *as, uintptr_t va, void (*fn)(void *ctx, pa_t pa),
			    void *ctx)
{
	unsigned gone = 0;

	(void)va;
	while (as->tables > 1 && as->count <= (as->tables - 1) * ASPACE_PER_TABLE) {
		uint32_t *prev = aspace_table(as->first), last;

		for (uint32_t n = 2; n < as->tables; n++)
			prev = aspace_table(prev[ASPACE_LINK]);
		last = prev[ASPACE_LINK];
		prev[ASPACE_LINK] = 0;
		as->tables--;
		fn(ctx, last);
		gone++;
	}
	if (as->tables == 1 && as->count <= ARCH_ASPACE_INLINE) {
		uint32_t first = as->first, *t = aspace_table(first);

		for (uint32_t i = 0; i < as->count; i++)
			as->entry[i] = t[i];
		as->first = 0;
		as->tables = 0;
		fn(ctx, first);
		gone++;
	}
	return gone;
}

enum err arch_aspace_lookup(const struct arch_aspace *as, uintptr_t va, pa_t *pa, bool *owned)
{
	uint32_t i = aspace_lower_bound(as, va);

	if ((va & (PAGE_SIZE - 1)) || !aspace_has(as, i, va))
		return ERR_NOTFOUND;
	*pa = va;
	*owned = (*aspace_slot(as, i) & ASPACE_ENTRY_OWNED) != 0;
	return ERR_OK;
}

/* From the top down: fn may unmap the entry it is given, which moves only
 * the entries above it. */
void arch_aspace_each(struct arch_aspace *as, arch_map_fn fn, void *ctx)
{
	for (uint32_t i = as->count; i-- > 0;) {
		uint32_t e = *aspace_slot(as, i);

		if (i < as->count)
			fn(ctx, as, ASPACE_ENTRY_PAGE(e), ASPACE_ENTRY_PAGE(e),
			   (e & ASPACE_ENTRY_OWNED) != 0);
	}
}

void arch_aspace_destroy(struct arch_aspace *as, void (*fn)(void *ctx, pa_t pa), void *ctx)
{
	uint32_t pa = as->first;

	while (pa) {
		uint32_t next = aspace_table(pa)[ASPACE_LINK];

		fn(ctx, pa);
		pa = next;
	}
	*as = (struct arch_aspace){ 0 };
}

bool arch_aspace_check(const struct arch_aspace *as, uintptr_t va, size_t len, bool writable)
{
	uint64_t end = (uint64_t)va + len;
	uint64_t page = ALIGN_DOWN(va, PAGE_SIZE);
	uint32_t i;

	if (len == 0)
		return true;
	if (end > ARCH_DIRECT_MAP_END)
		return false;
	/* Consecutive pages are consecutive entries. */
	for (i = aspace_lower_bound(as, (uint32_t)page); page < end; page += PAGE_SIZE, i++) {
		if (!aspace_has(as, i, (uint32_t)page))
			return false;
		if (writable && !(*aspace_slot(as, i) & ASPACE_ENTRY_WRITABLE))
			return false;
	}
	return true;
}
