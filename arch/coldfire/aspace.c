/* Address spaces without an MMU: the sorted list of pages a process owns
 * (arch/user.h). Nothing here is enforced by hardware; the kernel asks
 * arch_aspace_check before it reads or writes user memory for a process. */
#include <kernel/arch.h>
#include <kernel/kprintf.h>
#include <kernel/user_arch.h>

#define ASPACE_PER_TABLE (PAGE_SIZE / sizeof(uint32_t))
#define ASPACE_ENTRY_WRITABLE 0x1u
#define ASPACE_ENTRY_OWNED 0x2u /* the kernel's mark: the page dies with the process */
#define ASPACE_ENTRY_PAGE(e) ((e) & ~(uint32_t)(PAGE_SIZE - 1))

extern char __image_start_pa[], __image_end_pa[];

static uint32_t *aspace_slot(const struct arch_aspace *as, uint32_t i)
{
	uint32_t *t = arch_kva(as->table[i / ASPACE_PER_TABLE]);

	return &t[i % ASPACE_PER_TABLE];
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
	/* Tables are taken on the first map: a process without pages pays nothing. */
	(void)as_pa;
	(void)frame_fn;
	(void)ctx;
	as->count = 0;
	as->tables = 0;
	return ERR_OK;
}

static enum err aspace_grow(struct arch_aspace *as, arch_frame_fn frame_fn, void *ctx)
{
	pa_t pa;
	enum err e;

	if (as->tables == ARCH_ASPACE_TABLES)
		return ERR_FULL;
	e = frame_fn(ctx, &pa);
	if (e != ERR_OK)
		return e;
	if ((pa & (PAGE_SIZE - 1)) || pa >= ARCH_DIRECT_MAP_END)
		panic("aspace: table frame 0x%llx is not a page below 4 GiB",
		      (unsigned long long)pa);
	as->table[as->tables++] = (uint32_t)pa;
	return ERR_OK;
}

/* writable is recorded for arch_aspace_check; exec cannot be expressed. */
unsigned arch_aspace_tables_needed(const struct arch_aspace *as, uintptr_t va)
{
	(void)va;
	return as->count == as->tables * ASPACE_PER_TABLE && as->tables < ARCH_ASPACE_TABLES;
}

unsigned arch_aspace_tables(const struct arch_aspace *as)
{
	return as->tables;
}

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
	if (as->count == as->tables * ASPACE_PER_TABLE) {
		e = aspace_grow(as, frame_fn, ctx);
		if (e != ERR_OK)
			return e;
	}
	for (uint32_t j = as->count; j > i; j--)
		*aspace_slot(as, j) = *aspace_slot(as, j - 1);
	*aspace_slot(as, i) =
		va | (writable ? ASPACE_ENTRY_WRITABLE : 0) | (owned ? ASPACE_ENTRY_OWNED : 0);
	as->count++;
	return ERR_OK;
}

/* Table frames stay with the space until it is destroyed. */
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

enum err arch_aspace_add_table(struct arch_aspace *as, uintptr_t va, pa_t pa)
{
	if (!arch_aspace_tables_needed(as, va))
		return ERR_BUSY;
	if ((pa & (PAGE_SIZE - 1)) || pa >= ARCH_DIRECT_MAP_END)
		panic("aspace: table frame 0x%llx is not a page below 4 GiB",
		      (unsigned long long)pa);
	as->table[as->tables++] = (uint32_t)pa;
	return ERR_OK;
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
	for (uint32_t t = 0; t < as->tables; t++)
		fn(ctx, as->table[t]);
	as->tables = 0;
	as->count = 0;
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
